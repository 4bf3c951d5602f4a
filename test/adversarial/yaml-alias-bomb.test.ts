import * as assert from 'assert';
import type { Engine } from '../../shared-rules/src/engine';
import { cleanWorkspaces, runCli, workspace } from '../cli/harness';
import { analyseSurviving, assertMemoryBounded, assertScanCompleted, cliBuilt, sharedEngine } from './support';

/** Nine levels of nine aliases each: 387,420,489 nodes if anything expands it. */
function bomb(indent: string): string {
  const lines = [`${indent}a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`];
  for (let i = 1; i <= 9; i++) {
    const prev = `*a${i - 1}`;
    lines.push(`${indent}a${i}: &a${i} [${Array(9).fill(prev).join(', ')}]`);
  }
  return lines.join('\n');
}

const TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Metadata:',
  bomb('  '),
  'Resources:',
  '  Notebook:',
  '    Type: AWS::SageMaker::NotebookInstance',
  '    Properties:',
  '      InstanceType: ml.t3.medium',
  '      RoleArn: arn:aws:iam::123456789012:role/sm',
  '      Tags: *a9',
  '      KmsKeyId: *a9',
  '',
].join('\n');

const PLAIN = ['config:', bomb('  '), 'value: *a9', ''].join('\n');

describe('adversarial: YAML alias bomb', () => {
  let engine: Engine;
  before(async () => (engine = await sharedEngine()));
  after(cleanWorkspaces);

  it('analyses a template whose properties are alias bombs without expanding them', () => {
    analyseSurviving(engine, '/adversarial/bomb/template.yaml', TEMPLATE);
    assertMemoryBounded();
  });

  it('ignores or survives plain YAML that is an alias bomb', () => {
    analyseSurviving(engine, '/adversarial/bomb/config.yaml', PLAIN);
    analyseSurviving(engine, '/adversarial/bomb/template.yml', PLAIN.replace('config:', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: *a9\nconfig:'));
    assertMemoryBounded();
  });

  it('completes a CLI scan of a folder of alias bombs', function () {
    if (!cliBuilt()) this.skip();
    const dir = workspace({ 'template.yaml': TEMPLATE, 'config.yaml': PLAIN, 'main.tf': 'resource "aws_sagemaker_model" "m" {}\n' });
    const findings = assertScanCompleted(runCli(['scan', '.', '--format', 'json'], dir));
    assert.ok(findings.length > 0, 'the Terraform neighbour is still reported');
  });
});
