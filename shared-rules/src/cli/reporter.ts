import type { Finding } from '../model';

/** What a report needs at its end. */
export interface ScanSummary {
  notices: string[];
  filesAnalysed: number;
}

/**
 * Writes one report format incrementally: folder by folder, in scan order, so a large scan never
 * holds every finding in memory. Each call returns the text to append.
 */
export interface Reporter {
  begin(): string;
  /** The findings of one folder (suppressed ones included), already in order. */
  folder(findings: Finding[]): string;
  end(summary: ScanSummary): string;
}

/** Order inside a folder: file, then position, then rule. */
export function sortFindings(findings: Finding[]): Finding[] {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return findings.sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.message, b.message),
  );
}
