/**
 * Incremental re-parsing must be invisible: after each of a seeded series of edits (typing,
 * deleting, pasting, line breaks, non-ASCII), an engine that re-parses from its previous tree
 * reports exactly what a fresh parse of the same text reports.
 */
import * as assert from 'assert';
import { Engine } from '../../shared-rules/src/engine';
import type { Finding } from '../../shared-rules/src/model';
import { Random } from '../support/random';
import { terraformFile } from '../support/workload';

const STEPS = Number(process.env.FUZZ_BUDGET === 'long' ? 3000 : 150);
const PIECES = ['x', ' ', '\n', '"', '{', '}', '=', '#', '\r\n', 'é', '\ud83d\ude80', 'kms_key_id = "alias/aws/sagemaker"\n', 'resource "aws_sagemaker_model" "m" {}\n'];

function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.resource} ${JSON.stringify(f.range)} ${f.message} | ${f.fixes.map((x) => JSON.stringify(x.edits)).join(' ')}`);
}

describe('incremental parsing', () => {
  it(`equals a fresh parse after each of ${STEPS} edits`, async () => {
    const incremental = await Engine.create();
    const fresh = await Engine.create();
    const r = new Random(Number(process.env.FUZZ_SEED ?? 7));
    const path = '/incremental/main.tf';
    let text = terraformFile(3, 300).text;
    for (let step = 0; step < STEPS; step++) {
      const at = r.int(text.length + 1);
      const removed = r.chance(0.4) ? r.int(Math.min(40, text.length - at) + 1) : 0;
      text = text.slice(0, at) + (r.chance(0.7) ? r.pick(PIECES) : '') + text.slice(at + removed);
      const file = { path, text };
      const context = { folderFiles: () => [file] };
      const got = summary(incremental.analyze(file, context).findings);
      fresh.forget(path);
      const expected = summary(fresh.analyze(file, context).findings);
      assert.deepStrictEqual(got, expected, `step ${step}: edit at ${at}`);
    }
  });
});
