import type { Report, Rule } from './rule';
import { NO_REPORTS } from './rule';
import { absenceReason, allNvme, customerKeyFixes, fieldsWithRole, instanceTypesFor, isAbsent, kindLabel, rangeOf } from './support';

export const volumeKmsKeyMissing: Rule = {
  id: 'SML001',
  name: 'volume-kms-key-missing',
  title: 'Storage volume not encrypted with a customer-managed KMS key',
  defaultSeverity: 'warning',
  dialects: ['terraform', 'cloudformation', 'python'],
  help:
    'Without a volume KMS key SageMaker encrypts the ML storage volume with a transient or AWS-managed key, which your ' +
    'key policies, grants and CloudTrail cannot govern. Set the field to a customer-managed key. Jobs and endpoints ' +
    'whose every instance type has NVMe instance storage are exempt: that storage is encrypted by the hardware and AWS ' +
    'refuses a volume key there (see SML004).',
  peers: {
    checkov: ['CKV_AWS_22', 'CKV_AWS_187', 'CKV_AWS_98', 'CKV_AWS_368'],
    kics: ['f3674e0c-f6be-43fa-b71c-bf346d1aed99', '58b35504-0287-4154-bf69-02c0573deab8', '709e6da6-fa1f-44cc-8f17-7f25f96dadbe', '44034eda-1c3f-486a-831d-e09a7dd94354'],
    prowler: ['sagemaker_notebook_instance_encryption_enabled', 'sagemaker_endpoint_config_kms_encryption_enabled', 'sagemaker_training_jobs_volume_and_output_encryption_enabled'],
    awsConfig: ['SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED', 'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED'],
  },
  check(resource) {
    let reports: Report[] | undefined;
    const fields = fieldsWithRole(resource, 'volume-kms');
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      if (!isAbsent(field.value)) continue;
      if (resource.kind !== 'notebook-instance' && allNvme(instanceTypesFor(resource, field))) continue;
      (reports ??= []).push({
        range: rangeOf(field),
        fieldPath: field.path,
        message:
          `\`${field.name}\` is not set${absenceReason(field.value)}, so this ${kindLabel(resource.kind)}'s storage volume ` +
          'is encrypted with a key your organisation does not control. Set it to a customer-managed KMS key.',
        fixes: () => customerKeyFixes(resource, field),
      });
    }
    return reports ?? NO_REPORTS;
  },
};
