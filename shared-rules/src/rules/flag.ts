import type { FieldFact, FixValue, ResourceFacts, Scalar } from '../model';
import type { Report } from './rule';
import { NO_REPORTS } from './rule';
import { fieldsWithRole, knownBoolean, knownString, rangeOf, setFieldFix } from './support';
import type { FieldRole } from '../model';

/** A field that must hold one good value; absent or any other known value is reported. */
export interface FlagCheck {
  role: FieldRole;
  /** Whether the known value is acceptable. */
  good(field: FieldFact): boolean | undefined;
  fixValue: Scalar;
  message(field: FieldFact, resource: ResourceFacts, absent: boolean): string;
  fixTitle(field: FieldFact): string;
}

export function checkFlag(resource: ResourceFacts, spec: FlagCheck): Report[] {
  let reports: Report[] | undefined;
  const fields = fieldsWithRole(resource, spec.role);
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    const absent = field.value.state === 'missing';
    if (!absent) {
      const ok = spec.good(field);
      if (ok === undefined || ok) continue;
    }
    (reports ??= []).push({
      range: rangeOf(field),
      fieldPath: field.path,
      message: spec.message(field, resource, absent),
      fixes: () => setFieldFix(resource, field, { kind: 'literal', value: spec.fixValue } satisfies FixValue, spec.fixTitle(field), true),
    });
  }
  return reports ?? NO_REPORTS;
}

export const isTrue = (field: FieldFact): boolean | undefined => knownBoolean(field.value);

export function equalsText(expected: string) {
  return (field: FieldFact): boolean | undefined => {
    const text = knownString(field.value) ?? (field.value.state === 'known' ? String(field.value.value) : undefined);
    return text === undefined ? undefined : text === expected;
  };
}
