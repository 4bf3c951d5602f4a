import type { Report, Rule } from './rule';
import { NO_REPORTS } from './rule';
import { absenceReason, customerKeyFixes, fieldsWithRole, isAbsent, kindLabel, rangeOf } from './support';

export const outputKmsKeyMissing: Rule = {
  id: 'SML002',
  name: 'output-kms-key-missing',
  title: 'S3 output not encrypted with a customer-managed KMS key',
  defaultSeverity: 'warning',
  dialects: ['terraform', 'cloudformation', 'python'],
  help:
    'Without an output KMS key SageMaker writes model artifacts, processing results, captured data and reports to S3 ' +
    'under the account\'s AWS-managed `aws/s3` key, whose policy cannot be changed or shared across accounts. Set the ' +
    'output key to a customer-managed KMS key.',
  peers: { checkov: ['CKV_AWS_367', 'CKV_AWS_372'] },
  check(resource) {
    let reports: Report[] | undefined;
    const fields = fieldsWithRole(resource, 'output-kms');
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      if (!isAbsent(field.value)) continue;
      (reports ??= []).push({
        range: rangeOf(field),
        fieldPath: field.path,
        message:
          `\`${field.name}\` is not set${absenceReason(field.value)}, so this ${kindLabel(resource.kind)} writes its S3 ` +
          'output under the AWS-managed aws/s3 key. Set it to a customer-managed KMS key.',
        fixes: () => customerKeyFixes(resource, field),
      });
    }
    return reports ?? NO_REPORTS;
  },
};
