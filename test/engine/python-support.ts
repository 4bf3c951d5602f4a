import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import type { AnalysisContext } from '../../shared-rules/src/dialect';
import type { Finding, TextEdit } from '../../shared-rules/src/model';
import { LineIndex } from '../../shared-rules/src/text';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'python');

/** Every `.py` / `.ipynb` fixture below a folder. */
export function fixtureFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return fixtureFiles(p);
    return /\.(py|ipynb)$/.test(e.name) ? [p] : [];
  });
}

/** `expect: SML001, SML004` on a line: those findings start on that line (0-based line numbers). */
export function expectations(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /expect: *((?:SML\d{3})(?: *, *SML\d{3})*)/.exec(line);
    if (!m) return;
    for (const id of m[1].split(',').map((s) => s.trim())) out.set(id, [...(out.get(id) ?? []), i]);
  });
  return out;
}

/** The analysis context of a fixture: its folder, and `<name>.sdk-config.yaml` beside it as the SDK config. */
export function contextFor(file: string): AnalysisContext {
  const config = file.replace(/\.(py|ipynb)$/, '.sdk-config.yaml');
  const sdkConfig = fs.existsSync(config) ? (YAML.parse(fs.readFileSync(config, 'utf8')) as Record<string, unknown>) : undefined;
  return { folderFiles: () => [], ...(sdkConfig ? { sdkConfig } : {}) };
}

export function active(findings: Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed);
}

/** Applies LSP edits to a text; edits at the same position keep their order. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const withOffsets = edits.map((e, i) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText, i }));
  withOffsets.sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
