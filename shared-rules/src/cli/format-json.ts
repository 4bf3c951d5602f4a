import type { Range, Severity } from '../model';
import type { Reporter } from './reporter';

export interface JsonFinding {
  file: string;
  ruleId: string;
  severity: Severity;
  message: string;
  /** 0-based line and UTF-16 character, as in LSP. */
  range: Range;
}

/** The unsuppressed findings as a JSON array (DESIGN §6); suppressed ones appear only in SARIF. */
export function jsonReporter(relative: (file: string) => string): Reporter {
  let count = 0;
  return {
    begin: () => '[',
    folder(findings) {
      let out = '';
      for (const f of findings) {
        if (f.suppressed) continue;
        const item: JsonFinding = { file: relative(f.file), ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range };
        out += `${count++ === 0 ? '\n' : ',\n'}${indent(JSON.stringify(item, null, 2), '  ')}`;
      }
      return out;
    },
    end: () => (count === 0 ? ']\n' : '\n]\n'),
  };
}

export function indent(text: string, by: string): string {
  return text.replace(/^/gm, by);
}
