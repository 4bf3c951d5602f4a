import type { FindingsCache } from './findings-cache';
import { isLocalMode } from './instance-types';
import type { FileFacts, Finding, Fix, ResourceFacts, Severity } from './model';
import { RULES } from './rules/registry';
import type { Report, Rule } from './rules/rule';
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
    const label = resource.label;
    if (!isLocal(resource)) for (const rule of RULES) {
      const configured = settings[rule.id];
      if (configured === 'off') continue;
      let reports: ReturnType<Rule['check']>;
      try {
        reports = rule.check(resource);
      } catch (error) {
        onRuleFailure?.({ ruleId: rule.id, resource: label, error });
        failed = true;
        continue;
      }
      for (const report of reports) {
        const finding = withLazyFixes(
          {
            ruleId: rule.id,
            severity: configured ?? report.severity ?? rule.defaultSeverity,
            message: report.message,
            file: resource.file,
            range: report.range,
            related: report.related ?? [],
            resource: label,
            fieldPath: report.fieldPath,
          },
          () => fixesOf(rule.id, report, resource),
          (error) => onRuleFailure?.({ ruleId: rule.id, resource: label, error }),
        );
        const suppression = suppressionFor(finding, facts.suppressions, resource.header);
        if (suppression) finding.suppressed = { kind: suppression.kind, reason: suppression.reason };
        findings.push(finding);
      }
    }
    if (!failed) reuse?.keep(resource, findings.slice(first));
  }
  reuse?.end();
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareIds(a.ruleId, b.ruleId));
}

/** Rule ids are ASCII (`SML001`): code-unit order, without a locale-aware collation per comparison. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The rule's fixes, then "Suppress SMLxxx here". */
function fixesOf(ruleId: string, report: Report, resource: ResourceFacts): Fix[] {
  const fixes = typeof report.fixes === 'function' ? report.fixes() : [...(report.fixes ?? [])];
  const suppress = resource.editor.suppress(resource, ruleId, report.range);
  if (suppress.length > 0) fixes.push({ title: `Suppress ${ruleId} here`, edits: [{ file: resource.file, edits: suppress }] });
  return fixes;
}

/**
 * Gives a finding a `fixes` property computed on first read and then kept: most findings are only
 * listed (diagnostics, text and JSON output), and writing their fixes took a quarter of the rules'
 * time. The property is an enumerable accessor, so spreading, `JSON.stringify` and `structuredClone`
 * read (and compute) it like a plain field; assigning it replaces the fixes without computing them.
 * The edits are for the text that was analysed, whenever they are computed.
 * A fix computation that throws is reported through `onError` and leaves the finding without fixes.
 */
export function withLazyFixes(finding: Omit<Finding, 'fixes'>, compute: () => Fix[], onError?: (error: unknown) => void): Finding {
  let fixes: Fix[] | undefined;
  let pending: (() => Fix[]) | undefined = compute;
  // An object literal with the accessor, not `Object.defineProperty` on an existing object, which
  // turned every finding into a slow dictionary-mode object (most of an analysis' allocation).
  const lazy: Finding = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: finding.file,
    range: finding.range,
    related: finding.related,
    resource: finding.resource,
    fieldPath: finding.fieldPath,
    get fixes(): Fix[] {
      if (fixes === undefined) {
        const run = pending;
        const report = onError;
        // Dropped once run: a stored finding should not keep the analysis it came from alive.
        pending = undefined;
        onError = undefined;
        try {
          fixes = run ? run() : [];
        } catch (error) {
          fixes = [];
          report?.(error);
        }
      }
      return fixes;
    },
    set fixes(value: Fix[]) {
      fixes = value;
      pending = undefined;
      onError = undefined;
    },
  };
  if (finding.suppressed) lazy.suppressed = finding.suppressed;
  return lazy;
}

/**
 * Computes the findings' fixes now and replaces each finding with a plain copy holding them: before
 * findings are kept for long (a workspace scan, a cache across edits) or sent to another thread.
 * An unread finding keeps its file's whole analysis alive; the copy keeps only its own data.
 */
export function materializeFixes(findings: Finding[]): void {
  for (let i = 0; i < findings.length; i++) findings[i] = { ...findings[i] };
}
