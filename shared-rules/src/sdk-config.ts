import * as fs from 'fs';
import * as path from 'path';
import type { Node } from 'yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

/** A SageMaker Python SDK `config.yaml` document (`SchemaVersion`, `CustomParameters`, `SageMaker`). */
export type SdkConfig = Record<string, unknown>;

/**
 * The SDK's config schema (v2 `sagemaker/config/config_schema.py`, same in v3), reduced to what a
 * document may contain: every map is closed, as in the SDK, so a misspelt key is reported here
 * instead of being silently ignored by both the SDK and us.
 */
type Shape = 'kms' | 'bool' | 'string' | 'roleArn' | 'tags' | 'env' | 'vpc' | 'strings' | { [key: string]: Shape } | { items: Shape };

const kmsOnly = (key: string): Shape => ({ [key]: 'kms' });
const container: Shape = { Environment: 'env' };
const network: Shape = { EnableInterContainerTrafficEncryption: 'bool', EnableNetworkIsolation: 'bool', VpcConfig: 'vpc' };

const SAGEMAKER_SHAPE: { [key: string]: Shape } = {
  PythonSDK: {
    Modules: {
      Session: { DefaultS3Bucket: 'string', DefaultS3ObjectKeyPrefix: 'string' },
      Estimator: { DebugHookConfig: 'bool' },
      RemoteFunction: {
        Dependencies: 'string',
        PreExecutionCommands: 'strings',
        PreExecutionScript: 'string',
        EnableInterContainerTrafficEncryption: 'bool',
        EnvironmentVariables: 'env',
        ImageUri: 'string',
        IncludeLocalWorkDir: 'bool',
        InstanceType: 'string',
        JobCondaEnvironment: 'string',
        RoleArn: 'roleArn',
        S3KmsKeyId: 'kms',
        S3RootUri: 'string',
        Tags: 'tags',
        VolumeKmsKeyId: 'kms',
        VpcConfig: 'vpc',
      },
    },
  },
  FeatureGroup: {
    OfflineStoreConfig: { S3StorageConfig: kmsOnly('KmsKeyId') },
    OnlineStoreConfig: { SecurityConfig: kmsOnly('KmsKeyId') },
    RoleArn: 'roleArn',
    Tags: 'tags',
  },
  MonitoringSchedule: {
    MonitoringScheduleConfig: {
      MonitoringJobDefinition: {
        Environment: 'env',
        MonitoringOutputConfig: kmsOnly('KmsKeyId'),
        MonitoringResources: { ClusterConfig: kmsOnly('VolumeKmsKeyId') },
        NetworkConfig: network,
        RoleArn: 'roleArn',
      },
    },
    Tags: 'tags',
  },
  Endpoint: { Tags: 'tags' },
  EndpointConfig: {
    AsyncInferenceConfig: { OutputConfig: kmsOnly('KmsKeyId') },
    DataCaptureConfig: kmsOnly('KmsKeyId'),
    KmsKeyId: 'kms',
    ProductionVariants: { items: { CoreDumpConfig: kmsOnly('KmsKeyId') } },
    Tags: 'tags',
  },
  AutoMLJob: {
    AutoMLJobConfig: { SecurityConfig: { EnableInterContainerTrafficEncryption: 'bool', VolumeKmsKeyId: 'kms', VpcConfig: 'vpc' } },
    OutputDataConfig: kmsOnly('KmsKeyId'),
    RoleArn: 'roleArn',
    Tags: 'tags',
  },
  AutoMLJobV2: {
    SecurityConfig: { EnableInterContainerTrafficEncryption: 'bool', VolumeKmsKeyId: 'kms', VpcConfig: 'vpc' },
    OutputDataConfig: kmsOnly('KmsKeyId'),
    RoleArn: 'roleArn',
    Tags: 'tags',
  },
  TransformJob: {
    DataCaptureConfig: kmsOnly('KmsKeyId'),
    Environment: 'env',
    TransformOutput: kmsOnly('KmsKeyId'),
    TransformResources: kmsOnly('VolumeKmsKeyId'),
    Tags: 'tags',
  },
  CompilationJob: { OutputConfig: kmsOnly('KmsKeyId'), RoleArn: 'roleArn', VpcConfig: 'vpc', Tags: 'tags' },
  Pipeline: { RoleArn: 'roleArn', Tags: 'tags' },
  Model: {
    Containers: { items: container },
    EnableNetworkIsolation: 'bool',
    ExecutionRoleArn: 'roleArn',
    PrimaryContainer: container,
    VpcConfig: 'vpc',
    Tags: 'tags',
  },
  ModelPackage: {
    InferenceSpecification: { Containers: { items: container } },
    ValidationSpecification: {
      ValidationProfiles: {
        items: {
          TransformJobDefinition: { Environment: 'env', TransformOutput: kmsOnly('KmsKeyId'), TransformResources: kmsOnly('VolumeKmsKeyId') },
        },
      },
      ValidationRole: 'roleArn',
    },
  },
  ProcessingJob: {
    Environment: 'env',
    NetworkConfig: network,
    ProcessingInputs: {
      items: {
        DatasetDefinition: {
          AthenaDatasetDefinition: kmsOnly('KmsKeyId'),
          RedshiftDatasetDefinition: { KmsKeyId: 'kms', ClusterRoleArn: 'roleArn' },
        },
      },
    },
    ProcessingOutputConfig: kmsOnly('KmsKeyId'),
    ProcessingResources: { ClusterConfig: kmsOnly('VolumeKmsKeyId') },
    RoleArn: 'roleArn',
    Tags: 'tags',
  },
  TrainingJob: {
    EnableInterContainerTrafficEncryption: 'bool',
    EnableNetworkIsolation: 'bool',
    Environment: 'env',
    OutputDataConfig: kmsOnly('KmsKeyId'),
    ResourceConfig: kmsOnly('VolumeKmsKeyId'),
    ProfilerConfig: { DisableProfiler: 'bool' },
    RoleArn: 'roleArn',
    VpcConfig: 'vpc',
    Tags: 'tags',
  },
  EdgePackagingJob: { OutputConfig: kmsOnly('KmsKeyId'), ResourceKey: 'kms', RoleArn: 'roleArn', Tags: 'tags' },
};

class SdkConfigError extends Error {
  constructor(
    message: string,
    readonly node: Node | null | undefined,
  ) {
    super(message);
  }
}

/** Parses and validates an SDK `config.yaml`; the error is one line, `file:line:col: message`. */
export function parseSdkConfig(text: string, file: string): { config: SdkConfig } | { error: string } {
  const lineCounter = new LineCounter();
  const where = (offset: number | undefined): string => {
    const pos = lineCounter.linePos(offset ?? 0);
    return `${file}:${pos.line}:${pos.col}`;
  };
  let doc;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    return { error: `${file}:1:1: ${oneLine(error instanceof Error ? error.message : String(error))}` };
  }
  if (doc.errors.length > 0) return { error: `${where(doc.errors[0].pos[0])}: ${oneLine(doc.errors[0].message.split(/\r?\n/)[0])}` };
  try {
    validateDocument(doc.contents);
  } catch (error) {
    if (error instanceof SdkConfigError) return { error: `${where(error.node?.range?.[0])}: ${oneLine(error.message)}` };
    throw error;
  }
  // Aliases are resolved by toJS; the cap keeps an alias bomb from expanding without bound.
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { error: `${file}:1:1: ${oneLine(error instanceof Error ? error.message : String(error))}` };
  }
  return { config: value as SdkConfig };
}

function validateDocument(root: Node | null): void {
  if (!isMap(root)) throw new SdkConfigError('a SageMaker SDK config must be a map with `SchemaVersion: \'1.0\'`', root);
  let version = false;
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const value = pair.value as Node | null;
    if (key === 'SchemaVersion') {
      if (!isScalar(value) || value.value !== '1.0') throw new SdkConfigError("`SchemaVersion` must be the string '1.0'", value ?? keyNode);
      version = true;
    } else if (key === 'CustomParameters') {
      if (!isMap(value)) throw new SdkConfigError('`CustomParameters` must be a map of names to strings', value ?? keyNode);
      for (const p of value.items) {
        const v = p.value as Node | null;
        if (!isScalar(v) || typeof v.value !== 'string') throw new SdkConfigError(`\`CustomParameters.${String((p.key as { value?: unknown } | null)?.value)}\` must be a string`, v ?? (p.key as Node));
      }
    } else if (key === 'SageMaker') {
      validateShape(value, SAGEMAKER_SHAPE, 'SageMaker', keyNode);
    } else {
      throw new SdkConfigError(`unknown top-level key \`${key}\` (expected SchemaVersion, CustomParameters, SageMaker)`, keyNode);
    }
  }
  if (!version) throw new SdkConfigError("`SchemaVersion: '1.0'` is required", root);
}

function validateShape(node: Node | null, shape: Shape, at: string, parent: Node | null): void {
  const fail = (expected: string): never => {
    throw new SdkConfigError(`\`${at}\` must be ${expected}`, node ?? parent);
  };
  if (typeof shape === 'string') {
    switch (shape) {
      case 'kms':
        if (!isScalar(node) || typeof node.value !== 'string' || node.value.length > 2048 || !/^[a-zA-Z0-9:/_-]*$/.test(node.value)) fail('a KMS key id, ARN or alias (at most 2048 characters)');
        return;
      case 'bool':
        if (!isScalar(node) || typeof node.value !== 'boolean') fail('true or false');
        return;
      case 'string':
        if (!isScalar(node) || typeof node.value !== 'string') fail('a string');
        return;
      case 'roleArn':
        if (!isScalar(node) || typeof node.value !== 'string' || !/^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-/]+$/.test(node.value)) fail('an IAM role ARN');
        return;
      case 'strings':
        if (!isSeq(node) || node.items.some((i) => !isScalar(i) || typeof i.value !== 'string')) fail('a list of strings');
        return;
      case 'env':
        if (!isMap(node) || node.items.some((p) => !isScalar(p.value) || typeof p.value.value !== 'string')) fail('a map of names to strings');
        return;
      case 'tags':
        if (!isSeq(node)) fail('a list of {Key, Value} maps');
        for (const item of (node as { items: unknown[] }).items) validateShape(item as Node, { Key: 'string', Value: 'string' }, `${at}[]`, node);
        return;
      case 'vpc':
        validateShape(node, { Subnets: 'strings', SecurityGroupIds: 'strings' }, at, parent);
        return;
    }
  }
  if (isListShape(shape)) {
    if (!isSeq(node)) fail('a list');
    for (const item of (node as { items: unknown[] }).items) validateShape(item as Node, shape.items, `${at}[]`, node);
    return;
  }
  if (!isMap(node)) fail('a map');
  const fields = shape;
  for (const pair of (node as { items: { key: unknown; value: unknown }[] }).items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    if (!Object.prototype.hasOwnProperty.call(fields, key)) {
      throw new SdkConfigError(`unknown key \`${at}.${key}\` (expected one of: ${Object.keys(fields).join(', ')})`, keyNode);
    }
    validateShape(pair.value as Node | null, fields[key], `${at}.${key}`, keyNode);
  }
}

function isListShape(shape: Shape): shape is { items: Shape } {
  return typeof shape === 'object' && Object.keys(shape).length === 1 && 'items' in shape;
}

/**
 * Merges SDK config documents the way the SDK does (admin → user → additional): maps merge
 * key by key, any other value from a later document replaces the earlier one.
 */
export function mergeSdkConfigs(configs: SdkConfig[]): SdkConfig {
  let merged: SdkConfig = {};
  for (const c of configs) merged = mergeMaps(merged, c);
  return merged;
}

function mergeMaps(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const prev = out[key];
    out[key] = isPlainMap(prev) && isPlainMap(value) ? mergeMaps(prev, value) : value;
  }
  return out;
}

/**
 * Reads, validates and merges the SDK config files a `.sagemaker-lint.yaml` names (`sagemakerConfig`,
 * absolute paths; a folder stands for its `config.yaml`, as in the SDK). `origin` (the config file)
 * names the culprit when a file is missing. The error is one line.
 */
export function loadSdkConfigs(paths: string[], origin: string): { config: SdkConfig } | { error: string } {
  const docs: SdkConfig[] = [];
  for (const p of paths) {
    let file = p;
    let text: string;
    try {
      if (fs.statSync(p).isDirectory()) file = path.join(p, 'config.yaml');
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return { error: `${origin}: sagemakerConfig file not found: ${file}` };
    }
    const parsed = parseSdkConfig(text, file);
    if ('error' in parsed) return parsed;
    docs.push(parsed.config);
  }
  return { config: mergeSdkConfigs(docs) };
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
