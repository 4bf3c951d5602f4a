# Customer-managed key for SageMaker volumes and outputs. The account root delegates to IAM;
# SageMaker gets exactly the actions it needs to create grants for its instances.
resource "aws_kms_key" "sagemaker" {
  description             = "ML platform: SageMaker volumes and S3 outputs"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.sagemaker_key.json
}

resource "aws_kms_alias" "sagemaker" {
  name          = "alias/ml-platform-${var.environment}"
  target_key_id = aws_kms_key.sagemaker.key_id
}

data "aws_iam_policy_document" "sagemaker_key" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "SageMakerUse"
    actions   = ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}

# The account's AWS-managed S3 key: encrypted, but its policy cannot be changed or shared.
data "aws_kms_alias" "s3_managed" {
  name = "alias/aws/s3"
}
