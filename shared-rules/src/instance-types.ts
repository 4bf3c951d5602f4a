import data from './data/instance-types.json';
import type { InstanceFamilyList } from './model';

const lists = new Map<InstanceFamilyList, Set<string>>(
  (Object.keys(data.types) as InstanceFamilyList[]).map((k) => [k, new Set(data.types[k])]),
);
const nvmeFamilies = new Set(data.nvmeFamilies);

/** `ml.g5.2xlarge` → `g5`; undefined for anything that is not an `ml.` instance type. */
export function instanceFamily(instanceType: string): string | undefined {
  const m = /^ml\.([a-z0-9-]+)\.[a-z0-9]+$/.exec(instanceType);
  return m?.[1];
}

/** Whether the type has NVMe instance storage, on which AWS refuses (or ignores) a volume KMS key. */
export function hasLocalNvmeStorage(instanceType: string): boolean {
  const family = instanceFamily(instanceType);
  return family !== undefined && nvmeFamilies.has(family);
}

/** SDK local mode runs on the developer's machine and creates no AWS resource. */
export function isLocalMode(instanceType: string): boolean {
  return instanceType === 'local' || instanceType === 'local_gpu';
}

export function isKnownInstanceType(list: InstanceFamilyList, instanceType: string): boolean {
  return lists.get(list)?.has(instanceType) ?? true;
}

/**
 * The same size in a family of the same generation without local storage, when SageMaker offers it
 * for that kind: `ml.m5d.xlarge` → `ml.m5.xlarge`, `ml.r5d.large` → `ml.r5.large`.
 */
export function withoutLocalStorage(list: InstanceFamilyList, instanceType: string): string | undefined {
  const m = /^ml\.([a-z0-9-]+)\.([a-z0-9]+)$/.exec(instanceType);
  if (!m) return undefined;
  const [, family, size] = m;
  if (!family.endsWith('d') || family.endsWith('dn')) return undefined;
  const candidate = `ml.${family.slice(0, -1)}.${size}`;
  return lists.get(list)?.has(candidate) && !hasLocalNvmeStorage(candidate) ? candidate : undefined;
}

export const instanceTypeData = { date: data.date, sources: data.sources };
