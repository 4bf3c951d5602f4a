import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Engine } from '../../shared-rules/src/engine';
import { MAX_ANALYSED_CHARS } from '../../shared-rules/src/engine';
import { cleanWorkspaces, runCli, workspace } from '../cli/harness';
import { largeTemplate, notebook } from '../support/workload';
import { Random } from '../support/random';
import { analyseSurviving, assertMemoryBounded, assertScanCompleted, claims, cliBuilt, sharedEngine } from './support';

const FIFTY_MB = 50 * 1024 * 1024;

function fiftyMegabytes(): string {
  const unit = 'resource "aws_sagemaker_notebook_instance" "n" {\n  instance_type = "ml.t3.medium"\n}\n';
  return unit.repeat(Math.ceil(FIFTY_MB / unit.length));
}

describe('adversarial: large inputs', function () {
  this.timeout(120_000);
  let engine: Engine;
  before(async () => (engine = await sharedEngine()));
  after(cleanWorkspaces);

  it('skips a 50 MB file in the engine with one notice, before any parser sees it', () => {
    const text = fiftyMegabytes();
    assert.ok(text.length > MAX_ANALYSED_CHARS);
    const result = analyseSurviving(engine, '/adversarial/large/huge.tf', text);
    assert.deepStrictEqual(result.findings, []);
    assert.strictEqual(result.notices.length, 1);
    assert.match(result.notices[0], /huge\.tf.*skipped/);
    assertMemoryBounded();
  });

  it('leaves a 50 MB neighbour out of a Terraform folder', () => {
    const small = 'resource "aws_sagemaker_notebook_instance" "small" {\n  instance_type = "ml.t3.medium"\n}\n';
    const result = analyseSurviving(engine, '/adversarial/large/small.tf', small, [{ path: '/adversarial/large/huge.tf', text: fiftyMegabytes() }]);
    assert.ok(result.findings.some((f) => f.resource === 'aws_sagemaker_notebook_instance.small'));
    assertMemoryBounded();
  });

  it('skips a 50 MB file in a CLI scan with exactly one notice and scans its neighbours', function () {
    if (!cliBuilt()) this.skip();
    const dir = workspace({ 'small.tf': 'resource "aws_sagemaker_model" "m" {}\n' });
    fs.writeFileSync(path.join(dir, 'huge.tf'), fiftyMegabytes());
    const run = runCli(['scan', '.', '--format', 'json'], dir);
    const findings = assertScanCompleted(run) as { file: string }[];
    assert.strictEqual(run.stderr.split('\n').filter((l) => l.includes('huge.tf')).length, 1, run.stderr);
    assert.ok(findings.some((f) => f.file.endsWith('small.tf')));
    assert.ok(!findings.some((f) => f.file.endsWith('huge.tf')));
  });

  it('analyses a notebook of 10,000 cells', () => {
    const text = manyCells(10_000);
    const result = analyseSurviving(engine, '/adversarial/large/many-cells.ipynb', text);
    if (claims(engine, '/adversarial/large/many-cells.ipynb', text)) assert.ok(result.findings.length > 0, 'estimators without keys in the cells are reported');
    assertMemoryBounded();
  });

  for (const format of ['yaml', 'json'] as const) {
    it(`analyses a ${format.toUpperCase()} template with 5,000 resources`, () => {
      const yaml = largeTemplate(5000);
      const text = format === 'yaml' ? yaml : JSON.stringify(templateObject(5000));
      const file = `/adversarial/large/template-5000.${format}`;
      const result = analyseSurviving(engine, file, text);
      if (claims(engine, file, text)) assert.ok(result.findings.filter((f) => f.ruleId === 'SML001').length >= 5000, 'each notebook without a key is reported');
      assertMemoryBounded();
    });
  }
});

/** Mostly small cells, as long exploratory notebooks are, with a SageMaker notebook's worth of jobs among them. */
function manyCells(count: number): string {
  const r = new Random(10_000);
  const jobs = JSON.parse(notebook(10_001, 40)) as { cells: unknown[]; metadata: unknown };
  const cells: unknown[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 250 === 0) cells.push(jobs.cells[(i / 250) % jobs.cells.length]);
    else if (r.chance(0.3)) cells.push({ cell_type: 'markdown', metadata: {}, source: [`Step ${i}`] });
    else cells.push({ cell_type: 'code', execution_count: i, metadata: {}, outputs: [], source: [`frame_${i} = frame_${i - 1}.dropna()\n`, `%time frame_${i}.describe()`] });
  }
  return JSON.stringify({ cells, metadata: jobs.metadata, nbformat: 4, nbformat_minor: 5 });
}

function templateObject(n: number): unknown {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) resources[`Notebook${i}`] = { Type: 'AWS::SageMaker::NotebookInstance', Properties: { InstanceType: 'ml.t3.medium', RoleArn: 'arn:aws:iam::123456789012:role/sm' } };
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources };
}
