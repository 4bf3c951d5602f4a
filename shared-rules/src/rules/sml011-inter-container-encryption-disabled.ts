import type { FlagCheck } from './flag';
import { checkFlag, isTrue } from './flag';
import type { Rule } from './rule';
import { fieldsWithRole, kindLabel } from './support';

const INTER_CONTAINER_ENCRYPTION: FlagCheck = {
  role: 'inter-container-encryption',
  good: isTrue,
  fixValue: true,
  message: (field, r, absent) =>
    `${absent ? `\`${field.name}\` is not set` : `\`${field.name}\` is false`}, so traffic between this ${kindLabel(r.kind)}'s instances is not encrypted. Set it to true.`,
  fixTitle: (field) => `Set ${field.name} to true`,
};

export const interContainerEncryptionDisabled: Rule = {
  id: 'SML011',
  name: 'inter-container-encryption-disabled',
  title: 'Inter-container traffic encryption is not enabled',
  defaultSeverity: 'warning',
  dialects: ['terraform', 'cloudformation', 'python'],
  help:
    'Distributed jobs exchange model parameters and data between instances; without inter-container traffic ' +
    'encryption that traffic crosses the network in clear text. Enable it (it costs some training time). A job that ' +
    'runs on a single instance is reported as information only.',
  peers: {
    checkov: ['CKV_AWS_369'],
    prowler: ['sagemaker_training_jobs_intercontainer_encryption_enabled'],
    securityHub: ['SageMaker.9', 'SageMaker.10', 'SageMaker.13', 'SageMaker.15'],
  },
  check(resource) {
    const reports = checkFlag(resource, INTER_CONTAINER_ENCRYPTION);
    if (reports.length === 0) return reports;
    const counts = fieldsWithRole(resource, 'instance-count');
    const single =
      fieldsWithRole(resource, 'instance-groups').every((g) => g.value.state === 'missing') &&
      counts.length > 0 &&
      counts.every((c) => c.value.state === 'known' && Number(c.value.value) === 1);
    // Written out rather than spread: a spread and one more property gave each report a shape of its own.
    return single ? reports.map((r) => ({ range: r.range, fieldPath: r.fieldPath, message: r.message, fixes: r.fixes, severity: 'information' as const })) : reports;
  },
};
