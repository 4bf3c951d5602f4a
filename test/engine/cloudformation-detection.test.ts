import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { active, analyze, applyEdits, engine, syntaxErrors } from './cloudformation-support';

const ROOT = path.join(__dirname, '..', 'fixtures', 'cloudformation');
const read = (rel: string) => ({ path: path.join(ROOT, rel), text: fs.readFileSync(path.join(ROOT, rel), 'utf8') });

describe('CloudFormation detection', () => {
  for (const rel of ['detection/deployment.yaml', 'detection/.github/workflows/deploy.yml', 'detection/config.yaml', 'detection/package.json']) {
    it(`does not claim ${rel}`, async () => {
      const file = read(rel);
      assert.strictEqual((await engine()).adapterFor(file.path, file.text), undefined);
      assert.deepStrictEqual((await analyze(file.path, file.text)).findings, []);
    });
  }

  for (const rel of ['cdk/cdk.out/tree.json', 'cdk/cdk.out/manifest.json', 'cdk/cdk.out/MlStack.assets.json']) {
    it(`never parses the CDK file ${rel} as a template`, async () => {
      const file = read(rel);
      assert.ok(file.text.includes('AWS::SageMaker::NotebookInstance'));
      assert.strictEqual((await engine()).adapterFor(file.path, file.text), undefined);
      assert.deepStrictEqual((await analyze(file.path, file.text)).findings, []);
    });
  }

  it('analyses the template cdk synth writes and keeps its one-space indentation in fixes', async () => {
    const file = read('cdk/cdk.out/MlStack.template.json');
    const result = await analyze(file.path, file.text);
    assert.strictEqual(result.dialect, 'cloudformation');
    const findings = active(result.findings);
    assert.deepStrictEqual(
      findings.map((f) => `${f.ruleId} ${f.resource}`),
      ['SML001 ResearchNotebook'],
    );
    const use = findings[0].fixes.find((f) => f.title.startsWith('Use customer-managed key NotebookKey2A1B3C4D'));
    assert.ok(use?.isPreferred);
    const fixed = applyEdits(file.text, use.edits[0].edits);
    assert.deepStrictEqual(syntaxErrors(file.path, fixed), []);
    assert.ok(fixed.includes('\n    "KmsKeyId": { "Fn::GetAtt": ["NotebookKey2A1B3C4D", "Arn"] }\n'), fixed);
    assert.deepStrictEqual(active((await analyze(file.path, fixed)).findings), []);
  });

  it('analyses the SageMaker resources of a SAM template', async () => {
    const file = read('detection/sam-template.yaml');
    const findings = active((await analyze(file.path, file.text)).findings);
    assert.ok(findings.some((f) => f.ruleId === 'SML001' && f.resource === 'Notebook'));
    assert.ok(findings.every((f) => f.resource === 'Notebook'));
  });

  it('takes a Resources map with an AWS:: type as a template without AWSTemplateFormatVersion', async () => {
    const file = read('detection/no-version.template');
    const findings = active((await analyze(file.path, file.text)).findings);
    assert.ok(findings.some((f) => f.ruleId === 'SML001'));
  });

  it('reports nothing for a Resources map without an AWS:: resource type', async () => {
    const file = read('detection/custom-only.yaml');
    assert.deepStrictEqual((await analyze(file.path, file.text)).findings, []);
  });

  it('leaves files of other extensions to other dialects', async () => {
    const e = await engine();
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n';
    assert.strictEqual(e.adapterFor('notes.txt', text), undefined);
    assert.strictEqual(e.adapterFor('stack.yaml', text)?.dialect, 'cloudformation');
    assert.strictEqual(e.adapterFor('stack.template', text)?.dialect, 'cloudformation');
  });
});
