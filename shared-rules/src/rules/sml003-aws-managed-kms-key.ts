import type { Report, Rule } from './rule';
import { NO_REPORTS } from './rule';
import { customerKeyFixes, keyVerdict, kmsFields, rangeOf, relatedOf } from './support';

export const awsManagedKmsKey: Rule = {
  id: 'SML003',
  name: 'aws-managed-kms-key',
  title: 'KMS field uses an AWS-managed key',
  defaultSeverity: 'warning',
  dialects: ['terraform', 'cloudformation', 'python'],
  help:
    '`alias/aws/…` keys are AWS-managed: their key policy cannot be edited, so you cannot restrict who decrypts, grant ' +
    'another account, or disable the key. Security policies that demand a customer-managed key are not met. Replace ' +
    'the reference with a customer-managed key.',
  peers: { checkov: ['CKV_AWS_22', 'CKV_AWS_187'] },
  check(resource) {
    let reports: Report[] | undefined;
    const fields = kmsFields(resource);
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      const verdict = keyVerdict(field.value);
      if (verdict.kind !== 'aws-managed') continue;
      const via = field.value.trail.length > 0 ? ` through ${field.value.trail[0].description}` : '';
      (reports ??= []).push({
        range: rangeOf(field),
        fieldPath: field.path,
        message:
          `\`${field.name}\` resolves${via} to the AWS-managed key \`${verdict.text}\`, whose policy you cannot ` +
          'control. Use a customer-managed KMS key.',
        related: relatedOf(field.value),
        fixes: () => customerKeyFixes(resource, field),
      });
    }
    return reports ?? NO_REPORTS;
  },
};
