import type { FieldRole, InstanceFamilyList, ResourceKind } from '../model';

/**
 * Where each SageMaker setting lives in the AWS provider's resources (reference: sagemaker-surface.md §1b).
 * Adding a resource kind or a field is a row here plus fixtures; the adapter has no per-resource code.
 * Argument names and ARN validation were checked against the provider's `website/docs/r/sagemaker_*`
 * pages and, for `arnOnly`, its schemas (`verify.ValidARN`), except where the reference is the source.
 */
export interface TerraformFieldRow {
  role: FieldRole;
  /** Block names then the attribute, dot-separated; alternatives are tried in order (first present wins). */
  paths: string[];
  /**
   * When the field applies: `always` (absent means missing), or only when the named block path exists
   * (an optional block such as `data_capture_config`).
   */
  when?: { block: string };
  /** The value is the presence of a block (`vpc_config`). */
  presence?: boolean;
  /** The provider validates the argument as an ARN. */
  arnOnly?: boolean;
  /** Updatable in place; every other SageMaker argument forces replacement. */
  inPlace?: boolean;
}

export interface TerraformResourceRow {
  type: string;
  kind: ResourceKind;
  instanceList?: InstanceFamilyList;
  /** Repeated blocks whose elements are evaluated as separate groups (variants, definitions). */
  each?: string[];
  /** Rows relative to each element of `each` (or to the resource body without it). */
  fields: TerraformFieldRow[];
  /** Rows relative to the resource body, alongside per-element ones. */
  resourceFields?: TerraformFieldRow[];
}

const row = (role: FieldRole, path: string | string[], extra: Omit<TerraformFieldRow, 'role' | 'paths'> = {}): TerraformFieldRow => ({
  role,
  paths: Array.isArray(path) ? path : [path],
  ...extra,
});

const whenParent = (path: string): { when: { block: string } } => ({ when: { block: path.slice(0, path.lastIndexOf('.')) } });

function monitoringJob(type: string, output: string): TerraformResourceRow {
  return {
    type,
    kind: 'monitoring-job',
    instanceList: 'processing',
    fields: [
      row('volume-kms', 'job_resources.cluster_config.volume_kms_key_id', { arnOnly: true }),
      row('output-kms', `${output}.kms_key_id`, { arnOnly: true }),
      row('network-isolation', 'network_config.enable_network_isolation'),
      row('inter-container-encryption', 'network_config.enable_inter_container_traffic_encryption'),
      row('vpc', 'network_config.vpc_config', { presence: true }),
      row('instance-type', 'job_resources.cluster_config.instance_type'),
      row('instance-count', 'job_resources.cluster_config.instance_count'),
    ],
  };
}

export const TERRAFORM_RESOURCES: TerraformResourceRow[] = [
  {
    type: 'aws_sagemaker_notebook_instance',
    kind: 'notebook-instance',
    instanceList: 'notebook',
    fields: [
      row('volume-kms', 'kms_key_id'),
      row('direct-internet-access', 'direct_internet_access'),
      row('root-access', 'root_access', { inPlace: true }),
      row('vpc', 'subnet_id'),
      row('imds-version', 'instance_metadata_service_configuration.minimum_instance_metadata_service_version', { inPlace: true }),
      row('instance-type', 'instance_type', { inPlace: true }),
    ],
  },
  {
    type: 'aws_sagemaker_endpoint_configuration',
    kind: 'endpoint-config',
    instanceList: 'endpoint',
    each: ['production_variants', 'shadow_production_variants'],
    fields: [
      row('instance-type', 'instance_type'),
      row('output-kms', 'core_dump_config.kms_key_id', { arnOnly: true, ...whenParent('core_dump_config.kms_key_id') }),
    ],
    resourceFields: [
      row('volume-kms', 'kms_key_arn', { arnOnly: true }),
      row('output-kms', 'data_capture_config.kms_key_id', { arnOnly: true, ...whenParent('data_capture_config.kms_key_id') }),
      row('output-kms', 'async_inference_config.output_config.kms_key_id', { arnOnly: true, when: { block: 'async_inference_config' } }),
    ],
  },
  {
    type: 'aws_sagemaker_model',
    kind: 'model',
    fields: [row('network-isolation', 'enable_network_isolation'), row('vpc', 'vpc_config', { presence: true })],
  },
  {
    type: 'aws_sagemaker_domain',
    kind: 'domain',
    fields: [
      row('volume-kms', 'kms_key_id', { arnOnly: true }),
      row('app-network-access', 'app_network_access_type'),
      row('output-kms', 'default_user_settings.sharing_settings.s3_kms_key_id', { inPlace: true, ...whenParent('default_user_settings.sharing_settings.s3_kms_key_id') }),
      row('output-kms', 'default_user_settings.canvas_app_settings.workspace_settings.s3_kms_key_id', {
        inPlace: true,
        ...whenParent('default_user_settings.canvas_app_settings.workspace_settings.s3_kms_key_id'),
      }),
    ],
  },
  {
    type: 'aws_sagemaker_user_profile',
    kind: 'user-profile',
    fields: [
      row('output-kms', 'user_settings.sharing_settings.s3_kms_key_id', { inPlace: true, ...whenParent('user_settings.sharing_settings.s3_kms_key_id') }),
      row('output-kms', 'user_settings.canvas_app_settings.workspace_settings.s3_kms_key_id', {
        inPlace: true,
        ...whenParent('user_settings.canvas_app_settings.workspace_settings.s3_kms_key_id'),
      }),
    ],
  },
  {
    type: 'aws_sagemaker_feature_group',
    kind: 'feature-group',
    fields: [
      row('volume-kms', 'online_store_config.security_config.kms_key_id', { arnOnly: true, when: { block: 'online_store_config' } }),
      row('output-kms', 'offline_store_config.s3_storage_config.kms_key_id', { arnOnly: true, when: { block: 'offline_store_config' } }),
    ],
  },
  monitoringJob('aws_sagemaker_data_quality_job_definition', 'data_quality_job_output_config'),
  monitoringJob('aws_sagemaker_model_quality_job_definition', 'model_quality_job_output_config'),
  {
    type: 'aws_sagemaker_training_job',
    kind: 'training-job',
    instanceList: 'training',
    fields: [
      row('volume-kms', 'resource_config.volume_kms_key_id'),
      row('output-kms', 'output_data_config.kms_key_id'),
      row('network-isolation', 'enable_network_isolation'),
      row('inter-container-encryption', 'enable_inter_container_traffic_encryption'),
      row('vpc', 'vpc_config', { presence: true }),
      row('instance-type', ['resource_config.instance_type']),
      row('instance-type', ['resource_config.instance_groups.instance_type']),
      row('instance-count', 'resource_config.instance_count'),
      row('instance-groups', 'resource_config.instance_groups', { presence: true }),
    ],
  },
  {
    type: 'aws_sagemaker_hyper_parameter_tuning_job',
    kind: 'tuning-job',
    instanceList: 'training',
    each: ['training_job_definition', 'training_job_definitions'],
    fields: [
      row('volume-kms', ['resource_config.volume_kms_key_id', 'hyper_parameter_tuning_resource_config.volume_kms_key_id']),
      row('output-kms', 'output_data_config.kms_key_id'),
      row('network-isolation', 'enable_network_isolation'),
      row('inter-container-encryption', 'enable_inter_container_traffic_encryption'),
      row('vpc', 'vpc_config', { presence: true }),
      row('instance-type', ['resource_config.instance_type']),
      row('instance-type', ['resource_config.instance_groups.instance_type']),
      row('instance-type', ['hyper_parameter_tuning_resource_config.instance_type']),
      row('instance-type', ['hyper_parameter_tuning_resource_config.instance_configs.instance_type']),
      row('instance-count', ['resource_config.instance_count', 'hyper_parameter_tuning_resource_config.instance_count']),
      row('instance-groups', 'resource_config.instance_groups', { presence: true }),
    ],
  },
  {
    type: 'aws_sagemaker_labeling_job',
    kind: 'labeling-job',
    fields: [
      row('volume-kms', 'labeling_job_algorithms_config.labeling_job_resource_config.volume_kms_key_id', {
        when: { block: 'labeling_job_algorithms_config' },
      }),
      row('output-kms', 'output_config.kms_key_id'),
    ],
  },
  {
    type: 'aws_sagemaker_flow_definition',
    kind: 'flow-definition',
    fields: [row('output-kms', 'output_config.kms_key_id', { arnOnly: true })],
  },
];

export const TERRAFORM_RESOURCE_TYPES = new Map(TERRAFORM_RESOURCES.map((r) => [r.type, r]));
