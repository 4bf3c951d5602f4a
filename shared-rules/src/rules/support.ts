import { classifyKeyText, mentionsAwsManagedAlias, parseKeyReference } from '../kms';
import { hasLocalNvmeStorage } from '../instance-types';
import type { FieldFact, FieldRole, Fix, FixValue, KmsKeyDefinition, Range, RelatedLocation, ResourceFacts, ResourceKind, Value } from '../model';

/** Returned instead of a new empty array: rules ask every resource for roles most of them lack. Never written. */
export const NO_FIELDS: FieldFact[] = Object.freeze([]) as unknown as FieldFact[];

/** The fields with `role`, in order; `NO_FIELDS` when there are none. Do not modify the result. */
export function fieldsWithRole(resource: ResourceFacts, role: FieldRole): FieldFact[] {
  const fields = resource.fields;
  let out: FieldFact[] | undefined;
  for (let i = 0; i < fields.length; i++) if (fields[i].role === role) (out ??= []).push(fields[i]);
  return out ?? NO_FIELDS;
}

/** The KMS fields (volume and output), in order. Do not modify the result. */
export function kmsFields(resource: ResourceFacts): FieldFact[] {
  const fields = resource.fields;
  let out: FieldFact[] | undefined;
  for (let i = 0; i < fields.length; i++) if (fields[i].role === 'volume-kms' || fields[i].role === 'output-kms') (out ??= []).push(fields[i]);
  return out ?? NO_FIELDS;
}

/** Instance types that apply to a field: its own group's, or every type of the resource. */
export function instanceTypesFor(resource: ResourceFacts, field?: FieldFact): FieldFact[] {
  const types = fieldsWithRole(resource, 'instance-type');
  if (field?.group === undefined) return types;
  const same = types.filter((t) => t.group === field.group);
  return same.length > 0 ? same : types;
}

export function knownString(value: Value): string | undefined {
  return value.state === 'known' && typeof value.value === 'string' ? value.value : undefined;
}

/** True for `true`, `"true"`, `"True"` as the dialects spell it. */
export function knownBoolean(value: Value): boolean | undefined {
  if (value.state !== 'known') return undefined;
  if (typeof value.value === 'boolean') return value.value;
  if (typeof value.value === 'string' && /^(true|false)$/i.test(value.value)) return value.value.toLowerCase() === 'true';
  return undefined;
}

/** A field counts as absent when missing or an empty string. */
export function isAbsent(value: Value): boolean {
  return value.state === 'missing' || (value.state === 'known' && value.value === '');
}

/** A field counts as set when the code writes a non-empty value, even one we cannot resolve. */
export function isSet(value: Value): boolean {
  if (value.state === 'known') return value.value !== '';
  if (value.state === 'key') return true;
  return value.state === 'unknown' && value.range !== undefined;
}

export function isNvmeType(field: FieldFact): boolean {
  const text = knownString(field.value);
  return text !== undefined && hasLocalNvmeStorage(text);
}

/** Every instance type of the group is known and has NVMe storage. */
export function allNvme(types: FieldFact[]): boolean {
  return types.length > 0 && types.every(isNvmeType);
}

export type KeyVerdict =
  | { kind: 'aws-managed'; text: string }
  | { kind: 'customer-managed' }
  | { kind: 'undecidable' }
  | { kind: 'invalid'; text: string }
  | { kind: 'absent' }
  | { kind: 'unknown' };

export function keyVerdict(value: Value): KeyVerdict {
  switch (value.state) {
    case 'missing':
      return { kind: 'absent' };
    case 'key':
      return { kind: 'customer-managed' };
    case 'unknown':
      return value.partial !== undefined && mentionsAwsManagedAlias(value.partial)
        ? { kind: 'aws-managed', text: value.partial.split('\u0000').join('…') }
        : { kind: 'unknown' };
    case 'known': {
      if (value.value === '') return { kind: 'absent' };
      const text = String(value.value);
      const cls = classifyKeyText(text);
      if (cls === 'aws-managed') return { kind: 'aws-managed', text };
      if (cls === 'invalid') return { kind: 'invalid', text };
      return cls === 'customer-managed' ? { kind: 'customer-managed' } : { kind: 'undecidable' };
    }
  }
}

export function keyRegion(value: Value): string | undefined {
  if (value.state === 'key') return value.key.region;
  const text = knownString(value);
  return text ? parseKeyReference(text)?.region : undefined;
}

/** Where a finding about a field goes: the value when written, else the anchor. */
export function rangeOf(field: FieldFact): Range {
  return field.value.range ?? field.anchor;
}

/** The definitions a value went through (variable default, data source, key resource). */
export function relatedOf(value: Value): RelatedLocation[] {
  const related: RelatedLocation[] = value.trail.map((o) => ({ file: o.file, range: o.range, message: o.description }));
  if (value.state === 'key') {
    related.push({ file: value.key.file, range: value.key.range, message: `customer-managed key ${value.key.label}` });
  }
  return related;
}

/** Why the value counts as absent, when it was resolved through something (`variable "kms_key" defaults to null`). */
export function absenceReason(value: Value): string {
  return value.state === 'missing' && value.reason ? ` (${value.reason})` : '';
}

const KIND_LABELS: Record<ResourceKind, string> = {
  'notebook-instance': 'notebook instance',
  'training-job': 'training job',
  'processing-job': 'processing job',
  'transform-job': 'transform job',
  'tuning-job': 'tuning job',
  'endpoint-config': 'endpoint configuration',
  model: 'model',
  'monitoring-job': 'monitoring job definition',
  'monitoring-schedule': 'monitoring schedule',
  domain: 'Studio domain',
  'user-profile': 'Studio user profile',
  space: 'Studio space',
  'feature-group': 'feature group',
  'labeling-job': 'labeling job',
  'flow-definition': 'flow definition',
  'automl-job': 'AutoML job',
  'compilation-job': 'compilation job',
  'inference-experiment': 'inference experiment',
  cluster: 'HyperPod cluster',
};

export function kindLabel(kind: ResourceKind): string {
  return KIND_LABELS[kind];
}

function replacementNote(field: FieldFact): string {
  return field.forcesReplacement ? ' (recreates the resource)' : '';
}

export function setFieldFix(resource: ResourceFacts, field: FieldFact, value: FixValue, title: string, isPreferred = false): Fix[] {
  const edits = resource.editor.setField(resource, field, value);
  if (!edits || edits.length === 0) return [];
  return [{ title: `${title}${replacementNote(field)}`, isPreferred, edits: [{ file: resource.file, edits }] }];
}

export function removeFieldFix(resource: ResourceFacts, field: FieldFact, title: string, isPreferred = false): Fix[] {
  const edits = resource.editor.removeField(resource, field);
  if (!edits || edits.length === 0) return [];
  return [{ title: `${title}${replacementNote(field)}`, isPreferred, edits: [{ file: resource.file, edits }] }];
}

/**
 * Fixes that point a KMS field at a customer-managed key: one per key in scope (preferred when
 * there is exactly one), else one that creates a key for SageMaker and references it.
 */
export function customerKeyFixes(resource: ResourceFacts, field: FieldFact): Fix[] {
  const usable = resource.customerKeys.filter((k: KmsKeyDefinition) => !(field.value.state === 'key' && field.value.key === k));
  const fixes = usable.flatMap((key) =>
    setFieldFix(resource, field, { kind: 'key', key }, `Use customer-managed key ${key.label}`, usable.length === 1),
  );
  const created = resource.editor.createKey(resource);
  if (created) {
    const edits = resource.editor.setField(resource, field, { kind: 'key', key: created.key });
    if (edits && edits.length > 0) {
      fixes.push({
        title: `Create a customer-managed KMS key for SageMaker${replacementNote(field)}`,
        isPreferred: usable.length === 0,
        // Inserts at one position land in array order: the field goes into the resource before a key appended after it.
        edits: [{ file: resource.file, edits: [...edits, ...created.edits] }],
      });
    }
  }
  return fixes;
}
