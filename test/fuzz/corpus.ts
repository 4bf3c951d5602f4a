/** The fuzz corpus and the judgement of fixes, shared by the engine's and the language server's fuzz tests. */
import * as fs from 'fs';
import * as path from 'path';
import type { SourceText } from '../../shared-rules/src/dialect';
import type { TextEdit } from '../../shared-rules/src/model';
import { editSpans } from '../support/edits';
import type { SyntaxErrorCounter } from '../support/syntax-errors';
import { cloudFormationJson, cloudFormationYaml, notebook, otherYaml, pythonFile, terraformFile, terraformVariables } from '../support/workload';

export const ROOT = path.resolve(__dirname, '..', '..');
export const LONG = process.env.FUZZ_BUDGET === 'long';
export const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : LONG ? Date.now() % 2 ** 31 : 1;
const MAX_FIXTURE_BYTES = 512 * 1024;

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.isFile() && fs.statSync(full).size <= MAX_FIXTURE_BYTES) out.push(full);
    }
  }
  return out.sort();
}

/** Generated seeds, so every dialect is fuzzed even before its fixtures exist. */
function seeds(): SourceText[] {
  const dir = path.join(ROOT, 'fuzz-seeds');
  return [
    { path: path.join(dir, 'tf', 'main.tf'), text: terraformFile(11, 160).text },
    { path: path.join(dir, 'tf', 'variables.tf'), text: terraformVariables() },
    { path: path.join(dir, 'tf', 'terraform.tfvars'), text: 'bucket = "b"\nkms_key_arn = "alias/aws/sagemaker"\n' },
    { path: path.join(dir, 'cfn', 'stack.yaml'), text: cloudFormationYaml(12, 8) },
    { path: path.join(dir, 'cfn', 'Stack.template.json'), text: cloudFormationJson(13, 8) },
    { path: path.join(dir, 'cfn', 'ci.yml'), text: otherYaml(14) },
    { path: path.join(dir, 'py', 'train.py'), text: pythonFile(15, 8) },
    { path: path.join(dir, 'py', 'explore.ipynb'), text: notebook(16, 8) },
  ];
}

/** Every fixture and example (FUZZ_FILE: just that one), and generated seeds in every dialect. */
export function corpus(): SourceText[] {
  const files = [...walk(path.join(ROOT, 'test', 'fixtures')), ...walk(path.join(ROOT, 'examples'))];
  const onDisk = files.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
  const all = [...onDisk, ...seeds()];
  return process.env.FUZZ_FILE ? all.filter((f) => path.relative(ROOT, f.path) === process.env.FUZZ_FILE) : all;
}


/**
 * In a file that already has syntax errors, tree-sitter's error recovery is global: a valid line
 * inserted below an unclosed bracket can change how much it reports as broken. There the fix is
 * judged with the broken parts blanked out (spaces, line breaks kept) in both texts: it must parse
 * no worse than the file does without them. Or by how much of the file's own text is broken: a
 * comment inserted inside a broken part splits one error into two, with less text in error than
 * before; that is no worse either.
 */
export function recoveredElsewhere(counter: SyntaxErrorCounter, file: SourceText, fixed: string, edits: TextEdit[], before: number): boolean {
  if (before === 0) return false;
  const spans = editSpans(file.text, edits);
  const wasBroken = brokenExtent(counter.errorSpans(file.path, file.text), []);
  const nowBroken = brokenExtent(counter.errorSpans(file.path, fixed), spans.map((s) => ({ start: s.at, end: s.atEnd })));
  if (wasBroken !== undefined && nowBroken !== undefined && nowBroken <= wasBroken) return true;
  const broken = counter.errorSpans(file.path, file.text)?.filter((e) => e.end > e.start);
  if (!broken || broken.length === 0) return false;
  // An edit inside a broken part is judged as it is.
  if (spans.some((s) => broken.some((e) => s.start < e.end && e.start < s.end))) return false;
  const shiftAt = (offset: number) => spans.filter((s) => s.end <= offset).reduce((n, s) => n + (s.atEnd - s.at) - (s.end - s.start), 0);
  const blank = (text: string, parts: { start: number; end: number }[]) => {
    let out = text;
    for (const { start, end } of parts) out = out.slice(0, start) + out.slice(start, end).replace(/[^\r\n]/g, ' ') + out.slice(end);
    return out;
  };
  const was = counter.count(file.path, blank(file.text, broken));
  const now = counter.count(file.path, blank(fixed, broken.map((e) => ({ start: e.start + shiftAt(e.start), end: e.end + shiftAt(e.start) }))));
  return was !== undefined && now !== undefined && now <= was;
}

/**
 * How many characters of a text are inside error spans, leaving out `inserted` ranges (a fix's own
 * text); a zero-width span (a missing token) counts as one.
 */
function brokenExtent(errors: { start: number; end: number }[] | undefined, inserted: { start: number; end: number }[]): number | undefined {
  if (!errors) return undefined;
  let total = 0;
  let reach = -1;
  for (const e of [...errors].sort((a, b) => a.start - b.start)) {
    if (e.end === e.start) {
      total++;
      continue;
    }
    const start = Math.max(e.start, reach);
    if (e.end <= start) continue;
    let length = e.end - start;
    for (const i of inserted) length -= Math.max(0, Math.min(e.end, i.end) - Math.max(start, i.start));
    total += length;
    reach = e.end;
  }
  return total;
}
