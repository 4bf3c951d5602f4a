import type { Report, Rule } from './rule';
import { NO_REPORTS } from './rule';
import { keyRegion, kmsFields, knownString, rangeOf, relatedOf } from './support';

export const kmsKeyRegionMismatch: Rule = {
  id: 'SML005',
  name: 'kms-key-region-mismatch',
  title: 'KMS key is in another region than the resource',
  defaultSeverity: 'error',
  dialects: ['terraform', 'python'],
  help:
    'KMS keys are regional: SageMaker can only use a key in the region where the resource is created, so a key ARN for ' +
    'another region fails at create time. Use a key (or a multi-Region replica) in the resource\'s region.',
  peers: {},
  check(resource) {
    const region = knownString(resource.region);
    if (!region) return NO_REPORTS;
    let reports: Report[] | undefined;
    const fields = kmsFields(resource);
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      const keyIn = keyRegion(field.value);
      if (!keyIn || keyIn === region) continue;
      (reports ??= []).push({
        range: rangeOf(field),
        fieldPath: field.path,
        message: `\`${field.name}\` names a KMS key in ${keyIn}, but this resource is created in ${region}; SageMaker cannot use a key from another region.`,
        related: [
          ...relatedOf(field.value),
          ...(resource.region.state === 'known' ? [{ file: resource.file, range: resource.region.range, message: `region ${region}` }] : []),
        ],
      });
    }
    return reports ?? NO_REPORTS;
  },
};
