/** Crashes the fuzzer and the equivalence tests found in the Python path, one test each. */
import * as assert from 'assert';
import { Engine } from '../../shared-rules/src/engine';
import { applyEdits } from '../support/edits';
import { SyntaxErrorCounter } from '../support/syntax-errors';

describe('adversarial: Python regressions', () => {
  let engine: Engine;
  let counter: SyntaxErrorCounter;

  before(async () => {
    engine = await Engine.create();
    counter = await SyntaxErrorCounter.create();
  });

  after(() => counter.delete());

  it('puts new imports and constants above the call, not after an import line that ends in text that does not parse (fuzzing)', () => {
    const path = '/adversarial/imports.py';
    const text = 'from sagemaker.train import ModelTrainer\nfrom sagemaker.train.configs import Compute, Networking*\ntrainer = ModelTrainer(training_image="i", compute=Compute(instance_type="ml.m5.xlarge"))\n';
    const before = counter.count(path, text);
    const result = engine.analyze({ path, text }, { folderFiles: () => [] });
    engine.forget(path);
    const fixes = result.findings.flatMap((f) => f.fixes.filter((fix) => !fix.title.startsWith('Suppress')).map((fix) => ({ title: fix.title, edits: fix.edits.flatMap((e) => e.edits) })));
    assert.ok(fixes.some((f) => f.title.startsWith('Create a customer-managed KMS key')), fixes.map((f) => f.title).join(' | '));
    for (const fix of fixes) {
      const fixed = applyEdits(text, fix.edits);
      assert.ok(counter.count(path, fixed)! <= before!, `${fix.title}:\n${fixed}`);
      assert.ok(fixed.includes('Networking*\n'), `${fix.title} wrote after the broken import:\n${fixed}`);
    }
  });

  it('does not take a backslash line continuation in a call for an argument (a fix put its comma after it; fuzzing)', () => {
    const path = '/adversarial/continuation.py';
    const text = 'from sagemaker.estimator import Estimator\nest = Estimator(\n    image_uri="img",\n    role="r", \\\n)\n';
    const result = engine.analyze({ path, text }, { folderFiles: () => [] });
    engine.forget(path);
    const fixes = result.findings.flatMap((f) => f.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.flatMap((e) => e.edits) })));
    assert.ok(fixes.length > 5, fixes.map((f) => f.title).join(' | '));
    for (const fix of fixes) {
      const fixed = applyEdits(text, fix.edits);
      assert.strictEqual(counter.count(path, fixed), 0, `${fix.title}:\n${fixed}`);
    }
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
