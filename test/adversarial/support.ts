import * as assert from 'assert';
import * as fs from 'fs';
import type { FileAnalysis } from '../../shared-rules/src/engine';
import { Engine } from '../../shared-rules/src/engine';
import type { CliRun } from '../cli/harness';
import { CLI } from '../cli/harness';

/** Generous: the whole mocha process, after the input is gone. A leak or an expanded bomb goes far past it. */
export const RSS_BOUND_MB = 1536;

let shared: Promise<Engine> | undefined;

export function sharedEngine(): Promise<Engine> {
  shared ??= Engine.create();
  return shared;
}

/**
 * Analyses a text as `path` (with `siblings` as its folder) and checks it survived: nothing
 * thrown, no adapter crash swallowed into a notice, no rule failure. Whether a dialect claims
 * the file decides nothing here, so the check gets stricter by itself as adapters land.
 */
export function analyseSurviving(engine: Engine, path: string, text: string, siblings: { path: string; text: string }[] = []): FileAnalysis {
  const file = { path, text };
  const ruleFailures: string[] = [];
  let result: FileAnalysis;
  try {
    result = engine.analyze(file, { folderFiles: () => [file, ...siblings] }, {}, (f) => ruleFailures.push(`${f.ruleId}: ${String(f.error)}`));
  } finally {
    engine.forget(path);
  }
  assert.deepStrictEqual(ruleFailures, [], `${path}: a rule failed`);
  const crash = result.notices.find((n) => n.includes('could not be analysed'));
  assert.strictEqual(crash, undefined, `${path}: the adapter threw`);
  return result;
}

export function claims(engine: Engine, path: string, text: string): boolean {
  return engine.adapterFor(path, text) !== undefined;
}

export function assertMemoryBounded(): void {
  const rss = process.memoryUsage().rss / (1024 * 1024);
  assert.ok(rss < RSS_BOUND_MB, `RSS ${rss.toFixed(0)} MB after the input, bound ${RSS_BOUND_MB} MB`);
}

export const cliBuilt = (): boolean => fs.existsSync(CLI);

/** A CLI run that completed: exit 0 (clean) or 1 (findings), JSON on stdout, no internal error. */
export function assertScanCompleted(run: CliRun): unknown[] {
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr.slice(0, 500)}`);
  assert.ok(!/internal error/i.test(run.stderr), run.stderr.slice(0, 500));
  const parsed: unknown = JSON.parse(run.stdout);
  assert.ok(Array.isArray(parsed));
  return parsed;
}
