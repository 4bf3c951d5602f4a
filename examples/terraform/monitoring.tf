resource "aws_sagemaker_data_quality_job_definition" "churn" {
  name     = "churn-data-quality-${var.environment}"
  role_arn = var.sagemaker_role_arn

  data_quality_app_specification {
    image_uri = "468650794304.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }

  data_quality_job_input {
    endpoint_input {
      endpoint_name = "churn-${var.environment}"
    }
  }

  data_quality_job_output_config {
    kms_key_id = aws_kms_key.sagemaker.arn

    monitoring_outputs {
      s3_output {
        s3_uri = "s3://${var.artifact_bucket}/churn/monitoring/"
      }
    }
  }

  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.m5.xlarge"
      volume_size_in_gb = 20
      # The platform team's shared key lives in us-east-1; this job runs in var.region.
      volume_kms_key_id = var.monitoring_volume_key_arn
    }
  }

  network_config {
    enable_network_isolation                  = true
    enable_inter_container_traffic_encryption = true

    vpc_config {
      subnets            = var.private_subnet_ids
      security_group_ids = [var.security_group_id]
    }
  }
}
