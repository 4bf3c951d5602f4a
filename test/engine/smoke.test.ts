import * as assert from 'assert';
import { Engine } from '../../shared-rules/src/engine';

describe('engine', () => {
  it('reports a notebook instance without a KMS key and offers a fix that clears it', async () => {
    const engine = await Engine.create();
    const text = 'resource "aws_sagemaker_notebook_instance" "nb" {\n  name          = "nb"\n  instance_type = "ml.t3.medium"\n}\n';
    const file = { path: 'main.tf', text };
    const result = engine.analyze(file, { folderFiles: () => [file] });
    const finding = result.findings.find((f) => f.ruleId === 'SML001');
    assert.ok(finding, 'SML001 expected');
    assert.deepStrictEqual(finding.range.start, { line: 0, character: 0 });
  });
});
