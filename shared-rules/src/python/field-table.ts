import type { FieldRole, InstanceFamilyList, ResourceKind } from '../model';

/**
 * Where each SageMaker setting lives in SageMaker Python SDK calls and boto3 requests (reference:
 * sagemaker-surface.md §1b, §5b–d). A resource kind is a row; the adapter has no per-class code.
 *
 * Paths are dot-separated: SDK keyword names and nested config objects (`network_config.enable_network_isolation`)
 * or boto3 request keys (`ResourceConfig.VolumeKmsKeyId`). A segment ending in `[]` is a list whose
 * elements are each read (`instance_groups[].instance_type`, `ProductionVariants[].InstanceType`).
 */
export interface PythonFieldRow {
  role: FieldRole;
  /** Alternative paths, first present wins; the first is the one a fix writes (legacy aliases follow it). */
  paths: string[];
  /** The field applies only when this keyword/key path is present (and not `None`/`False`). */
  when?: string;
  /** The field does not apply when this keyword is present (serverless endpoints take no volume key). */
  unless?: string;
  /** The value is the presence of the keyword (`subnets`, `VpcConfig`). */
  presence?: boolean;
  /** SDK `config.yaml` path (below `SageMaker.`) whose value counts as set when the call omits the field. */
  config?: string;
  /** The SDK drops a configured volume key when every instance type has NVMe storage (§5b). */
  configNvmeFilter?: boolean;
  /** The SDK fills this nested attribute from its config even when the config object is passed (`NetworkConfig`). */
  configFillsNested?: boolean;
}

/** A nested SDK config object a fix may have to build, with the module that exports it. */
export interface ConfigClass {
  cls: string;
  module: string;
}

export interface PythonCallRow {
  /** Class names (SDK) or operation names (boto3) this row covers. */
  names: string[];
  /** `sdk-class`: a constructor under a `sagemaker` module; `sdk-method`: a method of an SDK object; `boto3`: a SageMaker client operation. */
  form: 'sdk-class' | 'sdk-method' | 'boto3';
  /** Module prefixes the class must come from (the default is any `sagemaker.` module). */
  modules?: string[];
  /** For `sdk-method`: the rows (by family) whose objects carry the method. */
  on?: Family[];
  family?: Family;
  kind?: ResourceKind;
  instanceList?: InstanceFamilyList;
  /** Positional parameters in order; positional arguments past the list are `ignore`d (keyword-only fields) or make the call `unknown`. */
  positional?: string[];
  extraPositional?: 'ignore' | 'unknown';
  fields: PythonFieldRow[];
  /** Nested config objects by keyword path, for fixes that must create them. */
  classes?: Record<string, ConfigClass>;
  /** HyperparameterTuner: the fields are the estimator's, read from this parameter. */
  inheritFrom?: string;
  /** Repeated request parts whose elements are separate groups (variants, training job definitions). */
  each?: string[];
}

export type Family = 'session' | 'estimator' | 'model-trainer' | 'processor' | 'transformer' | 'model' | 'tuner' | 'monitor' | 'automl' | 'feature-group';

const row = (role: FieldRole, path: string | string[], extra: Omit<PythonFieldRow, 'role' | 'paths'> = {}): PythonFieldRow => ({
  role,
  paths: Array.isArray(path) ? path : [path],
  ...extra,
});

const FRAMEWORK_ESTIMATORS = [
  'Framework',
  'PyTorch',
  'TensorFlow',
  'HuggingFace',
  'SKLearn',
  'XGBoost',
  'MXNet',
  'Chainer',
  'RLEstimator',
  'JumpStartEstimator',
];

const AMAZON_ALGORITHMS = [
  'AmazonAlgorithmEstimatorBase',
  'KMeans',
  'PCA',
  'LinearLearner',
  'FactorizationMachines',
  'NTM',
  'LDA',
  'RandomCutForest',
  'KNN',
  'IPInsights',
  'Object2Vec',
];

const FRAMEWORK_PROCESSORS = [
  'FrameworkProcessor',
  'SKLearnProcessor',
  'PyTorchProcessor',
  'TensorFlowProcessor',
  'HuggingFaceProcessor',
  'MXNetProcessor',
  'XGBoostProcessor',
  'PySparkProcessor',
  'SparkJarProcessor',
  'DataWranglerProcessor',
  'SageMakerClarifyProcessor',
];

const MODELS = [
  'Model',
  'FrameworkModel',
  'PyTorchModel',
  'TensorFlowModel',
  'HuggingFaceModel',
  'SKLearnModel',
  'XGBoostModel',
  'MXNetModel',
  'ChainerModel',
  'JumpStartModel',
  'ModelPackage',
  'PipelineModel',
];

const MONITORS = ['ModelMonitor', 'DefaultModelMonitor', 'ModelQualityMonitor', 'ModelBiasMonitor', 'ModelExplainabilityMonitor'];

const networkConfigFields = (configBase: string): PythonFieldRow[] => [
  row('network-isolation', 'network_config.enable_network_isolation', { config: `${configBase}.NetworkConfig.EnableNetworkIsolation`, configFillsNested: true }),
  row('inter-container-encryption', 'network_config.encrypt_inter_container_traffic', {
    config: `${configBase}.NetworkConfig.EnableInterContainerTrafficEncryption`,
    configFillsNested: true,
  }),
  row('vpc', 'network_config.subnets', { presence: true, config: `${configBase}.NetworkConfig.VpcConfig.Subnets`, configFillsNested: true }),
];

/** Positional parameters of the SDK config objects people write positionally. */
export const CONFIG_CLASS_POSITIONAL: Record<string, string[]> = {
  InstanceGroup: ['instance_group_name', 'instance_type', 'instance_count'],
  NetworkConfig: ['enable_network_isolation', 'security_group_ids', 'subnets', 'encrypt_inter_container_traffic'],
  DataCaptureConfig: ['enable_capture', 'sampling_percentage', 'destination_s3_uri', 'kms_key_id'],
  AsyncInferenceConfig: ['output_path', 'max_concurrent_invocations_per_instance', 'kms_key_id'],
};

function modelTrainer(modules: string[], configModule: string): PythonCallRow {
  return {
    names: ['ModelTrainer'],
    form: 'sdk-class',
    modules,
    family: 'model-trainer',
    kind: 'training-job',
    instanceList: 'training',
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'compute.volume_kms_key_id', { config: 'TrainingJob.ResourceConfig.VolumeKmsKeyId' }),
      row('output-kms', 'output_data_config.kms_key_id', { config: 'TrainingJob.OutputDataConfig.KmsKeyId' }),
      row('network-isolation', 'networking.enable_network_isolation', { config: 'TrainingJob.EnableNetworkIsolation' }),
      row('inter-container-encryption', 'networking.enable_inter_container_traffic_encryption', {
        config: 'TrainingJob.EnableInterContainerTrafficEncryption',
      }),
      row('vpc', 'networking.subnets', { presence: true, config: 'TrainingJob.VpcConfig.Subnets' }),
      row('instance-type', 'compute.instance_type'),
      row('instance-type', 'compute.instance_groups[].instance_type'),
      row('instance-count', 'compute.instance_count'),
      row('instance-groups', 'compute.instance_groups', { presence: true }),
    ],
    classes: {
      compute: { cls: 'Compute', module: configModule },
      networking: { cls: 'Networking', module: configModule },
      output_data_config: { cls: 'OutputDataConfig', module: configModule },
    },
  };
}

function estimatorRow(names: string[], positional: string[], extraPositional: 'ignore' | 'unknown'): PythonCallRow {
  return {
    names,
    form: 'sdk-class',
    family: 'estimator',
    kind: 'training-job',
    instanceList: 'training',
    positional,
    extraPositional,
    fields: [
      row('volume-kms', ['volume_kms_key', 'train_volume_kms_key'], { config: 'TrainingJob.ResourceConfig.VolumeKmsKeyId', configNvmeFilter: true }),
      row('output-kms', 'output_kms_key', { config: 'TrainingJob.OutputDataConfig.KmsKeyId' }),
      row('network-isolation', 'enable_network_isolation', { config: 'TrainingJob.EnableNetworkIsolation' }),
      row('inter-container-encryption', 'encrypt_inter_container_traffic', { config: 'TrainingJob.EnableInterContainerTrafficEncryption' }),
      row('vpc', 'subnets', { presence: true, config: 'TrainingJob.VpcConfig.Subnets' }),
      row('instance-type', ['instance_type', 'train_instance_type']),
      row('instance-type', 'instance_groups[].instance_type'),
      row('instance-count', ['instance_count', 'train_instance_count']),
      row('instance-groups', 'instance_groups', { presence: true }),
    ],
  };
}

function processorRow(names: string[], positional: string[]): PythonCallRow {
  return {
    names,
    form: 'sdk-class',
    family: 'processor',
    kind: 'processing-job',
    instanceList: 'processing',
    positional,
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'volume_kms_key', { config: 'ProcessingJob.ProcessingResources.ClusterConfig.VolumeKmsKeyId' }),
      row('output-kms', 'output_kms_key', { config: 'ProcessingJob.ProcessingOutputConfig.KmsKeyId' }),
      ...networkConfigFields('ProcessingJob'),
      row('instance-type', 'instance_type'),
      row('instance-count', 'instance_count'),
    ],
    classes: { network_config: { cls: 'NetworkConfig', module: 'sagemaker.network' } },
  };
}

const SHAPES = 'sagemaker.core.shapes';
const shape = (cls: string): ConfigClass => ({ cls, module: SHAPES });

/** SDK v3 `sagemaker.core.resources.*.create(...)`: snake_case mirrors of the API requests with shape objects. */
const V3_CORE_ROWS: PythonCallRow[] = [
  {
    names: ['TrainingJob.create'],
    form: 'sdk-class',
    modules: ['sagemaker.core'],
    kind: 'training-job',
    instanceList: 'training',
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'resource_config.volume_kms_key_id'),
      row('output-kms', 'output_data_config.kms_key_id'),
      row('network-isolation', 'enable_network_isolation'),
      row('inter-container-encryption', 'enable_inter_container_traffic_encryption'),
      row('vpc', 'vpc_config', { presence: true }),
      row('instance-type', 'resource_config.instance_type'),
      row('instance-type', 'resource_config.instance_groups[].instance_type'),
      row('instance-count', 'resource_config.instance_count'),
      row('instance-groups', 'resource_config.instance_groups', { presence: true }),
    ],
    classes: { resource_config: shape('ResourceConfig'), output_data_config: shape('OutputDataConfig') },
  },
  {
    names: ['ProcessingJob.create'],
    form: 'sdk-class',
    modules: ['sagemaker.core'],
    kind: 'processing-job',
    instanceList: 'processing',
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'processing_resources.cluster_config.volume_kms_key_id'),
      row('output-kms', 'processing_output_config.kms_key_id', { when: 'processing_output_config' }),
      row('network-isolation', 'network_config.enable_network_isolation'),
      row('inter-container-encryption', 'network_config.enable_inter_container_traffic_encryption'),
      row('vpc', 'network_config.vpc_config', { presence: true }),
      row('instance-type', 'processing_resources.cluster_config.instance_type'),
      row('instance-count', 'processing_resources.cluster_config.instance_count'),
    ],
    classes: {
      processing_resources: shape('ProcessingResources'),
      'processing_resources.cluster_config': shape('ProcessingClusterConfig'),
      network_config: shape('NetworkConfig'),
    },
  },
  {
    names: ['TransformJob.create'],
    form: 'sdk-class',
    modules: ['sagemaker.core'],
    kind: 'transform-job',
    instanceList: 'transform',
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'transform_resources.volume_kms_key_id'),
      row('output-kms', 'transform_output.kms_key_id'),
      row('instance-type', 'transform_resources.instance_type'),
      row('instance-count', 'transform_resources.instance_count'),
    ],
    classes: { transform_resources: shape('TransformResources'), transform_output: shape('TransformOutput') },
  },
  {
    names: ['EndpointConfig.create'],
    form: 'sdk-class',
    modules: ['sagemaker.core'],
    kind: 'endpoint-config',
    instanceList: 'endpoint',
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'kms_key_id'),
      row('output-kms', 'data_capture_config.kms_key_id', { when: 'data_capture_config' }),
      row('output-kms', 'async_inference_config.output_config.kms_key_id', { when: 'async_inference_config' }),
      row('instance-type', 'production_variants[].instance_type'),
    ],
  },
  {
    names: ['Model.create'],
    form: 'sdk-class',
    modules: ['sagemaker.core'],
    kind: 'model',
    extraPositional: 'unknown',
    fields: [row('network-isolation', 'enable_network_isolation'), row('vpc', 'vpc_config', { presence: true })],
  },
];

const MONITOR_CONFIG = 'MonitoringSchedule.MonitoringScheduleConfig.MonitoringJobDefinition';

export const SDK_ROWS: PythonCallRow[] = [
  estimatorRow(['Estimator'], ['image_uri', 'role', 'instance_count', 'instance_type'], 'unknown'),
  estimatorRow(['EstimatorBase'], ['role', 'instance_count', 'instance_type'], 'unknown'),
  estimatorRow(['AlgorithmEstimator'], ['algorithm_arn', 'role', 'instance_count', 'instance_type'], 'unknown'),
  estimatorRow(AMAZON_ALGORITHMS, ['role', 'instance_count', 'instance_type'], 'unknown'),
  // Framework estimators take the job settings only as keywords (**kwargs to EstimatorBase).
  estimatorRow(FRAMEWORK_ESTIMATORS, [], 'ignore'),
  modelTrainer(['sagemaker.modules'], 'sagemaker.modules.configs'),
  modelTrainer(['sagemaker.train'], 'sagemaker.train.configs'),
  processorRow(['Processor'], ['role', 'image_uri', 'instance_count', 'instance_type', 'entrypoint', 'volume_size_in_gb', 'volume_kms_key', 'output_kms_key']),
  processorRow(['ScriptProcessor'], ['role', 'image_uri', 'command', 'instance_count', 'instance_type', 'volume_size_in_gb', 'volume_kms_key', 'output_kms_key']),
  // Their leading parameters differ between classes and SDK versions: positional arguments make the call unknown.
  processorRow(FRAMEWORK_PROCESSORS, []),
  {
    names: MONITORS,
    form: 'sdk-class',
    family: 'monitor',
    kind: 'monitoring-job',
    instanceList: 'processing',
    positional: ['role', 'instance_count', 'instance_type'],
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'volume_kms_key', { config: `${MONITOR_CONFIG}.MonitoringResources.ClusterConfig.VolumeKmsKeyId` }),
      row('output-kms', 'output_kms_key', { config: `${MONITOR_CONFIG}.MonitoringOutputConfig.KmsKeyId` }),
      ...networkConfigFields(MONITOR_CONFIG),
      row('instance-type', 'instance_type'),
      row('instance-count', 'instance_count'),
    ],
    classes: { network_config: { cls: 'NetworkConfig', module: 'sagemaker.network' } },
  },
  {
    names: ['Transformer'],
    form: 'sdk-class',
    family: 'transformer',
    kind: 'transform-job',
    instanceList: 'transform',
    positional: ['model_name', 'instance_count', 'instance_type'],
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'volume_kms_key', { config: 'TransformJob.TransformResources.VolumeKmsKeyId' }),
      row('output-kms', 'output_kms_key', { config: 'TransformJob.TransformOutput.KmsKeyId' }),
      row('instance-type', 'instance_type'),
      row('instance-count', 'instance_count'),
    ],
  },
  {
    names: ['transformer'],
    form: 'sdk-method',
    on: ['estimator', 'model', 'model-trainer'],
    kind: 'transform-job',
    instanceList: 'transform',
    positional: ['instance_count', 'instance_type'],
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'volume_kms_key', { config: 'TransformJob.TransformResources.VolumeKmsKeyId' }),
      row('output-kms', 'output_kms_key', { config: 'TransformJob.TransformOutput.KmsKeyId' }),
      row('instance-type', 'instance_type'),
      row('instance-count', 'instance_count'),
    ],
  },
  {
    names: MODELS,
    form: 'sdk-class',
    family: 'model',
    kind: 'model',
    extraPositional: 'ignore',
    fields: [
      row('network-isolation', 'enable_network_isolation', { config: 'Model.EnableNetworkIsolation' }),
      row('vpc', 'vpc_config', { presence: true, config: 'Model.VpcConfig' }),
    ],
  },
  {
    names: ['deploy'],
    form: 'sdk-method',
    on: ['estimator', 'model', 'tuner'],
    kind: 'endpoint-config',
    instanceList: 'endpoint',
    positional: ['initial_instance_count', 'instance_type'],
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'kms_key', { unless: 'serverless_inference_config', config: 'EndpointConfig.KmsKeyId', configNvmeFilter: true }),
      row('output-kms', 'data_capture_config.kms_key_id', { when: 'data_capture_config', config: 'EndpointConfig.DataCaptureConfig.KmsKeyId' }),
      row('output-kms', 'async_inference_config.kms_key_id', {
        when: 'async_inference_config',
        config: 'EndpointConfig.AsyncInferenceConfig.OutputConfig.KmsKeyId',
      }),
      row('instance-type', 'instance_type'),
    ],
  },
  {
    names: ['HyperparameterTuner'],
    form: 'sdk-class',
    family: 'tuner',
    kind: 'tuning-job',
    instanceList: 'training',
    positional: ['estimator'],
    extraPositional: 'ignore',
    inheritFrom: 'estimator',
    fields: [],
  },
  {
    names: ['AutoML'],
    form: 'sdk-class',
    family: 'automl',
    kind: 'automl-job',
    extraPositional: 'ignore',
    fields: [
      row('volume-kms', 'volume_kms_key', { config: 'AutoMLJob.AutoMLJobConfig.SecurityConfig.VolumeKmsKeyId' }),
      row('output-kms', 'output_kms_key', { config: 'AutoMLJob.OutputDataConfig.KmsKeyId' }),
      row('inter-container-encryption', 'encrypt_inter_container_traffic', { config: 'AutoMLJob.AutoMLJobConfig.SecurityConfig.EnableInterContainerTrafficEncryption' }),
      row('vpc', 'vpc_config', { presence: true, config: 'AutoMLJob.AutoMLJobConfig.SecurityConfig.VpcConfig' }),
    ],
  },
  {
    names: ['AutoMLV2'],
    form: 'sdk-class',
    family: 'automl',
    kind: 'automl-job',
    extraPositional: 'ignore',
    fields: [
      row('volume-kms', 'volume_kms_key', { config: 'AutoMLJobV2.SecurityConfig.VolumeKmsKeyId' }),
      row('output-kms', 'output_kms_key', { config: 'AutoMLJobV2.OutputDataConfig.KmsKeyId' }),
      row('inter-container-encryption', 'encrypt_inter_container_traffic', { config: 'AutoMLJobV2.SecurityConfig.EnableInterContainerTrafficEncryption' }),
      row('vpc', 'vpc_config', { presence: true, config: 'AutoMLJobV2.SecurityConfig.VpcConfig' }),
    ],
  },
  {
    names: ['FeatureGroup'],
    form: 'sdk-class',
    family: 'feature-group',
    extraPositional: 'ignore',
    fields: [],
  },
  {
    names: ['NotebookInstance.create'],
    form: 'sdk-class',
    modules: ['sagemaker.core'],
    kind: 'notebook-instance',
    instanceList: 'notebook',
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'kms_key_id'),
      row('direct-internet-access', 'direct_internet_access'),
      row('root-access', 'root_access'),
      row('vpc', 'subnet_id', { presence: true }),
      row('imds-version', 'instance_metadata_service_configuration.minimum_instance_metadata_service_version'),
      row('instance-type', 'instance_type'),
    ],
    classes: { instance_metadata_service_configuration: { cls: 'InstanceMetadataServiceConfiguration', module: 'sagemaker.core.shapes' } },
  },
  ...V3_CORE_ROWS,
  {
    names: ['Domain.create'],
    form: 'sdk-class',
    modules: ['sagemaker.core'],
    kind: 'domain',
    extraPositional: 'unknown',
    fields: [row('volume-kms', 'kms_key_id'), row('app-network-access', 'app_network_access_type')],
  },
  {
    names: ['create_endpoint_config'],
    form: 'sdk-method',
    on: ['session'],
    kind: 'endpoint-config',
    instanceList: 'endpoint',
    positional: ['name', 'model_name', 'initial_instance_count', 'instance_type'],
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'kms_key', { config: 'EndpointConfig.KmsKeyId', configNvmeFilter: true }),
      row('output-kms', 'data_capture_config_dict.KmsKeyId', { when: 'data_capture_config_dict', config: 'EndpointConfig.DataCaptureConfig.KmsKeyId' }),
      row('instance-type', 'instance_type'),
    ],
  },
  {
    names: ['create_model'],
    form: 'sdk-method',
    on: ['session'],
    kind: 'model',
    positional: ['name', 'role', 'container_defs', 'vpc_config', 'enable_network_isolation'],
    extraPositional: 'unknown',
    fields: [
      row('network-isolation', 'enable_network_isolation', { config: 'Model.EnableNetworkIsolation' }),
      row('vpc', 'vpc_config', { presence: true, config: 'Model.VpcConfig' }),
    ],
  },
  {
    names: ['create'],
    form: 'sdk-method',
    on: ['feature-group'],
    kind: 'feature-group',
    extraPositional: 'unknown',
    fields: [
      row('volume-kms', 'online_store_kms_key_id', { when: 'enable_online_store', config: 'FeatureGroup.OnlineStoreConfig.SecurityConfig.KmsKeyId' }),
      row('output-kms', 'offline_store_kms_key_id', { when: 's3_uri', config: 'FeatureGroup.OfflineStoreConfig.S3StorageConfig.KmsKeyId' }),
    ],
  },
];

function monitoringDefinition(op: string, output: string): PythonCallRow {
  return {
    names: [op],
    form: 'boto3',
    kind: 'monitoring-job',
    instanceList: 'processing',
    fields: [
      row('volume-kms', 'JobResources.ClusterConfig.VolumeKmsKeyId'),
      row('output-kms', `${output}.KmsKeyId`),
      row('network-isolation', 'NetworkConfig.EnableNetworkIsolation'),
      row('inter-container-encryption', 'NetworkConfig.EnableInterContainerTrafficEncryption'),
      row('vpc', 'NetworkConfig.VpcConfig', { presence: true }),
      row('instance-type', 'JobResources.ClusterConfig.InstanceType'),
      row('instance-count', 'JobResources.ClusterConfig.InstanceCount'),
    ],
  };
}

const TRAINING_DEFINITION: PythonFieldRow[] = [
  row('volume-kms', ['ResourceConfig.VolumeKmsKeyId', 'HyperParameterTuningResourceConfig.VolumeKmsKeyId']),
  row('output-kms', 'OutputDataConfig.KmsKeyId'),
  row('network-isolation', 'EnableNetworkIsolation'),
  row('inter-container-encryption', 'EnableInterContainerTrafficEncryption'),
  row('vpc', 'VpcConfig', { presence: true }),
  row('instance-type', 'ResourceConfig.InstanceType'),
  row('instance-type', 'ResourceConfig.InstanceGroups[].InstanceType'),
  row('instance-type', 'HyperParameterTuningResourceConfig.InstanceType'),
  row('instance-type', 'HyperParameterTuningResourceConfig.InstanceConfigs[].InstanceType'),
  row('instance-count', ['ResourceConfig.InstanceCount', 'HyperParameterTuningResourceConfig.InstanceCount']),
  row('instance-groups', 'ResourceConfig.InstanceGroups', { presence: true }),
];

const SCHEDULE = 'MonitoringScheduleConfig.MonitoringJobDefinition';

export const BOTO3_ROWS: PythonCallRow[] = [
  {
    names: ['create_notebook_instance'],
    form: 'boto3',
    kind: 'notebook-instance',
    instanceList: 'notebook',
    fields: [
      row('volume-kms', 'KmsKeyId'),
      row('direct-internet-access', 'DirectInternetAccess'),
      row('root-access', 'RootAccess'),
      row('vpc', 'SubnetId', { presence: true }),
      row('imds-version', 'InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion'),
      row('instance-type', 'InstanceType'),
    ],
  },
  {
    names: ['create_training_job'],
    form: 'boto3',
    kind: 'training-job',
    instanceList: 'training',
    fields: TRAINING_DEFINITION.filter((r) => !r.paths[0].startsWith('HyperParameterTuningResourceConfig')).map((r) =>
      r.role === 'volume-kms' || r.role === 'instance-count' ? { ...r, paths: [r.paths[0]] } : r,
    ),
  },
  {
    names: ['create_processing_job'],
    form: 'boto3',
    kind: 'processing-job',
    instanceList: 'processing',
    fields: [
      row('volume-kms', 'ProcessingResources.ClusterConfig.VolumeKmsKeyId'),
      row('output-kms', 'ProcessingOutputConfig.KmsKeyId', { when: 'ProcessingOutputConfig' }),
      row('network-isolation', 'NetworkConfig.EnableNetworkIsolation'),
      row('inter-container-encryption', 'NetworkConfig.EnableInterContainerTrafficEncryption'),
      row('vpc', 'NetworkConfig.VpcConfig', { presence: true }),
      row('instance-type', 'ProcessingResources.ClusterConfig.InstanceType'),
      row('instance-count', 'ProcessingResources.ClusterConfig.InstanceCount'),
    ],
  },
  {
    names: ['create_transform_job'],
    form: 'boto3',
    kind: 'transform-job',
    instanceList: 'transform',
    fields: [
      row('volume-kms', 'TransformResources.VolumeKmsKeyId'),
      row('output-kms', 'TransformOutput.KmsKeyId'),
      row('output-kms', 'DataCaptureConfig.KmsKeyId', { when: 'DataCaptureConfig' }),
      row('instance-type', 'TransformResources.InstanceType'),
      row('instance-count', 'TransformResources.InstanceCount'),
    ],
  },
  {
    names: ['create_hyper_parameter_tuning_job'],
    form: 'boto3',
    kind: 'tuning-job',
    instanceList: 'training',
    each: ['TrainingJobDefinition', 'TrainingJobDefinitions[]'],
    fields: TRAINING_DEFINITION,
  },
  {
    names: ['create_endpoint_config'],
    form: 'boto3',
    kind: 'endpoint-config',
    instanceList: 'endpoint',
    fields: [
      row('volume-kms', 'KmsKeyId'),
      row('output-kms', 'DataCaptureConfig.KmsKeyId', { when: 'DataCaptureConfig' }),
      row('output-kms', 'AsyncInferenceConfig.OutputConfig.KmsKeyId', { when: 'AsyncInferenceConfig' }),
      row('instance-type', 'ProductionVariants[].InstanceType'),
      row('instance-type', 'ShadowProductionVariants[].InstanceType'),
    ],
  },
  {
    names: ['create_model'],
    form: 'boto3',
    kind: 'model',
    fields: [row('network-isolation', 'EnableNetworkIsolation'), row('vpc', 'VpcConfig', { presence: true })],
  },
  {
    names: ['create_domain'],
    form: 'boto3',
    kind: 'domain',
    fields: [
      row('volume-kms', 'KmsKeyId'),
      row('app-network-access', 'AppNetworkAccessType'),
      row('output-kms', 'DefaultUserSettings.SharingSettings.S3KmsKeyId', { when: 'DefaultUserSettings.SharingSettings' }),
    ],
  },
  {
    names: ['create_feature_group'],
    form: 'boto3',
    kind: 'feature-group',
    fields: [
      row('volume-kms', 'OnlineStoreConfig.SecurityConfig.KmsKeyId', { when: 'OnlineStoreConfig' }),
      row('output-kms', 'OfflineStoreConfig.S3StorageConfig.KmsKeyId', { when: 'OfflineStoreConfig' }),
    ],
  },
  monitoringDefinition('create_data_quality_job_definition', 'DataQualityJobOutputConfig'),
  monitoringDefinition('create_model_quality_job_definition', 'ModelQualityJobOutputConfig'),
  monitoringDefinition('create_model_bias_job_definition', 'ModelBiasJobOutputConfig'),
  monitoringDefinition('create_model_explainability_job_definition', 'ModelExplainabilityJobOutputConfig'),
  {
    names: ['create_monitoring_schedule'],
    form: 'boto3',
    kind: 'monitoring-schedule',
    instanceList: 'processing',
    fields: [
      row('volume-kms', `${SCHEDULE}.MonitoringResources.ClusterConfig.VolumeKmsKeyId`, { when: SCHEDULE }),
      row('output-kms', `${SCHEDULE}.MonitoringOutputConfig.KmsKeyId`, { when: SCHEDULE }),
      row('network-isolation', `${SCHEDULE}.NetworkConfig.EnableNetworkIsolation`, { when: SCHEDULE }),
      row('inter-container-encryption', `${SCHEDULE}.NetworkConfig.EnableInterContainerTrafficEncryption`, { when: SCHEDULE }),
      row('instance-type', `${SCHEDULE}.MonitoringResources.ClusterConfig.InstanceType`),
      row('instance-count', `${SCHEDULE}.MonitoringResources.ClusterConfig.InstanceCount`),
    ],
  },
  {
    names: ['create_auto_ml_job'],
    form: 'boto3',
    kind: 'automl-job',
    fields: [
      row('volume-kms', 'AutoMLJobConfig.SecurityConfig.VolumeKmsKeyId'),
      row('output-kms', 'OutputDataConfig.KmsKeyId'),
      row('inter-container-encryption', 'AutoMLJobConfig.SecurityConfig.EnableInterContainerTrafficEncryption'),
      row('vpc', 'AutoMLJobConfig.SecurityConfig.VpcConfig', { presence: true }),
    ],
  },
  {
    names: ['create_auto_ml_job_v2'],
    form: 'boto3',
    kind: 'automl-job',
    fields: [
      row('volume-kms', 'SecurityConfig.VolumeKmsKeyId'),
      row('output-kms', 'OutputDataConfig.KmsKeyId'),
      row('inter-container-encryption', 'SecurityConfig.EnableInterContainerTrafficEncryption'),
      row('vpc', 'SecurityConfig.VpcConfig', { presence: true }),
    ],
  },
  {
    names: ['create_labeling_job'],
    form: 'boto3',
    kind: 'labeling-job',
    fields: [
      row('volume-kms', 'LabelingJobAlgorithmsConfig.LabelingJobResourceConfig.VolumeKmsKeyId', { when: 'LabelingJobAlgorithmsConfig' }),
      row('output-kms', 'OutputConfig.KmsKeyId'),
    ],
  },
];

const BY_CLASS = new Map<string, PythonCallRow[]>();
for (const r of SDK_ROWS.filter((r) => r.form === 'sdk-class')) for (const n of r.names) BY_CLASS.set(n, [...(BY_CLASS.get(n) ?? []), r]);

/** The SDK row for a fully qualified name such as `sagemaker.pytorch.estimator.PyTorch`. */
export function sdkClassRow(qualified: string): PythonCallRow | undefined {
  if (!qualified.startsWith('sagemaker.')) return undefined;
  const segments = qualified.split('.');
  const name = segments[segments.length - 1];
  const method = segments.slice(-2).join('.');
  const candidates = [...(BY_CLASS.get(method) ?? []), ...(BY_CLASS.get(name) ?? [])];
  return candidates.find((r) => !r.modules || r.modules.some((m) => qualified.startsWith(`${m}.`)));
}

export function sdkMethodRow(method: string, family: Family): PythonCallRow | undefined {
  return SDK_ROWS.find((r) => r.form === 'sdk-method' && r.names.includes(method) && r.on?.includes(family));
}

export const BOTO3_OPERATIONS = new Map(BOTO3_ROWS.flatMap((r) => r.names.map((n) => [n, r] as const)));

/** Class names a `from sagemaker… import *` can bring into scope. */
export const SDK_CLASS_NAMES = new Set([...BY_CLASS.keys()].filter((n) => !n.includes('.')));
