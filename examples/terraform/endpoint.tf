resource "aws_sagemaker_model" "churn" {
  name                     = "churn-${var.environment}"
  execution_role_arn       = var.sagemaker_role_arn
  enable_network_isolation = true

  primary_container {
    image          = "685385470294.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1"
    model_data_url = "s3://${var.artifact_bucket}/churn/models/model.tar.gz"
  }

  vpc_config {
    subnets            = var.private_subnet_ids
    security_group_ids = [var.security_group_id]
  }
}

# Serving on g5 (NVMe instance storage): the volume key is accepted but does not cover the local
# disk, and the captured requests go to S3 under the AWS-managed key.
resource "aws_sagemaker_endpoint_configuration" "churn" {
  name_prefix = "churn-${var.environment}-"
  kms_key_arn = aws_kms_key.sagemaker.arn

  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.churn.name
    initial_instance_count = 2
    instance_type          = "ml.g5.xlarge"
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 20
    destination_s3_uri          = "s3://${var.artifact_bucket}/churn/capture/"
    kms_key_id                  = data.aws_kms_alias.s3_managed.target_key_arn

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}
