import * as fs from 'fs';
import * as path from 'path';
import type { SourceText } from '../../../shared-rules/src/dialect';
import { Engine } from '../../../shared-rules/src/engine';
import type { Finding, TextEdit } from '../../../shared-rules/src/model';
import { LineIndex } from '../../../shared-rules/src/text';
import type { Parser } from 'web-tree-sitter';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/terraform');
export const EXAMPLES = path.resolve(__dirname, '../../../examples/terraform');

let shared: Promise<Engine> | undefined;
export function engine(): Promise<Engine> {
  shared ??= Engine.create();
  return shared;
}

/** Every folder under `root` that holds `.tf` files: each is one Terraform module. */
export function moduleFolders(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    if (entries.some((e) => e.isFile() && e.name.endsWith('.tf'))) out.push(dir);
    for (const e of entries) if (e.isDirectory()) visit(path.join(dir, e.name));
  };
  visit(root);
  return out;
}

export function readFolder(dir: string): SourceText[] {
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.tf') || n.endsWith('.tfvars') || n.endsWith('.tfvars.json'))
    .sort()
    .map((n) => ({ path: path.join(dir, n), text: fs.readFileSync(path.join(dir, n), 'utf8') }));
}

/** Findings of every `.tf` file of a module, given its files' current texts. */
export function analyzeModule(eng: Engine, files: SourceText[]): Finding[] {
  const byDir = (dir: string): SourceText[] => files.filter((f) => path.dirname(f.path) === dir);
  return files
    .filter((f) => f.path.endsWith('.tf'))
    .flatMap((f) => eng.analyze(f, { folderFiles: byDir }).findings);
}

export interface Expectation {
  file: string;
  line: number;
  ruleId: string;
  suppressed: boolean;
  /** Compared only when the fixture names it (`SML004:warning`). */
  severity?: string;
}

const ID = 'SML\\d{3}(?::(?:error|warning|information))?';
const EXPECT = new RegExp(`(?:#|//)\\s*expect(-suppressed)?:\\s*(${ID}(?:\\s*,\\s*${ID})*)`, 'g');
const SCOPE = /(?:#|\/\/)\s*fixture-rules:\s*((?:SML\d{3})(?:\s*,\s*SML\d{3})*)/;

/** `# expect: SML001, SML003` (or `expect-suppressed:`) on the line where each finding starts. */
export function expectationsOf(files: SourceText[]): Expectation[] {
  const out: Expectation[] = [];
  for (const f of files) {
    f.text.split(/\r?\n|\r/).forEach((line, i) => {
      for (const m of line.matchAll(EXPECT)) {
        for (const item of m[2].split(',')) {
          const [ruleId, severity] = item.trim().split(':');
          out.push({ file: f.path, line: i, ruleId, suppressed: m[1] !== undefined, ...(severity ? { severity } : {}) });
        }
      }
    });
  }
  return out;
}

/**
 * Which rules a fixture folder is about: a `# fixture-rules:` comment, else the `SMLxxx` folder it
 * sits in, else every rule.
 */
export function scopeOf(dir: string, files: SourceText[]): ((ruleId: string) => boolean) {
  for (const f of files) {
    const m = SCOPE.exec(f.text);
    if (m) {
      const ids = new Set(m[1].split(',').map((s) => s.trim()));
      return (id) => ids.has(id);
    }
  }
  const rule = path.relative(FIXTURES, dir).split(path.sep).find((s) => /^SML\d{3}$/.test(s));
  return rule ? (id) => id === rule : () => true;
}

export function describeFinding(f: Expectation): string {
  return `${path.basename(f.file)}:${f.line + 1} ${f.ruleId}${f.severity ? `:${f.severity}` : ''}${f.suppressed ? ' (suppressed)' : ''}`;
}

/** Applies LSP text edits (non-overlapping, any order) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits
    .map((e, i) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText, i }))
    // Back to front; edits at the same offset keep their order in the result.
    .sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

/** ERROR and MISSING nodes of a tree-sitter parse of the text. */
export function syntaxProblems(parser: Parser, text: string): number {
  const tree = parser.parse(text);
  if (!tree) throw new Error('no tree');
  let count = 0;
  const cursor = tree.walk();
  for (;;) {
    if (cursor.nodeType === 'ERROR' || cursor.currentNode.isMissing) count++;
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        // An undeleted cursor's finalizer frees whatever cursor web-tree-sitter marshalled last.
        cursor.delete();
        tree.delete();
        return count;
      }
    }
  }
}

/** The same module written with CRLF line breaks. */
export function withCrlf(files: SourceText[]): SourceText[] {
  return files.map((f) => ({ ...f, text: f.text.replace(/\r?\n/g, '\r\n') }));
}

/** The same module indented with tabs instead of two spaces. */
export function withTabs(files: SourceText[]): SourceText[] {
  return files.map((f) => ({ ...f, text: f.text.replace(/^((?: {2})+)/gm, (m) => '\t'.repeat(m.length / 2)) }));
}
