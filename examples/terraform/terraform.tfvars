region                    = "eu-west-1"
environment               = "prod"
private_subnet_ids        = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
security_group_id         = "sg-0123456789abcdef0"
sagemaker_role_arn        = "arn:aws:iam::123456789012:role/ml-platform-sagemaker"
artifact_bucket           = "ml-platform-artifacts-prod"
monitoring_volume_key_arn = "arn:aws:kms:us-east-1:123456789012:key/0b5f9c1e-7d2a-4c3b-9e8f-1a2b3c4d5e6f"
