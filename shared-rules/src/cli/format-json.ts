import type { Finding, Range, Severity } from '../model';
import type { RenderedFolder, Reporter } from './reporter';
import { renderFolder } from './reporter';

export interface JsonFinding {
  file: string;
  ruleId: string;
  severity: Severity;
  message: string;
  /** 0-based line and UTF-16 character, as in LSP. */
  range: Range;
}

/**
 * One folder's unsuppressed findings as indented JSON array elements joined by `,\n`. Written out
 * by hand, as `JSON.stringify(item, null, 2)` indented by two more spaces would write them.
 */
export function renderJsonFolder(findings: Finding[], relative: (file: string) => string): RenderedFolder {
  return renderFolder(
    findings,
    (f) => {
      const { start, end } = f.range;
      return (
        `  {\n    "file": ${JSON.stringify(relative(f.file))},\n    "ruleId": ${JSON.stringify(f.ruleId)},\n    "severity": ${JSON.stringify(f.severity)},\n    "message": ${JSON.stringify(f.message)},\n` +
        `    "range": {\n      "start": {\n        "line": ${start.line},\n        "character": ${start.character}\n      },\n      "end": {\n        "line": ${end.line},\n        "character": ${end.character}\n      }\n    }\n  }`
      );
    },
    ',\n',
  );
}

/** The unsuppressed findings as a JSON array (DESIGN §6); suppressed ones appear only in SARIF. */
export function jsonReporter(relative: (file: string) => string): Reporter {
  let count = 0;
  const rendered = (part: RenderedFolder): string => {
    if (part.items === 0) return '';
    const out = `${count === 0 ? '\n' : ',\n'}${part.text}`;
    count += part.items;
    return out;
  };
  return {
    begin: () => '[',
    folder: (findings) => rendered(renderJsonFolder(findings, relative)),
    rendered,
    end: () => (count === 0 ? ']\n' : '\n]\n'),
  };
}

export function indent(text: string, by: string): string {
  return text.replace(/^/gm, by);
}
