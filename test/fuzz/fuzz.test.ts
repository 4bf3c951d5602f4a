/**
 * Mutates every fixture (test/fixtures/**, examples/**, plus generated seeds in every dialect) and
 * runs each mutant through the engine for whatever dialect claims it, then as a file of every
 * dialect. Asserts: nothing throws, no adapter or rule fails, each file finishes within a generous
 * bound, and every fix offered on a mutant leaves the file parsing no worse than before.
 *
 * Budget: FUZZ_MUTANTS per file (default 3 in `npm test`, 200 with `npm run fuzz`), FUZZ_SEED
 * (default 1 in `npm test`, random and printed with `npm run fuzz`), FUZZ_FILE to run one file.
 */
import * as assert from 'assert';
import * as path from 'path';
import type { SourceText } from '../../shared-rules/src/dialect';
import { Engine } from '../../shared-rules/src/engine';
import { applyEdits } from '../support/edits';
import { hashSeed, Random } from '../support/random';
import { SyntaxErrorCounter } from '../support/syntax-errors';
import { corpus, LONG, recoveredElsewhere, ROOT, SEED } from './corpus';
import { mutate } from './mutate';

const MUTANTS = Number(process.env.FUZZ_MUTANTS ?? (LONG ? 200 : 3));
/** A bound no healthy analysis comes near, so it cannot flake; an endless loop still fails it. */
const PER_FILE_BOUND_MS = 10_000;
const MAX_FIXES_CHECKED = 12;

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
        const problem = checkMutant(engine, counter, { path: original.path, text }, siblings) ?? checkAsEveryDialect(engine, { path: original.path, text });
        if (problem) failures.push(`${where}: ${problem}`);
        if (failures.length >= 5) break;
      }
      assert.deepStrictEqual(failures, []);
    });
  }
});

/** The file names of every dialect: each mutant is also read as each of them (the bytes of any file may end up under any name). */
const DIALECT_NAMES = ['main.tf', 'terraform.tfvars', 'template.yaml', 'template.json', 'train.py', 'explore.ipynb'];

/** The mutant read as every other dialect's file: nothing may throw, fail or run past the bound. */
function checkAsEveryDialect(engine: Engine, file: SourceText): string | undefined {
  for (const name of DIALECT_NAMES) {
    const as = { path: path.join(path.dirname(file.path), `fuzz-as-${name}`), text: file.text };
    const analysed = analyseSafely(engine, as, { folderFiles: (dir: string) => (dir === path.dirname(as.path) ? [as] : []) });
    if (typeof analysed === 'string') return `read as ${name}: ${analysed}`;
  }
  return undefined;
}

/** An analysis that must not throw, fail a rule, fail an adapter or run past the bound: its result, or what went wrong. */
function analyseSafely(engine: Engine, file: SourceText, context: { folderFiles: (dir: string) => SourceText[] }): ReturnType<Engine['analyze']> | string {
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
  return result;
}

function checkMutant(engine: Engine, counter: SyntaxErrorCounter, file: SourceText, siblings: SourceText[]): string | undefined {
  const context = { folderFiles: (dir: string) => (dir === path.dirname(file.path) ? [file, ...siblings] : []) };
  const result = analyseSafely(engine, file, context);
  if (typeof result === 'string') return result;
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
