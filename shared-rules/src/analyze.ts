import type { FindingsCache } from './findings-cache';
import { isLocalMode } from './instance-types';
import type { FileFacts, Finding, Fix, Range, RelatedLocation, ResourceFacts, Severity } from './model';
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
  // Looked up once per analysis, not once per rule and resource.
  const configuredSeverities = RULES.map((rule) => settings[rule.id]);
  const ruleFailure = onRuleFailure && ((error: unknown, ruleId: string, resource: string) => onRuleFailure({ ruleId, resource, error }));
  // Indexed loops: this function runs once per analysis, mostly before it is optimised, and an
  // unoptimised `for…of` allocates an iterator result per step.
  for (let r = 0; r < facts.resources.length; r++) {
    const resource = facts.resources[r];
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
    if (!isLocal(resource)) for (let i = 0; i < RULES.length; i++) {
      const rule = RULES[i];
      const configured = configuredSeverities[i];
      if (configured === 'off') continue;
      let reports: ReturnType<Rule['check']>;
      try {
        reports = rule.check(resource);
      } catch (error) {
        onRuleFailure?.({ ruleId: rule.id, resource: label, error });
        failed = true;
        continue;
      }
      for (let j = 0; j < reports.length; j++) {
        const report = reports[j];
        const finding = lazyFinding(
          rule.id,
          configured ?? report.severity ?? rule.defaultSeverity,
          report.message,
          resource.file,
          report.range,
          report.related ?? NO_RELATED,
          label,
          report.fieldPath,
          new PendingFixes(report.fixes, ruleFailure, rule.id, report.range, resource),
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

/** Findings without related locations share one (never written) array. */
const NO_RELATED: RelatedLocation[] = Object.freeze([]) as unknown as RelatedLocation[];

/**
 * What a finding's fixes are computed from, until they are: a rule's fixes (then "Suppress SMLxxx
 * here" for `resource`) or a function. Only what that needs, not the rule's whole report. Dropped
 * once run: a stored finding should not keep the analysis it came from alive.
 */
class PendingFixes {
  fixes: Fix[] | undefined = undefined;

  constructor(
    private source: Report['fixes'],
    private failure: ((error: unknown, ruleId: string, resource: string) => void) | undefined,
    private ruleId: string,
    private range: Range,
    private resource: ResourceFacts | undefined,
  ) {}

  read(): Fix[] {
    if (this.fixes !== undefined) return this.fixes;
    const { source, failure, ruleId, range, resource } = this;
    this.drop();
    try {
      const fixes = typeof source === 'function' ? source() : [...(source ?? [])];
      if (resource) {
        const suppress = resource.editor.suppress(resource, ruleId, range);
        if (suppress.length > 0) fixes.push({ title: `Suppress ${ruleId} here`, edits: [{ file: resource.file, edits: suppress }] });
      }
      this.fixes = fixes;
    } catch (error) {
      this.fixes = [];
      failure?.(error, ruleId, resource?.label ?? '');
    }
    return this.fixes;
  }

  replace(fixes: Fix[]): void {
    this.fixes = fixes;
    this.drop();
  }

  private drop(): void {
    this.source = undefined;
    this.failure = undefined;
    this.resource = undefined;
  }
}

const PENDING = Symbol('pending fixes');

/**
 * `fixes` as an enumerable accessor, so spreading, `JSON.stringify` and `structuredClone` read (and
 * compute) it like a plain field; assigning it replaces the fixes without computing them. One
 * getter and setter shared by every finding: V8 keeps objects that get the same accessor pair on
 * one fast shape, while an object literal's own `get`/`set` (new closures each time) turns every
 * finding into a dictionary-mode object.
 */
const FIXES_ACCESSOR: PropertyDescriptor = {
  get(this: { [PENDING]: PendingFixes }): Fix[] {
    return this[PENDING].read();
  },
  set(this: { [PENDING]: PendingFixes }, value: Fix[]) {
    this[PENDING].replace(value);
  },
  enumerable: true,
  configurable: true,
};

/** Not enumerable: spreading and cloning a finding leave its pending state behind. */
const PENDING_SLOT: PropertyDescriptor = { value: undefined, writable: false, enumerable: false, configurable: true };

function lazyFinding(
  ruleId: string,
  severity: Severity,
  message: string,
  file: string,
  range: Range,
  related: RelatedLocation[],
  resource: string,
  fieldPath: string | undefined,
  pending: PendingFixes,
): Finding {
  const finding = { ruleId, severity, message, file, range, related, resource, fieldPath } as Finding;
  Object.defineProperty(finding, 'fixes', FIXES_ACCESSOR);
  PENDING_SLOT.value = pending;
  Object.defineProperty(finding, PENDING, PENDING_SLOT);
  PENDING_SLOT.value = undefined;
  return finding;
}

/**
 * Gives a finding a `fixes` property computed on first read and then kept: most findings are only
 * listed (diagnostics, text and JSON output), and writing their fixes took a quarter of the rules'
 * time. The edits are for the text that was analysed, whenever they are computed.
 * A fix computation that throws is reported through `onError` and leaves the finding without fixes.
 */
export function withLazyFixes(finding: Omit<Finding, 'fixes'>, compute: () => Fix[], onError?: (error: unknown) => void): Finding {
  const lazy = lazyFinding(
    finding.ruleId,
    finding.severity,
    finding.message,
    finding.file,
    finding.range,
    finding.related,
    finding.resource,
    finding.fieldPath,
    new PendingFixes(compute, onError && ((error: unknown) => onError(error)), finding.ruleId, finding.range, undefined),
  );
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
