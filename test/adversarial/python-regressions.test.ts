/** Crashes the fuzzer and the equivalence tests found in the Python path, one test each. */
import * as assert from 'assert';
import { Engine } from '../../shared-rules/src/engine';

describe('adversarial: Python regressions', () => {
  let engine: Engine;

  before(async () => {
    engine = await Engine.create();
  });

  for (const [what, literal] of [
    ['a Windows path (a truncated \\U escape)', String.raw`"C:\Users\me\data"`],
    ['a truncated \\x or \\u escape', String.raw`"\x4 \u12"`],
    ['a \\U escape beyond Unicode', String.raw`"\U00110000"`],
  ]) {
    it(`analyses a call whose string has ${what}, which Python refuses but the parser accepts`, () => {
      const path = '/adversarial/escapes.py';
      const text = `from sagemaker.estimator import Estimator\nEstimator(image_uri="i", role="r", instance_type="ml.m5.xlarge", output_path=${literal}).fit()\n`;
      const result = engine.analyze({ path, text }, { folderFiles: () => [] });
      engine.forget(path);
      assert.deepStrictEqual(result.notices, []);
      assert.ok(result.findings.some((f) => f.ruleId === 'SML001'), result.findings.map((f) => f.ruleId).join(', '));
    });
  }
});
