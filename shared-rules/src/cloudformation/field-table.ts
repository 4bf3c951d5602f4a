import type { FieldRole, InstanceFamilyList, ResourceKind } from '../model';

/**
 * Where each SageMaker setting lives in `AWS::SageMaker::*` resources (reference: sagemaker-surface.md §1b,
 * CloudFormation columns). Adding a resource type or a property is a row here plus fixtures.
 */
export interface CfnFieldRow {
  role: FieldRole;
  /** Property names from `Properties` (or from each element of `each`), dot-separated; lists are entered element by element. */
  paths: string[];
  /** The field applies only when this property path exists (an optional `DataCaptureConfig`). */
  when?: { path: string };
  /** The value is the presence of the property (`VpcConfig`). */
  presence?: boolean;
  /** Updatable without replacement; every other property listed here is create-only. */
  inPlace?: boolean;
  /** Only a written value is a fact: absence is the normal case (config-level isolation on endpoint configs). */
  optional?: boolean;
}

export interface CfnResourceRow {
  type: string;
  kind: ResourceKind;
  instanceList?: InstanceFamilyList;
  /** List properties whose elements are evaluated as separate groups (variants, instance groups). */
  each?: string[];
  /** Rows relative to each element of `each` (or to `Properties` without it). */
  fields: CfnFieldRow[];
  /** Rows relative to `Properties`, alongside per-element ones. */
  resourceFields?: CfnFieldRow[];
}

const row = (role: FieldRole, path: string | string[], extra: Omit<CfnFieldRow, 'role' | 'paths'> = {}): CfnFieldRow => ({
  role,
  paths: Array.isArray(path) ? path : [path],
  ...extra,
});

const whenParent = (path: string): { when: { path: string } } => ({ when: { path: path.slice(0, path.lastIndexOf('.')) } });

/** The four model-monitor job definitions share a shape; only the output block's name differs. */
function monitoringJob(type: string, output: string): CfnResourceRow {
  return {
    type,
    kind: 'monitoring-job',
    instanceList: 'processing',
    fields: [
      row('volume-kms', 'JobResources.ClusterConfig.VolumeKmsKeyId'),
      row('output-kms', `${output}.KmsKeyId`, { when: { path: output } }),
      row('network-isolation', 'NetworkConfig.EnableNetworkIsolation'),
      row('inter-container-encryption', 'NetworkConfig.EnableInterContainerTrafficEncryption'),
      row('vpc', 'NetworkConfig.VpcConfig', { presence: true }),
      row('instance-type', 'JobResources.ClusterConfig.InstanceType'),
      row('instance-count', 'JobResources.ClusterConfig.InstanceCount'),
    ],
  };
}

const SCHEDULE = 'MonitoringScheduleConfig.MonitoringJobDefinition';

export const CFN_RESOURCES: CfnResourceRow[] = [
  {
    type: 'AWS::SageMaker::NotebookInstance',
    kind: 'notebook-instance',
    instanceList: 'notebook',
    fields: [
      row('volume-kms', 'KmsKeyId'),
      row('direct-internet-access', 'DirectInternetAccess'),
      row('root-access', 'RootAccess', { inPlace: true }),
      row('vpc', 'SubnetId'),
      row('imds-version', 'InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion', { inPlace: true }),
      row('instance-type', 'InstanceType', { inPlace: true }),
    ],
  },
  {
    type: 'AWS::SageMaker::EndpointConfig',
    kind: 'endpoint-config',
    instanceList: 'endpoint',
    each: ['ProductionVariants', 'ShadowProductionVariants'],
    fields: [row('instance-type', 'InstanceType'), row('instance-type', 'InstancePools.InstanceType')],
    resourceFields: [
      row('volume-kms', 'KmsKeyId'),
      row('output-kms', 'DataCaptureConfig.KmsKeyId', whenParent('DataCaptureConfig.KmsKeyId')),
      row('output-kms', 'AsyncInferenceConfig.OutputConfig.KmsKeyId', { when: { path: 'AsyncInferenceConfig' } }),
      // Config-level isolation applies to inference-component endpoints; model-based ones take the model's.
      row('network-isolation', 'EnableNetworkIsolation', { optional: true }),
    ],
  },
  {
    type: 'AWS::SageMaker::Model',
    kind: 'model',
    fields: [row('network-isolation', 'EnableNetworkIsolation'), row('vpc', 'VpcConfig', { presence: true })],
  },
  {
    type: 'AWS::SageMaker::Domain',
    kind: 'domain',
    fields: [
      row('volume-kms', 'KmsKeyId'),
      row('app-network-access', 'AppNetworkAccessType', { inPlace: true }),
      row('output-kms', 'DefaultUserSettings.SharingSettings.S3KmsKeyId', { inPlace: true, ...whenParent('DefaultUserSettings.SharingSettings.S3KmsKeyId') }),
    ],
  },
  {
    type: 'AWS::SageMaker::UserProfile',
    kind: 'user-profile',
    fields: [row('output-kms', 'UserSettings.SharingSettings.S3KmsKeyId', { inPlace: true, ...whenParent('UserSettings.SharingSettings.S3KmsKeyId') })],
  },
  {
    type: 'AWS::SageMaker::FeatureGroup',
    kind: 'feature-group',
    fields: [
      row('volume-kms', 'OnlineStoreConfig.SecurityConfig.KmsKeyId', { when: { path: 'OnlineStoreConfig' } }),
      row('output-kms', 'OfflineStoreConfig.S3StorageConfig.KmsKeyId', { when: { path: 'OfflineStoreConfig' } }),
    ],
  },
  {
    type: 'AWS::SageMaker::ProcessingJob',
    kind: 'processing-job',
    instanceList: 'processing',
    fields: [
      row('volume-kms', 'ProcessingResources.ClusterConfig.VolumeKmsKeyId'),
      row('output-kms', 'ProcessingOutputConfig.KmsKeyId', { when: { path: 'ProcessingOutputConfig' } }),
      row('network-isolation', 'NetworkConfig.EnableNetworkIsolation'),
      row('inter-container-encryption', 'NetworkConfig.EnableInterContainerTrafficEncryption'),
      row('vpc', 'NetworkConfig.VpcConfig', { presence: true }),
      row('instance-type', 'ProcessingResources.ClusterConfig.InstanceType'),
      row('instance-count', 'ProcessingResources.ClusterConfig.InstanceCount'),
    ],
  },
  monitoringJob('AWS::SageMaker::DataQualityJobDefinition', 'DataQualityJobOutputConfig'),
  monitoringJob('AWS::SageMaker::ModelQualityJobDefinition', 'ModelQualityJobOutputConfig'),
  monitoringJob('AWS::SageMaker::ModelBiasJobDefinition', 'ModelBiasJobOutputConfig'),
  monitoringJob('AWS::SageMaker::ModelExplainabilityJobDefinition', 'ModelExplainabilityJobOutputConfig'),
  {
    // Only an inline job definition carries settings; a schedule naming a definition is checked there.
    type: 'AWS::SageMaker::MonitoringSchedule',
    kind: 'monitoring-schedule',
    instanceList: 'processing',
    fields: [
      row('volume-kms', `${SCHEDULE}.MonitoringResources.ClusterConfig.VolumeKmsKeyId`, { inPlace: true, when: { path: SCHEDULE } }),
      row('output-kms', `${SCHEDULE}.MonitoringOutputConfig.KmsKeyId`, { inPlace: true, when: { path: `${SCHEDULE}.MonitoringOutputConfig` } }),
      row('network-isolation', `${SCHEDULE}.NetworkConfig.EnableNetworkIsolation`, { inPlace: true, when: { path: SCHEDULE } }),
      row('inter-container-encryption', `${SCHEDULE}.NetworkConfig.EnableInterContainerTrafficEncryption`, { inPlace: true, when: { path: SCHEDULE } }),
      row('vpc', `${SCHEDULE}.NetworkConfig.VpcConfig`, { presence: true, inPlace: true, when: { path: SCHEDULE } }),
      row('instance-type', `${SCHEDULE}.MonitoringResources.ClusterConfig.InstanceType`, { inPlace: true }),
      row('instance-count', `${SCHEDULE}.MonitoringResources.ClusterConfig.InstanceCount`, { inPlace: true }),
    ],
  },
  {
    type: 'AWS::SageMaker::InferenceExperiment',
    kind: 'inference-experiment',
    instanceList: 'endpoint',
    each: ['ModelVariants'],
    fields: [row('instance-type', 'InfrastructureConfig.RealTimeInferenceConfig.InstanceType')],
    resourceFields: [
      row('volume-kms', 'KmsKey'),
      row('output-kms', 'DataStorageConfig.KmsKey', { inPlace: true, when: { path: 'DataStorageConfig' } }),
    ],
  },
  {
    // HyperPod: the key belongs to an additional EBS volume, not to the instance store, so no NVMe exemption applies.
    type: 'AWS::SageMaker::Cluster',
    kind: 'cluster',
    each: ['InstanceGroups'],
    fields: [row('volume-kms', 'InstanceStorageConfigs.EbsVolumeConfig.VolumeKmsKeyId', { inPlace: true, when: { path: 'InstanceStorageConfigs.EbsVolumeConfig' } })],
    resourceFields: [row('vpc', 'VpcConfig', { presence: true })],
  },
];

export const CFN_RESOURCE_TYPES = new Map(CFN_RESOURCES.map((r) => [r.type, r]));
