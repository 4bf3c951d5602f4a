variable "region" {
  description = "Region of the ML platform."
  type        = string
  default     = "us-east-1"
}

variable "environment" {
  description = "Deployment stage, part of every resource name."
  type        = string
  default     = "dev"
}

variable "private_subnet_ids" {
  description = "Private subnets SageMaker workloads attach to."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group for SageMaker ENIs."
  type        = string
}

variable "sagemaker_role_arn" {
  description = "Execution role shared by the platform's SageMaker resources."
  type        = string
}

variable "artifact_bucket" {
  description = "Bucket for training output, captured data and monitoring reports."
  type        = string
}

variable "monitoring_volume_key_arn" {
  description = "Key for monitoring job volumes; null leaves them unencrypted by a customer key."
  type        = string
  default     = null
}
