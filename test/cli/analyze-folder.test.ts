import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeFolder } from '../../shared-rules/src/cli/analyze-folder';
import { Engine } from '../../shared-rules/src/engine';
import { cleanWorkspaces, fixture, runCli, workspace } from './harness';

describe('cli: folder analysis', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });
  after(cleanWorkspaces);

  const job = (dir: string, files: string[], keepFixes = true) => ({ dir, files, rules: {}, maxFileSize: 5 * 1024 * 1024, keepFixes });

  it('reports a file deleted after the walk as a notice and analyses the rest', () => {
    const ws = workspace({ 'main.tf': fixture('terraform/notebooks/main.tf'), 'gone.tf': 'resource "x" "y" {}\n' });
    const files = [path.join(ws, 'gone.tf'), path.join(ws, 'main.tf')];
    fs.rmSync(files[0]);
    const result = analyzeFolder(engine, job(ws, files));
    assert.deepStrictEqual(result.analysed, [files[1]]);
    assert.ok(result.findings.some((f) => f.ruleId === 'SML001'));
    assert.deepStrictEqual(result.notices, [`${files[0]}: cannot read (ENOENT); skipped`]);
  });

  it('drops fixes when the report does not use them', () => {
    const ws = workspace({ 'main.tf': fixture('terraform/notebooks/main.tf') });
    const file = path.join(ws, 'main.tf');
    assert.ok(analyzeFolder(engine, job(ws, [file], true)).findings.every((f) => f.fixes.length > 0));
    assert.ok(analyzeFolder(engine, job(ws, [file], false)).findings.every((f) => f.fixes.length === 0));
  });

  it('scans a cdk.out folder without treating its manifests as templates', () => {
    const template = { Resources: { Notebook: { Type: 'AWS::SageMaker::NotebookInstance', Properties: { InstanceType: 'ml.t3.medium', RoleArn: 'arn:aws:iam::111122223333:role/sm' } } } };
    const mentions = { version: '36.0.0', artifacts: { MlStack: { type: 'aws:cloudformation:stack', properties: { note: 'AWS::SageMaker::NotebookInstance' } } } };
    const ws = workspace({
      'cdk.out/MlStack.template.json': JSON.stringify(template, null, 1),
      'cdk.out/manifest.json': JSON.stringify(mentions),
      'cdk.out/tree.json': JSON.stringify({ tree: { id: 'App', children: { Resources: { Type: 'AWS::SageMaker::NotebookInstance' } } } }),
      'cdk.out/MlStack.assets.json': JSON.stringify({ version: '36.0.0', files: {} }),
    });
    const run = runCli(['scan', '-f', 'json'], ws);
    assert.strictEqual(run.code, 1, run.stderr);
    const files = new Set((JSON.parse(run.stdout) as { file: string }[]).map((f) => f.file));
    assert.deepStrictEqual([...files], ['cdk.out/MlStack.template.json']);
  });
});
