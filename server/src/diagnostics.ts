import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding, Severity } from '../../shared-rules/src/model';
import { docsUrl, ruleById } from '../../shared-rules/src/rules/registry';
import { DIAGNOSTIC_SOURCE } from './protocol';
import { pathToUri } from './uris';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

/**
 * One finding as an LSP diagnostic. `uriOf` maps the engine's file paths to the URIs the client
 * knows (an open document keeps the exact URI the client sent).
 */
export function toDiagnostic(finding: Finding, uriOf: (file: string) => string = pathToUri): Diagnostic {
  const rule = ruleById(finding.ruleId);
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
  if (rule) diagnostic.codeDescription = { href: docsUrl(rule) };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({ location: { uri: uriOf(r.file), range: r.range }, message: r.message }));
  }
  return diagnostic;
}

/** Findings the user sees: suppressed ones are kept for SARIF but never published. */
export function visible(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed);
}

/** Whether a diagnostic the client sent back is the one we published for this finding. */
export function sameDiagnostic(diagnostic: Diagnostic, finding: Finding): boolean {
  return (
    diagnostic.source === DIAGNOSTIC_SOURCE &&
    diagnostic.code === finding.ruleId &&
    diagnostic.message === finding.message &&
    samePosition(diagnostic.range.start, finding.range.start) &&
    samePosition(diagnostic.range.end, finding.range.end)
  );
}

function samePosition(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line === b.line && a.character === b.character;
}
