import * as assert from 'assert';
import { cleanWorkspaces, lines, runCli, workspace } from './harness';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  NotebookKey:
    Type: String
    Default: alias/aws/sagemaker
Resources:
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::111122223333:role/notebook
      KmsKeyId: !Ref NotebookKey
`;

describe('cli: --parameter', () => {
  after(cleanWorkspaces);

  it('reports the AWS-managed default of a parameter', () => {
    const ws = workspace({ 'template.yaml': TEMPLATE });
    const run = runCli(['scan', '.', '--format', 'json'], ws);
    const ids = (JSON.parse(run.stdout) as { ruleId: string }[]).map((f) => f.ruleId);
    assert.ok(ids.includes('SML003'), run.stdout);
  });

  it('uses the value given for one deployment instead of the default', () => {
    const ws = workspace({ 'template.yaml': TEMPLATE });
    const run = runCli(['scan', '.', '--format', 'json', '--parameter', 'NotebookKey=alias/notebooks', '-p', 'Unused=x'], ws);
    const ids = (JSON.parse(run.stdout) as { ruleId: string }[]).map((f) => f.ruleId);
    assert.ok(!ids.includes('SML003') && !ids.includes('SML001'), run.stdout);
  });

  it('rejects a parameter without a value with one line and exit 2', () => {
    const ws = workspace({ 'template.yaml': TEMPLATE });
    const run = runCli(['scan', '.', '--parameter', 'NotebookKey'], ws);
    assert.strictEqual(run.code, 2);
    assert.deepStrictEqual(lines(run.stderr), ["sagemaker-lint: --parameter takes KEY=VALUE, not 'NotebookKey'"]);
  });
});
