import type { Range, Severity } from '../model';
import type { ScanResult } from './scan';

export interface JsonFinding {
  file: string;
  ruleId: string;
  severity: Severity;
  message: string;
  /** 0-based line and UTF-16 character, as in LSP. */
  range: Range;
}

/** The unsuppressed findings as a JSON array (DESIGN §6); suppressed ones appear only in SARIF. */
export function formatJson(result: ScanResult, relative: (file: string) => string): string {
  const out: JsonFinding[] = result.findings
    .filter((f) => !f.suppressed)
    .map((f) => ({ file: relative(f.file), ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range }));
  return JSON.stringify(out, null, 2) + '\n';
}
