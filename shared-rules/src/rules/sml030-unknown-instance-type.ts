import { isKnownInstanceType, isLocalMode } from '../instance-types';
import type { Report, Rule } from './rule';
import { NO_REPORTS } from './rule';
import { fieldsWithRole, kindLabel, knownString, rangeOf } from './support';

export const unknownInstanceType: Rule = {
  id: 'SML030',
  name: 'unknown-instance-type',
  title: 'Instance type SageMaker does not offer for this kind',
  defaultSeverity: 'warning',
  dialects: ['terraform', 'cloudformation', 'python'],
  help:
    'The instance type is not in SageMaker\'s list for this kind of resource (a typo, a missing `ml.` prefix, or a ' +
    'family offered only for another kind, such as an endpoint-only type on a transform job). The list is the ' +
    'SageMaker API\'s enum as shipped with this version; a type added since is reported until the list is updated.',
  peers: {},
  check(resource) {
    const list = resource.instanceList;
    if (!list) return NO_REPORTS;
    let reports: Report[] | undefined;
    const fields = fieldsWithRole(resource, 'instance-type');
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      const type = knownString(field.value);
      if (type === undefined || isLocalMode(type) || isKnownInstanceType(list, type)) continue;
      (reports ??= []).push({
        range: rangeOf(field),
        fieldPath: field.path,
        message: `"${type}" is not an instance type SageMaker offers for a ${kindLabel(resource.kind)}.`,
      });
    }
    return reports ?? NO_REPORTS;
  },
};
