import type { Finding, Suppression } from './model';
import { rulesForCheckovId } from './rules/registry';

export const SUPPRESSION_MARKER = 'sagemaker-lint:ignore';

/**
 * Reads `sagemaker-lint:ignore SML001[,SML002] reason` or `checkov:skip=CKV_AWS_22:reason` from a
 * comment's text (any comment syntax). Checkov ids are mapped to the rules they correspond to.
 */
export function parseSuppressionComment(comment: string): Omit<Suppression, 'fromLine' | 'toLine' | 'range'> | undefined {
  const text = comment.replace(/^\s*(#|\/\/|\/\*)\s*/, '').replace(/\*\/\s*$/, '');
  const ours = /sagemaker-lint:ignore\s+((?:SML\d{3})(?:\s*,\s*SML\d{3})*)\b\s*(.*)$/i.exec(text);
  if (ours) {
    return {
      ruleIds: ours[1].split(',').map((s) => s.trim().toUpperCase()),
      reason: ours[2].trim(),
      kind: 'comment',
    };
  }
  const checkov = /checkov:skip=([A-Z0-9_]+)(?::(.*))?$/i.exec(text);
  if (checkov) {
    const ruleIds = rulesForCheckovId(checkov[1].toUpperCase());
    if (ruleIds.length === 0) return undefined;
    return { ruleIds, reason: (checkov[2] ?? '').trim() || `checkov:skip=${checkov[1]}`, kind: 'checkov' };
  }
  return undefined;
}

/** The suppression that silences a finding, if any: by line span, for the finding's rule. */
export function suppressionFor(finding: Pick<Finding, 'ruleId' | 'range'>, suppressions: Suppression[], header?: { start: { line: number } }): Suppression | undefined {
  // Called for every finding: no arrays or closures per call.
  const line = finding.range.start.line;
  const headerLine = header?.start.line;
  for (const s of suppressions) {
    if (!s.ruleIds.includes(finding.ruleId)) continue;
    if ((s.fromLine <= line && line <= s.toLine) || (headerLine !== undefined && s.fromLine <= headerLine && headerLine <= s.toLine)) return s;
  }
  return undefined;
}
