/**
 * Deterministic generators of realistic inputs in every dialect: Terraform modules, CloudFormation
 * templates (YAML and JSON), SageMaker SDK / boto3 scripts and notebooks. Used by `npm run bench`
 * and by the adversarial tests. Same seed, same bytes.
 */
import { Random } from './random';

const TRAINING_TYPES = ['ml.m5.xlarge', 'ml.m5.2xlarge', 'ml.c5.4xlarge', 'ml.p3.2xlarge', 'ml.g5.xlarge', 'ml.m5d.xlarge', 'ml.g4dn.xlarge'];
const NOTEBOOK_TYPES = ['ml.t3.medium', 'ml.t3.large', 'ml.m5.xlarge', 'ml.g4dn.xlarge'];
const ENDPOINT_TYPES = ['ml.m5.large', 'ml.c5.xlarge', 'ml.g5.2xlarge', 'ml.inf2.xlarge', 'ml.m5d.large'];
const AWS_MANAGED = 'alias/aws/sagemaker';

function tfKeyExpr(r: Random): string {
  return r.weighted<string>([
    ['aws_kms_key.sagemaker.arn', 5],
    ['var.kms_key_arn', 2],
    ['local.kms_key', 2],
    [`"${AWS_MANAGED}"`, 1],
    ['data.aws_kms_alias.shared.target_key_arn', 1],
  ]);
}

function tfNotebook(r: Random, n: number): string[] {
  const lines = [
    `resource "aws_sagemaker_notebook_instance" "notebook_${n}" {`,
    `  name                   = "notebook-${n}"`,
    `  role_arn               = var.role_arn`,
    `  instance_type          = "${r.pick(NOTEBOOK_TYPES)}"`,
  ];
  if (r.chance(0.6)) lines.push(`  kms_key_id             = ${tfKeyExpr(r)}`);
  if (r.chance(0.4)) lines.push(`  direct_internet_access = "Disabled"`, `  root_access            = "Disabled"`);
  lines.push(`}`);
  return lines;
}

function tfTraining(r: Random, n: number): string[] {
  const lines = [
    `resource "aws_sagemaker_training_job" "train_${n}" {`,
    `  training_job_name = "train-${n}"`,
    `  role_arn          = var.role_arn`,
    `  algorithm_specification {`,
    `    training_image      = var.training_image`,
    `    training_input_mode = "File"`,
    `  }`,
    `  resource_config {`,
    `    instance_type     = "${r.pick(TRAINING_TYPES)}"`,
    `    instance_count    = ${r.between(1, 4)}`,
    `    volume_size_in_gb = ${r.pick([30, 50, 100, 200])}`,
  ];
  if (r.chance(0.6)) lines.push(`    volume_kms_key_id = ${tfKeyExpr(r)}`);
  lines.push(`  }`, `  output_data_config {`, `    s3_output_path = "s3://\${var.bucket}/train-${n}/"`);
  if (r.chance(0.6)) lines.push(`    kms_key_id     = ${tfKeyExpr(r)}`);
  lines.push(`  }`, `  stopping_condition {`, `    max_runtime_in_seconds = 86400`, `  }`);
  if (r.chance(0.5)) lines.push(`  enable_network_isolation = true`);
  if (r.chance(0.4)) lines.push(`  enable_inter_container_traffic_encryption = true`);
  lines.push(`}`);
  return lines;
}

function tfEndpointConfig(r: Random, n: number): string[] {
  const lines = [`resource "aws_sagemaker_endpoint_configuration" "endpoint_${n}" {`, `  name        = "endpoint-${n}"`];
  if (r.chance(0.6)) lines.push(`  kms_key_arn = ${tfKeyExpr(r)}`);
  for (let v = 0; v < r.between(1, 2); v++) {
    lines.push(
      `  production_variants {`,
      `    variant_name           = "variant-${v}"`,
      `    model_name             = aws_sagemaker_model.model_${n}.name`,
      `    initial_instance_count = ${r.between(1, 3)}`,
      `    instance_type          = "${r.pick(ENDPOINT_TYPES)}"`,
      `  }`,
    );
  }
  lines.push(`}`);
  return lines;
}

function tfModel(r: Random, n: number): string[] {
  const lines = [
    `resource "aws_sagemaker_model" "model_${n}" {`,
    `  name               = "model-${n}"`,
    `  execution_role_arn = var.role_arn`,
    `  primary_container { image = var.inference_image }`,
  ];
  if (r.chance(0.5)) lines.push(`  enable_network_isolation = true`);
  if (r.chance(0.15)) lines.push(`  vpc_config {`, `    subnets            = [var.subnet_id]`, `    security_group_ids = [var.security_group_id]`, `  }`);
  lines.push(`}`);
  return lines;
}

function tfFeatureGroup(r: Random, n: number): string[] {
  const lines = [
    `resource "aws_sagemaker_feature_group" "features_${n}" {`,
    `  feature_group_name             = "features-${n}"`,
    `  record_identifier_feature_name = "id"`,
    `  event_time_feature_name        = "ts"`,
    `  role_arn                       = var.role_arn`,
    `  feature_definition {`,
    `    feature_name = "id"`,
    `    feature_type = "String"`,
    `  }`,
    `  online_store_config {`,
    `    enable_online_store = true`,
  ];
  if (r.chance(0.6)) lines.push(`    security_config {`, `      kms_key_id = ${tfKeyExpr(r)}`, `    }`);
  lines.push(`  }`, `}`);
  return lines;
}

function tfMonitoring(r: Random, n: number): string[] {
  const lines = [
    `resource "aws_sagemaker_data_quality_job_definition" "quality_${n}" {`,
    `  name     = "quality-${n}"`,
    `  role_arn = var.role_arn`,
    `  data_quality_app_specification {`,
    `    image_uri = var.monitor_image`,
    `  }`,
    `  data_quality_job_input {`,
    `    endpoint_input {`,
    `      endpoint_name = "endpoint-${n}"`,
    `    }`,
    `  }`,
    `  data_quality_job_output_config {`,
    `    monitoring_outputs {`,
    `      s3_output {`,
    `        s3_uri = "s3://\${var.bucket}/monitoring/${n}"`,
    `      }`,
    `    }`,
  ];
  if (r.chance(0.5)) lines.push(`    kms_key_id = ${tfKeyExpr(r)}`);
  lines.push(`  }`, `  job_resources {`, `    cluster_config {`, `      instance_count    = 1`, `      instance_type     = "ml.m5.large"`, `      volume_size_in_gb = 20`);
  if (r.chance(0.5)) lines.push(`      volume_kms_key_id = ${tfKeyExpr(r)}`);
  lines.push(`    }`, `  }`);
  if (r.chance(0.5)) lines.push(`  network_config {`, `    enable_network_isolation = true`, `  }`);
  lines.push(`}`);
  return lines;
}

function tfOther(r: Random, n: number): string[] {
  return r.chance(0.5)
    ? [`resource "aws_s3_bucket" "data_${n}" {`, `  bucket = "\${var.bucket}-data-${n}"`, `  tags   = local.tags`, `}`]
    : [
        `resource "aws_iam_role_policy_attachment" "attach_${n}" {`,
        `  role       = var.role_name`,
        `  policy_arn = "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"`,
        `}`,
      ];
}

const TF_RESOURCES: [(r: Random, n: number) => string[], number][] = [
  [tfNotebook, 5],
  [tfTraining, 1],
  [tfEndpointConfig, 2],
  [tfModel, 5],
  [tfFeatureGroup, 0.5],
  [tfMonitoring, 0.5],
];

function tfPreamble(): string[] {
  return [
    `provider "aws" {`,
    `  region = "eu-west-1"`,
    `}`,
    ``,
    `variable "kms_key_arn" {`,
    `  type    = string`,
    `  default = null`,
    `}`,
    ``,
    `locals {`,
    `  kms_key = aws_kms_key.sagemaker.arn`,
    `  tags    = { team = "ml-platform" }`,
    `}`,
    ``,
    `data "aws_kms_alias" "shared" {`,
    `  name = "alias/shared-ml"`,
    `}`,
    ``,
    `resource "aws_kms_key" "sagemaker" {`,
    `  description         = "SageMaker volumes and outputs"`,
    `  enable_key_rotation = true`,
    `}`,
  ];
}

/** A Terraform file of about `targetLines` lines, mostly SageMaker resources. */
export function terraformFile(seed: number, targetLines: number): { text: string; resources: number; sagemakerResources: number } {
  const r = new Random(seed);
  const lines = tfPreamble();
  let resources = 1;
  let sagemaker = 0;
  for (let n = 0; lines.length < targetLines; n++) {
    lines.push('');
    const other = r.chance(0.05);
    const block = other ? tfOther(r, n) : r.weighted(TF_RESOURCES)(r, n);
    if (lines.length + block.length > targetLines + 2 && lines.length > targetLines - 4) break;
    lines.push(...block);
    resources++;
    if (!other) sagemaker++;
  }
  return { text: lines.join('\n') + '\n', resources, sagemakerResources: sagemaker };
}

export function terraformVariables(): string {
  const names = ['role_arn', 'role_name', 'subnet_id', 'security_group_id', 'bucket', 'training_image', 'inference_image', 'monitor_image'];
  return names.map((n) => `variable "${n}" {\n  type = string\n}\n`).join('\n');
}

// CloudFormation

interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: unknown;
}

function cfnKey(r: Random): unknown {
  return r.weighted<unknown>([
    [{ Ref: 'SageMakerKey' }, 3],
    [{ 'Fn::GetAtt': ['SageMakerKey', 'Arn'] }, 2],
    [{ Ref: 'KmsKeyArn' }, 2],
    [AWS_MANAGED, 1],
    [{ 'Fn::ImportValue': 'shared-kms-key-arn' }, 1],
  ]);
}

function cfnResources(r: Random, count: number): Record<string, CfnResource> {
  const out: Record<string, CfnResource> = {
    SageMakerKey: {
      Type: 'AWS::KMS::Key',
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' },
            { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: ['kms:CreateGrant', 'kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
          ],
        },
      },
    },
  };
  for (let n = 0; n < count; n++) {
    const kind = r.weighted<string>([
      ['notebook', 3],
      ['endpoint', 2],
      ['model', 2],
      ['bucket', 1],
    ]);
    if (kind === 'notebook') {
      const p: Record<string, unknown> = { InstanceType: r.pick(NOTEBOOK_TYPES), RoleArn: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] } };
      if (r.chance(0.6)) p.KmsKeyId = cfnKey(r);
      if (r.chance(0.5)) p.DirectInternetAccess = 'Disabled';
      if (r.chance(0.5)) p.RootAccess = 'Disabled';
      out[`Notebook${n}`] = { Type: 'AWS::SageMaker::NotebookInstance', Properties: p };
    } else if (kind === 'endpoint') {
      const p: Record<string, unknown> = {
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: { 'Fn::GetAtt': [`Model${n}`, 'ModelName'] }, InitialInstanceCount: 1, InstanceType: r.pick(ENDPOINT_TYPES) }],
      };
      if (r.chance(0.6)) p.KmsKeyId = cfnKey(r);
      out[`EndpointConfig${n}`] = { Type: 'AWS::SageMaker::EndpointConfig', Properties: p };
    } else if (kind === 'model') {
      const p: Record<string, unknown> = {
        ExecutionRoleArn: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] },
        PrimaryContainer: { Image: { Ref: 'InferenceImage' }, ModelDataUrl: { 'Fn::Sub': 's3://${Bucket}/models/' + n + '/model.tar.gz' } },
      };
      if (r.chance(0.5)) p.EnableNetworkIsolation = true;
      out[`Model${n}`] = { Type: 'AWS::SageMaker::Model', Properties: p };
    } else {
      out[`Bucket${n}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } } };
    }
  }
  return out;
}

function cfnTemplate(r: Random, count: number): Record<string, unknown> {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'SageMaker workloads',
    Parameters: {
      KmsKeyArn: { Type: 'String', Default: '' },
      InferenceImage: { Type: 'String' },
      Bucket: { Type: 'String' },
    },
    Resources: cfnResources(r, count),
  };
}

/** A CloudFormation template as JSON (as `cdk synth` writes it). */
export function cloudFormationJson(seed: number, resources: number): string {
  return JSON.stringify(cfnTemplate(new Random(seed), resources), null, 1) + '\n';
}

const INTRINSIC_TAGS: Record<string, string> = { Ref: '!Ref', 'Fn::GetAtt': '!GetAtt', 'Fn::Sub': '!Sub', 'Fn::ImportValue': '!ImportValue' };

function yamlScalar(v: unknown): string {
  if (typeof v === 'string') return /^[A-Za-z0-9_./-]+$/.test(v) && !/^(true|false|null|yes|no|\d.*)$/i.test(v) ? v : JSON.stringify(v);
  return String(v);
}

/** YAML with the short intrinsic tags (`!Ref`, `!GetAtt a.b`, `!Sub`) people write by hand. */
function toYaml(v: unknown, indent: string): string[] {
  if (Array.isArray(v)) {
    return v.flatMap((item) => {
      const inner = toYaml(item, indent + '  ');
      const first = inner[0].trimStart();
      return [`${indent}- ${first}`, ...inner.slice(1)];
    });
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 1 && INTRINSIC_TAGS[entries[0][0]]) {
      const [k, arg] = entries[0];
      const text = k === 'Fn::GetAtt' && Array.isArray(arg) ? arg.join('.') : yamlScalar(arg);
      return [`${indent}${INTRINSIC_TAGS[k]} ${text}`];
    }
    return entries.flatMap(([k, val]) => {
      if (val && typeof val === 'object') {
        const inner = toYaml(val, indent + '  ');
        if (inner.length === 1 && inner[0].trimStart().startsWith('!')) return [`${indent}${k}: ${inner[0].trimStart()}`];
        return [`${indent}${k}:`, ...inner];
      }
      return [`${indent}${k}: ${yamlScalar(val)}`];
    });
  }
  return [`${indent}${yamlScalar(v)}`];
}

export function cloudFormationYaml(seed: number, resources: number): string {
  return toYaml(cfnTemplate(new Random(seed), resources), '').join('\n') + '\n';
}

/** YAML that is not a template (CI config, Kubernetes): a dialect must not claim it. */
export function otherYaml(seed: number): string {
  const r = new Random(seed);
  const steps = Array.from({ length: r.between(3, 12) }, (_, i) => `      - name: step ${i}\n        run: make target-${i}`);
  return `name: ci\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${steps.join('\n')}\n`;
}

// Python

function pyEstimator(r: Random, n: number): string[] {
  const lines = [
    `estimator_${n} = Estimator(`,
    `    image_uri=IMAGE_URI,`,
    `    role=ROLE_ARN,`,
    `    instance_count=${r.between(1, 4)},`,
    `    instance_type="${r.pick(TRAINING_TYPES)}",`,
    `    output_path=f"s3://{BUCKET}/output/${n}",`,
  ];
  if (r.chance(0.6)) lines.push(`    volume_kms_key=KMS_KEY_ARN,`);
  if (r.chance(0.6)) lines.push(`    output_kms_key=KMS_KEY_ARN,`);
  if (r.chance(0.5)) lines.push(`    enable_network_isolation=True,`);
  lines.push(`    sagemaker_session=session,`, `)`, `estimator_${n}.fit({"train": f"s3://{BUCKET}/train/${n}"})`);
  return lines;
}

function pyBoto3(r: Random, n: number): string[] {
  const lines = [
    `params_${n} = {`,
    `    "TrainingJobName": f"job-{RUN_ID}-${n}",`,
    `    "RoleArn": ROLE_ARN,`,
    `    "AlgorithmSpecification": {"TrainingImage": IMAGE_URI, "TrainingInputMode": "File"},`,
    `    "ResourceConfig": {`,
    `        "InstanceType": "${r.pick(TRAINING_TYPES)}",`,
    `        "InstanceCount": 1,`,
    `        "VolumeSizeInGB": 50,`,
  ];
  if (r.chance(0.6)) lines.push(`        "VolumeKmsKeyId": KMS_KEY_ARN,`);
  lines.push(`    },`, `    "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/out/${n}"},`, `    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},`, `}`);
  if (r.chance(0.5)) lines.push(`params_${n}["EnableNetworkIsolation"] = True`);
  lines.push(`sm.create_training_job(**params_${n})`);
  return lines;
}

function pyHelper(r: Random, n: number): string[] {
  return [
    `def prepare_${n}(frame, columns=None):`,
    `    """Cleans one input frame before upload."""`,
    `    columns = columns or list(frame.columns)`,
    `    for column in columns:`,
    `        if frame[column].dtype == "object":`,
    `            frame[column] = frame[column].fillna("")`,
    `    return frame.sample(frac=${(r.between(1, 9) / 10).toFixed(1)}, random_state=${n})`,
  ];
}

const PY_HEADER = [
  `import os`,
  `import boto3`,
  `import sagemaker`,
  `from sagemaker.estimator import Estimator`,
  ``,
  `session = sagemaker.Session()`,
  `sm = boto3.client("sagemaker", region_name="eu-west-1")`,
  `ROLE_ARN = os.environ.get("ROLE_ARN", "arn:aws:iam::123456789012:role/sagemaker")`,
  `BUCKET = "ml-artifacts"`,
  `IMAGE_URI = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/train:latest"`,
  `KMS_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"`,
  `RUN_ID = os.environ.get("RUN_ID", "local")`,
];

function pyBlocks(r: Random, count: number): string[][] {
  return Array.from({ length: count }, (_, n) => r.weighted<(r: Random, n: number) => string[]>([[pyEstimator, 3], [pyBoto3, 2], [pyHelper, 3]])(r, n));
}

/** A SageMaker SDK / boto3 script with `blocks` calls and helpers. */
export function pythonFile(seed: number, blocks: number): string {
  const r = new Random(seed);
  return [...PY_HEADER, ...pyBlocks(r, blocks).flatMap((b) => ['', ...b])].join('\n') + '\n';
}

function base64Noise(r: Random, bytes: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out: string[] = [];
  for (let i = 0; i < Math.ceil((bytes * 4) / 3); i++) out.push(alphabet[r.int(64)]);
  return out.join('');
}

/**
 * A Jupyter notebook (nbformat 4) with `cells` cells; `imageBytes` > 0 adds PNG outputs of
 * about that total size, as plotted notebooks carry.
 */
export function notebook(seed: number, cells: number, imageBytes = 0): string {
  const r = new Random(seed);
  const blocks = pyBlocks(r, Math.max(1, cells - 1));
  const images = imageBytes > 0 ? Math.max(1, Math.round(cells / 4)) : 0;
  const perImage = images > 0 ? Math.ceil(imageBytes / images) : 0;
  const source = (lines: string[]): string[] => lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
  const out: unknown[] = [{ cell_type: 'code', execution_count: 1, metadata: {}, outputs: [], source: source(PY_HEADER.concat(['%matplotlib inline', '!pip install -q sagemaker'])) }];
  blocks.forEach((b, i) => {
    if (r.chance(0.25)) {
      out.push({ cell_type: 'markdown', metadata: {}, source: source([`## Step ${i}`, '', 'Train, evaluate and register the model.']) });
      return;
    }
    const outputs: unknown[] = [];
    if (i % Math.max(1, Math.floor(blocks.length / Math.max(1, images))) === 0 && perImage > 0) {
      outputs.push({ data: { 'image/png': base64Noise(r, perImage), 'text/plain': ['<Figure size 640x480 with 1 Axes>'] }, metadata: {}, output_type: 'display_data' });
    } else if (r.chance(0.3)) {
      outputs.push({ name: 'stdout', output_type: 'stream', text: [`2024-05-01 12:00:0${i % 10} Starting - Starting the training job...\n`, 'Completed - Training job completed\n'] });
    }
    out.push({ cell_type: 'code', execution_count: i + 2, metadata: {}, outputs, source: source(b) });
  });
  return (
    JSON.stringify(
      {
        cells: out,
        metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python', version: '3.10.12' } },
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    ) + '\n'
  );
}

export interface WorkspaceFile {
  path: string;
  text: string;
}

/**
 * A mixed workspace of `files` files in project folders: Terraform modules, CloudFormation
 * templates (YAML and JSON, some CDK-style), other YAML, SDK/boto3 scripts and notebooks, a few of
 * them several megabytes. Yields files one at a time so the caller can write them as they come.
 */
export function* workspace(seed: number, files: number): Generator<WorkspaceFile> {
  const r = new Random(seed);
  let written = 0;
  let bigNotebooks = 0;
  for (let project = 0; written < files; project++) {
    const dir = `project-${String(project).padStart(3, '0')}`;
    const emit = function* (rel: string, text: string): Generator<WorkspaceFile> {
      if (written >= files) return;
      written++;
      yield { path: `${dir}/${rel}`, text };
    };
    for (let m = 0; m < r.between(1, 3); m++) {
      const mod = `infra/module-${m}`;
      yield* emit(`${mod}/variables.tf`, terraformVariables());
      for (let f = 0; f < r.between(2, 6); f++) yield* emit(`${mod}/${r.pick(['main', 'training', 'endpoints', 'notebooks', 'features'])}-${f}.tf`, terraformFile(r.int(2 ** 31), r.between(30, 300)).text);
      if (r.chance(0.3)) yield* emit(`${mod}/terraform.tfvars`, `bucket = "ml-${project}"\nkms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/${project}"\n`);
    }
    for (let t = 0; t < r.between(1, 4); t++) yield* emit(`cfn/stack-${t}.yaml`, cloudFormationYaml(r.int(2 ** 31), r.between(3, 30)));
    if (r.chance(0.5)) yield* emit(`cdk.out/Stack${project}.template.json`, cloudFormationJson(r.int(2 ** 31), r.between(5, 40)));
    if (r.chance(0.5)) yield* emit(`.github/workflows/ci.yml`, otherYaml(r.int(2 ** 31)));
    for (let p = 0; p < r.between(1, 5); p++) yield* emit(`src/pipeline_${p}.py`, pythonFile(r.int(2 ** 31), r.between(4, 40)));
    for (let nb = 0; nb < r.between(0, 3); nb++) {
      const big = bigNotebooks < 8 && r.chance(0.05);
      if (big) bigNotebooks++;
      yield* emit(`notebooks/explore_${nb}.ipynb`, notebook(r.int(2 ** 31), r.between(8, 60), big ? r.between(2, 6) * 1024 * 1024 : r.chance(0.3) ? r.between(20, 200) * 1024 : 0));
    }
  }
}

/** A CloudFormation YAML template with `n` SageMaker notebook instances and no KMS key on any. */
export function largeTemplate(n: number): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let i = 0; i < n; i++) lines.push(`  Notebook${i}:`, `    Type: AWS::SageMaker::NotebookInstance`, `    Properties:`, `      InstanceType: ml.t3.medium`, `      RoleArn: arn:aws:iam::123456789012:role/sm`);
  return lines.join('\n') + '\n';
}
