resource "aws_sagemaker_training_job" "churn" {
  training_job_name                         = "churn-xgboost-${var.environment}"
  role_arn                                  = var.sagemaker_role_arn
  enable_network_isolation                  = true
  enable_inter_container_traffic_encryption = true

  algorithm_specification {
    training_input_mode = "File"
    training_image      = "685385470294.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1"
  }

  input_data_config {
    channel_name = "train"

    data_source {
      s3_data_source {
        s3_data_type = "S3Prefix"
        s3_uri       = "s3://${var.artifact_bucket}/churn/train/"
      }
    }
  }

  output_data_config {
    s3_output_path = "s3://${var.artifact_bucket}/churn/models/"
    kms_key_id     = aws_kms_key.sagemaker.arn
  }

  resource_config {
    instance_type     = "ml.m5.2xlarge"
    instance_count    = 2
    volume_size_in_gb = 50
    volume_kms_key_id = aws_kms_key.sagemaker.arn
  }

  stopping_condition {
    max_runtime_in_seconds = 7200
  }

  vpc_config {
    subnets            = var.private_subnet_ids
    security_group_ids = [var.security_group_id]
  }
}

# GPU fine-tuning: the g5 family has NVMe instance storage, which AWS encrypts in hardware and on
# which it refuses a volume key; the output still needs one.
resource "aws_sagemaker_hyper_parameter_tuning_job" "recommender" {
  name = "recommender-${var.environment}"

  config {
    strategy = "Bayesian"

    objective {
      metric_name = "validation:ndcg"
      type        = "Maximize"
    }

    resource_limits {
      max_number_of_training_jobs = 20
      max_parallel_training_jobs  = 2
    }
  }

  training_job_definition {
    role_arn = var.sagemaker_role_arn

    algorithm_specification {
      training_image      = "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3-gpu-py311"
      training_input_mode = "File"
    }

    output_data_config {
      s3_output_path = "s3://${var.artifact_bucket}/recommender/tuning/"
    }

    resource_config {
      instance_count    = 1
      instance_type     = "ml.g5.2xlarge"
      volume_size_in_gb = 100
      volume_kms_key_id = aws_kms_key.sagemaker.arn
    }

    stopping_condition {
      max_runtime_in_seconds = 14400
    }
  }
}
