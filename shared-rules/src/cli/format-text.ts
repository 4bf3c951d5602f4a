import type { Finding, Severity } from '../model';
import type { ScanResult } from './scan';

/** Compiler-style lines (`path:line:col: severity SML001 message`, 1-based) and a summary line. */
export function formatText(result: ScanResult, relative: (file: string) => string): string {
  const active = result.findings.filter((f) => !f.suppressed);
  const lines = active.map(
    (f) => `${relative(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.ruleId} ${f.message.replace(/\s*[\r\n]+\s*/g, ' ')}`,
  );
  lines.push(summary(active, result.findings.length - active.length, result.filesAnalysed));
  return lines.join('\n') + '\n';
}

function summary(active: Finding[], suppressed: number, analysed: number): string {
  const count = (s: Severity) => active.filter((f) => f.severity === s).length;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), count('information') > 0 ? `${count('information')} information` : '']
    .filter((p) => p !== '' && !p.startsWith('0 '));
  const files = new Set(active.map((f) => f.file)).size;
  const head = active.length === 0 ? 'No problems' : `${plural(active.length, 'problem')} (${parts.join(', ')}) in ${plural(files, 'file')}`;
  return `${head}${suppressed > 0 ? `, ${suppressed} suppressed` : ''}; ${plural(analysed, 'file')} analysed`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
