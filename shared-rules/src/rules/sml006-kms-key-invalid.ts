import { parseKeyReference } from '../kms';
import type { Rule } from './rule';
import { keyVerdict, knownString, rangeOf } from './support';

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
    return resource.fields
      .filter((field) => field.role === 'volume-kms' || field.role === 'output-kms')
      .flatMap((field) => {
        const verdict = keyVerdict(field.value);
        if (verdict.kind === 'invalid') {
          return [
            {
              range: rangeOf(field),
              fieldPath: field.path,
              message: `\`${field.name}\` is "${verdict.text}", which is not a KMS key id, key ARN, alias name or alias ARN.`,
            },
          ];
        }
        const text = knownString(field.value);
        const shape = text ? parseKeyReference(text) : undefined;
        if (field.arnOnly && shape && (shape.form === 'key-id' || shape.form === 'alias-name')) {
          return [
            {
              range: rangeOf(field),
              fieldPath: field.path,
              message: `\`${field.name}\` accepts only an ARN, but "${text}" is a ${shape.form === 'key-id' ? 'bare key id' : 'bare alias name'}; the plan fails.`,
            },
          ];
        }
        return [];
      });
  },
};
