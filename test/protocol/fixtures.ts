import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fresh folder with the given files; removed by the returned function. */
export function workspace(files: Record<string, string>): { root: string; file: (rel: string) => string; remove: () => void } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sml-lsp-')));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return { root, file: (rel) => path.join(root, rel), remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export const KMS_KEY = `resource "aws_kms_key" "sagemaker" {
  description         = "SageMaker volumes"
  enable_key_rotation = true
}
`;

export const NOTEBOOK = `resource "aws_sagemaker_notebook_instance" "nb" {
  name          = "nb"
  instance_type = "ml.t3.medium"
  role_arn      = "arn:aws:iam::123456789012:role/sagemaker"
}
`;

export const NOTEBOOK_WITH_VAR_KEY = `resource "aws_sagemaker_notebook_instance" "nb" {
  name                   = "nb"
  instance_type          = "ml.t3.medium"
  role_arn               = "arn:aws:iam::123456789012:role/sagemaker"
  kms_key_id             = var.notebook_key
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  subnet_id              = "subnet-0123456789abcdef0"
  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }
}
`;

export const variables = (key: string): string => `variable "notebook_key" {
  type    = string
  default = "${key}"
}
`;

/** One resource per fix kind: key reference, new key, remove key / switch type, set flag, suppress. */
export const EVERY_FIX_KIND = `${KMS_KEY}
${NOTEBOOK}
resource "aws_sagemaker_model" "model" {
  name               = "model"
  execution_role_arn = "arn:aws:iam::123456789012:role/sagemaker"
}

resource "aws_sagemaker_endpoint_configuration" "ec" {
  name        = "ec"
  kms_key_arn = aws_kms_key.sagemaker.arn

  production_variants {
    variant_name           = "main"
    model_name             = "model"
    instance_type          = "ml.m5d.large"
    initial_instance_count = 1
  }
}

resource "aws_sagemaker_training_job" "train" {
  training_job_name = "train"
  role_arn          = "arn:aws:iam::123456789012:role/sagemaker"

  resource_config {
    instance_type     = "ml.c5.xlarge"
    instance_count    = 2
    volume_size_in_gb = 30
  }

  output_data_config {
    s3_output_path = "s3://bucket/out"
  }
}
`;
