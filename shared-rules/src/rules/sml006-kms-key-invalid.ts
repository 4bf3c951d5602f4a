import { parseKeyReference } from '../kms';
import type { Report, Rule } from './rule';
import { NO_REPORTS } from './rule';
import { keyVerdict, kmsFields, knownString, rangeOf } from './support';

export const kmsKeyInvalid: Rule = {
  id: 'SML006',
  name: 'kms-key-invalid',
  title: 'KMS field is not a key id, key ARN, alias name or alias ARN',
  defaultSeverity: 'error',
  dialects: ['terraform', 'cloudformation', 'python'],
  help:
    'SageMaker KMS fields take a key id, key ARN, alias name (`alias/…`) or alias ARN; some Terraform arguments accept ' +
    'only an ARN and fail at plan time otherwise. A value of any other shape is a typo or a wrong reference.',
  peers: {},
  check(resource) {
    let reports: Report[] | undefined;
    const fields = kmsFields(resource);
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      const verdict = keyVerdict(field.value);
      if (verdict.kind === 'invalid') {
        (reports ??= []).push({
          range: rangeOf(field),
          fieldPath: field.path,
          message: `\`${field.name}\` is "${verdict.text}", which is not a KMS key id, key ARN, alias name or alias ARN.`,
        });
        continue;
      }
      const text = knownString(field.value);
      const shape = text ? parseKeyReference(text) : undefined;
      if (field.arnOnly && shape && (shape.form === 'key-id' || shape.form === 'alias-name')) {
        (reports ??= []).push({
          range: rangeOf(field),
          fieldPath: field.path,
          message: `\`${field.name}\` accepts only an ARN, but "${text}" is a ${shape.form === 'key-id' ? 'bare key id' : 'bare alias name'}; the plan fails.`,
        });
      }
    }
    return reports ?? NO_REPORTS;
  },
};
