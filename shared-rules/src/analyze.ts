import type { FindingsCache } from './findings-cache';
import { isLocalMode } from './instance-types';
import type { FileFacts, Finding, ResourceFacts, Severity } from './model';
import { RULES } from './rules/registry';
import type { Rule } from './rules/rule';
import { suppressionFor } from './suppressions';

/** Per-rule severity or `off`, from `.sagemaker-lint.yaml` or editor settings. */
export type RuleSettings = Partial<Record<string, Severity | 'off'>>;

/** SDK local mode (`instance_type="local"`) creates nothing in AWS: no rule applies. */
function isLocal(resource: ResourceFacts): boolean {
  return resource.fields.some((f) => f.role === 'instance-type' && f.value.state === 'known' && typeof f.value.value === 'string' && isLocalMode(f.value.value));
}

export interface RuleFailure {
  ruleId: string;
  resource: string;
  error: unknown;
}

/**
 * Runs every enabled rule over a file's resources. A rule that throws is reported through
 * `onRuleFailure` and the other rules' findings are still returned.
 */
export function findingsFor(facts: FileFacts, settings: RuleSettings = {}, onRuleFailure?: (f: RuleFailure) => void, cache?: FindingsCache): Finding[] {
  const findings: Finding[] = [];
  const reuse = cache?.begin(facts.file, settings);
  for (const resource of facts.resources) {
    const kept = reuse?.take(resource);
    if (kept) {
      for (const f of kept.findings) {
        const suppression = suppressionFor(f, facts.suppressions, { start: { line: kept.headerLine } });
        findings.push(suppression ? { ...f, suppressed: { kind: suppression.kind, reason: suppression.reason } } : { ...f });
      }
      continue;
    }
    const first = findings.length;
    let failed = false;
    if (!isLocal(resource)) for (const rule of RULES) {
      const configured = settings[rule.id];
      if (configured === 'off') continue;
      let reports: ReturnType<Rule['check']>;
      try {
        reports = rule.check(resource);
      } catch (error) {
        onRuleFailure?.({ ruleId: rule.id, resource: resource.label, error });
        failed = true;
        continue;
      }
      for (const report of reports) {
        const finding: Finding = {
          ruleId: rule.id,
          severity: configured ?? report.severity ?? rule.defaultSeverity,
          message: report.message,
          file: resource.file,
          range: report.range,
          related: report.related ?? [],
          fixes: [...(report.fixes ?? [])],
          resource: resource.label,
          fieldPath: report.fieldPath,
        };
        const suppression = suppressionFor(finding, facts.suppressions, resource.header);
        if (suppression) finding.suppressed = { kind: suppression.kind, reason: suppression.reason };
        const suppress = resource.editor.suppress(resource, rule.id, report.range);
        if (suppress.length > 0) finding.fixes.push({ title: `Suppress ${rule.id} here`, edits: [{ file: resource.file, edits: suppress }] });
        findings.push(finding);
      }
    }
    if (!failed) reuse?.keep(resource, findings.slice(first));
  }
  reuse?.end();
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
}
