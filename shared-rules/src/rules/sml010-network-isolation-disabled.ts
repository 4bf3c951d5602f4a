import type { FlagCheck } from './flag';
import { checkFlag, isTrue } from './flag';
import type { Rule } from './rule';
import { kindLabel } from './support';

const NETWORK_ISOLATION: FlagCheck = {
  role: 'network-isolation',
  good: isTrue,
  fixValue: true,
  message: (field, r, absent) =>
    `${absent ? `\`${field.name}\` is not set` : `\`${field.name}\` is false`}, so this ${kindLabel(r.kind)}'s containers can reach the network. Set it to true.`,
  fixTitle: (field) => `Set ${field.name} to true`,
};

export const networkIsolationDisabled: Rule = {
  id: 'SML010',
  name: 'network-isolation-disabled',
  title: 'Network isolation is not enabled',
  defaultSeverity: 'warning',
  dialects: ['terraform', 'cloudformation', 'python'],
  help:
    'Without network isolation the training, processing or model container can make outbound calls, so code in it ' +
    '(a dependency, a downloaded model) can exfiltrate data. Enable network isolation; the container still reads its ' +
    'inputs and writes its outputs through SageMaker.',
  peers: {
    checkov: ['CKV_AWS_370'],
    prowler: ['sagemaker_models_network_isolation_enabled', 'sagemaker_training_jobs_network_isolation_enabled'],
    awsConfig: ['SAGEMAKER_MODEL_ISOLATION_ENABLED', 'SAGEMAKER_DATA_QUALITY_JOB_ISOLATION', 'SAGEMAKER_MODEL_BIAS_JOB_ISOLATION'],
    securityHub: ['SageMaker.5', 'SageMaker.11', 'SageMaker.12', 'SageMaker.14'],
  },
  check(resource) {
    return checkFlag(resource, NETWORK_ISOLATION);
  },
};
