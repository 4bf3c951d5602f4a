import { classifyKeyText, mentionsAwsManagedAlias } from './kms';
import type { Origin, Range, Value } from './model';
import { unknown } from './model';

/** The same value seen from another place: the range moves there, the trail keeps where it came from. */
export function seenAt(value: Value, range: Range, origin?: Origin): Value {
  const trail = origin ? [origin, ...value.trail] : value.trail;
  return { ...value, range, trail };
}

function verdictClass(v: Value): string | undefined {
  switch (v.state) {
    case 'missing':
      return 'absent';
    case 'key':
      return 'customer-managed';
    case 'known':
      if (v.value === '') return 'absent';
      return typeof v.value === 'string' ? classifyKeyText(v.value) : `literal:${String(v.value)}`;
    case 'unknown':
      return v.partial !== undefined && mentionsAwsManagedAlias(v.partial) ? 'aws-managed' : undefined;
  }
}

/**
 * A conditional whose condition we cannot evaluate: the branches' common verdict when they agree
 * (both absent, both the same literal, both AWS-managed keys), otherwise unknown.
 */
export function eitherBranch(a: Value, b: Value, range: Range, reason: string): Value {
  if (a.state === 'known' && b.state === 'known' && a.value === b.value) return seenAt(a, range);
  if (a.state === 'missing' && b.state === 'missing') return { state: 'missing', range, trail: a.trail, reason: a.reason ?? b.reason };
  const ca = verdictClass(a);
  if (ca !== undefined && ca !== 'undecidable' && ca === verdictClass(b)) {
    // `null` and `""` both leave the field unset.
    if (ca === 'absent') return { state: 'missing', range, trail: [...a.trail, ...b.trail], reason: a.state === 'missing' ? a.reason : b.state === 'missing' ? b.reason : undefined };
    if (ca === 'customer-managed' && a.state === 'key') return seenAt(a, range);
    if (ca === 'aws-managed') return seenAt(a, range);
    if (ca.startsWith('literal:')) return seenAt(a, range);
  }
  return unknown(reason, range);
}
