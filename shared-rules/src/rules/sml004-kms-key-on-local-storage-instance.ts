import { withoutLocalStorage } from '../instance-types';
import type { Fix, ResourceKind, Severity } from '../model';
import type { Rule } from './rule';
import { NO_REPORTS } from './rule';
import { fieldsWithRole, instanceTypesFor, isNvmeType, isSet, kindLabel, knownString, rangeOf, removeFieldFix, setFieldFix } from './support';

function severityFor(kind: ResourceKind): Severity {
  if (kind === 'endpoint-config') return 'warning';
  if (kind === 'notebook-instance') return 'information';
  return 'error';
}

function consequence(kind: ResourceKind): string {
  if (kind === 'endpoint-config') return 'the key does not encrypt the NVMe disk (before June 2026 AWS rejected the call)';
  if (kind === 'notebook-instance') return 'the key covers only the EBS volume';
  return 'AWS rejects the request';
}

export const kmsKeyOnLocalStorageInstance: Rule = {
  id: 'SML004',
  name: 'kms-key-on-local-storage-instance',
  title: 'Volume KMS key on an instance type with NVMe instance storage',
  defaultSeverity: 'error',
  dialects: ['terraform', 'cloudformation', 'python'],
  help:
    'Instance types with NVMe instance storage (ml.g4dn, ml.g5, ml.p4d, ml.m5d, …) encrypt that storage with a hardware ' +
    'module. For training, tuning, processing, transform and monitoring jobs AWS rejects a request that sets a volume ' +
    'KMS key on such a type; an endpoint configuration accepts it but the key does not cover the local disk. Remove ' +
    'the key, or switch to the same size without local storage.',
  peers: {},
  check(resource) {
    const keys = fieldsWithRole(resource, 'volume-kms');
    if (keys.length === 0) return NO_REPORTS;
    const reports = [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (!isSet(key.value)) continue;
      const types = instanceTypesFor(resource, key).filter(isNvmeType);
      for (let j = 0; j < types.length; j++) {
        const typeField = types[j];
        const type = knownString(typeField.value) ?? '';
        const fixes = (): Fix[] => {
          const list = removeFieldFix(resource, key, `Remove ${key.name}`, true);
          const other = resource.instanceList ? withoutLocalStorage(resource.instanceList, type) : undefined;
          if (other) list.push(...setFieldFix(resource, typeField, { kind: 'literal', value: other }, `Switch to ${other}`));
          return list;
        };
        const where = typeField.group ? ` in ${typeField.group}` : '';
        reports.push({
          range: rangeOf(key),
          severity: severityFor(resource.kind),
          fieldPath: key.path,
          message:
            `\`${key.name}\` is set, but instance type ${type}${where} of this ${kindLabel(resource.kind)} has NVMe ` +
            `instance storage: ${consequence(resource.kind)}. Remove the key or choose a type without local storage.`,
          related: [{ file: resource.file, range: rangeOf(typeField), message: `instance type ${type}` }],
          fixes,
        });
      }
    }
    return reports;
  },
};
