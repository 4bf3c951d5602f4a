/**
 * One documented example per rule: a non-compliant snippet and its compliant form. They are
 * rendered into docs/rules.md and checked by a test (the first must raise the rule, the second
 * must not), so the docs cannot drift from what the engine does.
 */
export interface RuleExample {
  dialect: 'terraform' | 'cloudformation' | 'python';
  noncompliant: string;
  compliant: string;
}

const KEY = `resource "aws_kms_key" "sagemaker" {
  description         = "SageMaker volumes and outputs"
  enable_key_rotation = true
}
`;

const notebook = (extra: string, withKey = true) => `${withKey ? `${KEY}\n` : ''}resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
${extra}}
`;

const trainingJob = (resourceConfig: string, extra = '') => `resource "aws_sagemaker_training_job" "train" {
  training_job_name = "train"
  role_arn          = "arn:aws:iam::111122223333:role/sagemaker"

  algorithm_specification {
    training_image      = "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3-gpu-py311"
    training_input_mode = "File"
  }

  resource_config {
${resourceConfig}  }

  output_data_config {
    s3_output_path = "s3://ml-artifacts/train"
  }

  stopping_condition {
    max_runtime_in_seconds = 3600
  }
${extra}}
`;

const model = (extra: string) => `resource "aws_sagemaker_model" "churn" {
  name               = "churn"
  execution_role_arn = "arn:aws:iam::111122223333:role/sagemaker"

  primary_container {
    image = "763104351884.dkr.ecr.eu-west-1.amazonaws.com/sklearn-inference:1.2-1"
  }
${extra}}
`;

const endpointConfig = (capture: string) => `${KEY}
resource "aws_sagemaker_endpoint_configuration" "serving" {
  name        = "serving"
  kms_key_arn = aws_kms_key.sagemaker.arn

  production_variants {
    variant_name           = "main"
    model_name             = "churn"
    instance_type          = "ml.m5.xlarge"
    initial_instance_count = 1
  }

  data_capture_config {
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://ml-capture/serving"
${capture}
    capture_options {
      capture_mode = "Input"
    }
  }
}
`;

const policy = (statement: string) => `resource "aws_kms_key" "sagemaker" {
  description         = "SageMaker volumes"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdmin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = ["kms:Describe*", "kms:Put*", "kms:Enable*"]
        Resource  = "*"
      },${statement}
    ]
  })
}

resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
  kms_key_id    = aws_kms_key.sagemaker.arn
}
`;

export const RULE_EXAMPLES: Record<string, RuleExample> = {
  SML001: { dialect: 'terraform', noncompliant: notebook(''), compliant: notebook('  kms_key_id    = aws_kms_key.sagemaker.arn\n') },
  SML002: { dialect: 'terraform', noncompliant: endpointConfig(''), compliant: endpointConfig('    kms_key_id                  = aws_kms_key.sagemaker.arn\n') },
  SML003: {
    dialect: 'terraform',
    noncompliant: notebook('  kms_key_id    = "alias/aws/sagemaker"\n', false),
    compliant: notebook('  kms_key_id    = aws_kms_key.sagemaker.arn\n'),
  },
  SML004: {
    dialect: 'terraform',
    noncompliant: trainingJob(
      '    instance_type     = "ml.g5.2xlarge"\n    instance_count    = 1\n    volume_size_in_gb = 100\n    volume_kms_key_id = "alias/ml-volumes"\n',
    ),
    compliant: trainingJob('    instance_type     = "ml.g5.2xlarge"\n    instance_count    = 1\n    volume_size_in_gb = 100\n'),
  },
  SML005: {
    dialect: 'terraform',
    noncompliant: `provider "aws" {\n  region = "eu-west-1"\n}\n\n${notebook('  kms_key_id    = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"\n', false)}`,
    compliant: `provider "aws" {\n  region = "eu-west-1"\n}\n\n${notebook('  kms_key_id    = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"\n', false)}`,
  },
  SML006: {
    dialect: 'terraform',
    noncompliant: notebook('  kms_key_id    = "sagemaker-key"\n', false),
    compliant: notebook('  kms_key_id    = "alias/sagemaker-key"\n', false),
  },
  SML010: { dialect: 'terraform', noncompliant: model(''), compliant: model('  enable_network_isolation = true\n') },
  SML011: {
    dialect: 'terraform',
    noncompliant: trainingJob('    instance_type     = "ml.m5.xlarge"\n    instance_count    = 4\n    volume_kms_key_id = "alias/ml-volumes"\n'),
    compliant: trainingJob(
      '    instance_type     = "ml.m5.xlarge"\n    instance_count    = 4\n    volume_kms_key_id = "alias/ml-volumes"\n',
      '\n  enable_inter_container_traffic_encryption = true\n',
    ),
  },
  SML012: {
    dialect: 'terraform',
    noncompliant: notebook('  direct_internet_access = "Enabled"\n'),
    compliant: notebook('  subnet_id              = "subnet-0123456789abcdef0"\n  security_groups        = ["sg-0123456789abcdef0"]\n  direct_internet_access = "Disabled"\n'),
  },
  SML013: {
    dialect: 'terraform',
    noncompliant: notebook(''),
    compliant: notebook('  subnet_id       = "subnet-0123456789abcdef0"\n  security_groups = ["sg-0123456789abcdef0"]\n'),
  },
  SML014: { dialect: 'terraform', noncompliant: notebook('  root_access   = "Enabled"\n'), compliant: notebook('  root_access   = "Disabled"\n') },
  SML015: {
    dialect: 'terraform',
    noncompliant: notebook('\n  instance_metadata_service_configuration {\n    minimum_instance_metadata_service_version = "1"\n  }\n'),
    compliant: notebook('\n  instance_metadata_service_configuration {\n    minimum_instance_metadata_service_version = "2"\n  }\n'),
  },
  SML020: {
    dialect: 'terraform',
    noncompliant: policy(''),
    compliant: policy(`
      {
        Sid       = "SageMakerUse"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/sagemaker" }
        Action    = ["kms:CreateGrant", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
      },`),
  },
  SML030: {
    dialect: 'terraform',
    noncompliant: notebook('').replace('ml.t3.medium', 'ml.t3.mediun'),
    compliant: notebook(''),
  },
};
