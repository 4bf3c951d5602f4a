import * as path from 'path';
import type { Finding, Severity } from '../model';

/** What a report needs at its end. */
export interface ScanSummary {
  notices: string[];
  filesAnalysed: number;
}

/**
 * A folder's part of a text or JSON report, rendered where the folder was analysed (a worker
 * thread): copying this to the main thread costs far less than copying the findings.
 */
export interface RenderedFolder {
  text: string;
  /** Unsuppressed findings in `text`. */
  items: number;
  counts: Record<Severity, number>;
  suppressed: number;
  /** Distinct files with unsuppressed findings. */
  files: string[];
}

/**
 * Writes one report format incrementally: folder by folder, in scan order, so a large scan never
 * holds every finding in memory. Each call returns the text to append.
 */
export interface Reporter {
  begin(): string;
  /** The findings of one folder (suppressed ones included), already in order. */
  folder(findings: Finding[]): string;
  /** A folder rendered by `renderer` of the same format (text and JSON only). */
  rendered?(part: RenderedFolder): string;
  end(summary: ScanSummary): string;
}

/** One folder's unsuppressed findings, each rendered by `render` and joined with `separator`, with their counts. */
export function renderFolder(findings: Finding[], render: (f: Finding) => string, separator: string): RenderedFolder {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0 };
  const files = new Set<string>();
  const items: string[] = [];
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressed) {
      suppressed++;
      continue;
    }
    counts[f.severity]++;
    files.add(f.file);
    items.push(render(f));
  }
  return { text: items.join(separator), items: items.length, counts, suppressed, files: [...files] };
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

/** A file as reports name it: relative to `cwd` with `/` when inside it, else absolute (worked out once per file: a file has many findings). */
export function relativeTo(cwd: string): (file: string) => string {
  const named = new Map<string, string>();
  return (file) => {
    let name = named.get(file);
    if (name === undefined) {
      const rel = path.relative(cwd, file);
      name = (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
      named.set(file, name);
    }
    return name;
  };
}
