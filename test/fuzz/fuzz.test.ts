/**
 * Mutates every fixture (test/fixtures/**, examples/**, plus generated seeds in every dialect) and
 * runs each mutant through the engine for whatever dialect claims it. Asserts: nothing throws, no
 * adapter or rule fails, each file finishes within a generous bound, and every fix offered on a
 * mutant leaves the file parsing no worse than before.
 *
 * Budget: FUZZ_MUTANTS per file (default 3 in `npm test`, 200 with `npm run fuzz`), FUZZ_SEED
 * (default 1 in `npm test`, random and printed with `npm run fuzz`), FUZZ_FILE to run one file.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { SourceText } from '../../shared-rules/src/dialect';
import type { TextEdit } from '../../shared-rules/src/model';
import { Engine } from '../../shared-rules/src/engine';
import { applyEdits, editSpans } from '../support/edits';
import { hashSeed, Random } from '../support/random';
import { SyntaxErrorCounter } from '../support/syntax-errors';
import { cloudFormationJson, cloudFormationYaml, notebook, otherYaml, pythonFile, terraformFile, terraformVariables } from '../support/workload';
import { mutate } from './mutate';

const ROOT = path.resolve(__dirname, '..', '..');
const LONG = process.env.FUZZ_BUDGET === 'long';
const MUTANTS = Number(process.env.FUZZ_MUTANTS ?? (LONG ? 200 : 3));
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : LONG ? Date.now() % 2 ** 31 : 1;
/** A bound no healthy analysis comes near, so it cannot flake; an endless loop still fails it. */
const PER_FILE_BOUND_MS = 10_000;
const MAX_FIXTURE_BYTES = 512 * 1024;
const MAX_FIXES_CHECKED = 12;

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

function corpus(): SourceText[] {
  const files = [...walk(path.join(ROOT, 'test', 'fixtures')), ...walk(path.join(ROOT, 'examples'))];
  const onDisk = files.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
  const all = [...onDisk, ...seeds()];
  return process.env.FUZZ_FILE ? all.filter((f) => path.relative(ROOT, f.path) === process.env.FUZZ_FILE) : all;
}

describe(`fuzz (seed ${SEED}, ${MUTANTS} mutants per file)`, function () {
  if (LONG) this.timeout(0);
  let engine: Engine;
  let counter: SyntaxErrorCounter;
  const files = corpus();
  const texts = files.map((f) => f.text);

  before(async () => {
    engine = await Engine.create();
    counter = await SyntaxErrorCounter.create();
    if (LONG) console.log(`  fuzz seed ${SEED} (reproduce with FUZZ_SEED=${SEED})`);
  });

  after(() => counter.delete());

  it('has a corpus in every dialect', function () {
    if (process.env.FUZZ_FILE) this.skip();
    for (const ext of ['.tf', '.yaml', '.json', '.py', '.ipynb']) assert.ok(files.some((f) => f.path.endsWith(ext)), `no ${ext} in the fuzz corpus`);
  });

  for (const original of files) {
    const rel = path.relative(ROOT, original.path);
    it(rel, () => {
      const failures: string[] = [];
      const siblings = files.filter((f) => path.dirname(f.path) === path.dirname(original.path) && f.path !== original.path);
      for (let i = 0; i < MUTANTS; i++) {
        const seed = hashSeed(SEED, rel, i);
        const { text, applied } = mutate(original.text, new Random(seed), texts);
        const where = `mutant ${i} (${applied.join('+')}; reproduce: FUZZ_SEED=${SEED} FUZZ_FILE=${rel} FUZZ_MUTANTS=${i + 1})`;
        const problem = checkMutant(engine, counter, { path: original.path, text }, siblings);
        if (problem) failures.push(`${where}: ${problem}`);
        if (failures.length >= 5) break;
      }
      assert.deepStrictEqual(failures, []);
    });
  }
});

/**
 * In a file that already has syntax errors, tree-sitter's error recovery is global: a valid line
 * inserted below an unclosed bracket can change how much it reports as broken. There the fix is
 * judged with the broken parts blanked out (spaces, line breaks kept) in both texts: it must parse
 * no worse than the file does without them.
 */
function recoveredElsewhere(counter: SyntaxErrorCounter, file: SourceText, fixed: string, edits: TextEdit[], before: number): boolean {
  if (before === 0) return false;
  const broken = counter.errorSpans(file.path, file.text)?.filter((e) => e.end > e.start);
  if (!broken || broken.length === 0) return false;
  const spans = editSpans(file.text, edits);
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

function checkMutant(engine: Engine, counter: SyntaxErrorCounter, file: SourceText, siblings: SourceText[]): string | undefined {
  const context = { folderFiles: (dir: string) => (dir === path.dirname(file.path) ? [file, ...siblings] : []) };
  const ruleFailures: string[] = [];
  const start = performance.now();
  let result: ReturnType<Engine['analyze']>;
  try {
    result = engine.analyze(file, context, {}, (f) => ruleFailures.push(`${f.ruleId} on ${f.resource}: ${String(f.error)}`));
  } catch (error) {
    return `engine.analyze threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  } finally {
    engine.forget(file.path);
  }
  const elapsed = performance.now() - start;
  if (elapsed > PER_FILE_BOUND_MS) return `analysis took ${elapsed.toFixed(0)} ms`;
  if (ruleFailures.length > 0) return `rule failed: ${ruleFailures[0]}`;
  const crashed = result.notices.find((n) => n.includes('could not be analysed'));
  if (crashed) return `adapter threw: ${crashed}`;
  const before = counter.count(file.path, file.text);
  if (before === undefined) return undefined;
  let checked = 0;
  for (const finding of result.findings) {
    for (const fix of finding.fixes) {
      if (checked++ >= MAX_FIXES_CHECKED) return undefined;
      const own = fix.edits.filter((e) => e.file === file.path).flatMap((e) => e.edits);
      if (own.length === 0) continue;
      let fixed: string;
      try {
        fixed = applyEdits(file.text, own);
      } catch (error) {
        return `fix "${fix.title}" for ${finding.ruleId}: ${String(error)}`;
      }
      const after = counter.count(file.path, fixed);
      if (after !== undefined && after > before && !recoveredElsewhere(counter, file, fixed, own, before)) {
        return `fix "${fix.title}" for ${finding.ruleId} at line ${finding.range.start.line + 1}: ${before} → ${after} syntax errors`;
      }
    }
  }
  return undefined;
}
