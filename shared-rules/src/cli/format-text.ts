import type { Finding, Severity } from '../model';
import type { RenderedFolder, Reporter } from './reporter';
import { renderFolder } from './reporter';

/** One folder's unsuppressed findings as compiler-style lines. */
export function renderTextFolder(findings: Finding[], relative: (file: string) => string): RenderedFolder {
  return renderFolder(
    findings,
    (f) => `${relative(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.ruleId} ${f.message.replace(/\s*[\r\n]+\s*/g, ' ')}\n`,
    '',
  );
}

/** Compiler-style lines (`path:line:col: severity SML001 message`, 1-based) and a summary line. */
export function textReporter(relative: (file: string) => string): Reporter {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0 };
  const files = new Set<string>();
  let suppressed = 0;
  const rendered = (part: RenderedFolder): string => {
    counts.error += part.counts.error;
    counts.warning += part.counts.warning;
    counts.information += part.counts.information;
    suppressed += part.suppressed;
    for (const f of part.files) files.add(f);
    return part.text;
  };
  return {
    begin: () => '',
    folder: (findings) => rendered(renderTextFolder(findings, relative)),
    rendered,
    end({ filesAnalysed }) {
      const total = counts.error + counts.warning + counts.information;
      const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.information} information`].filter((p) => !p.startsWith('0 '));
      const head = total === 0 ? 'No problems' : `${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(files.size, 'file')}`;
      return `${head}${suppressed > 0 ? `, ${suppressed} suppressed` : ''}; ${plural(filesAnalysed, 'file')} analysed\n`;
    },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
