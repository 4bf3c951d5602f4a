import * as assert from 'assert';
import type { Finding, Fix } from '../../shared-rules/src/model';
import { active, analyze, applyEdits, syntaxErrors } from './cloudformation-support';

async function fixFor(path: string, text: string, ruleId: string, title: string, resource?: string): Promise<{ fixed: string; finding: Finding; fix: Fix }> {
  const findings = active((await analyze(path, text)).findings).filter((f) => f.ruleId === ruleId && (!resource || f.resource === resource));
  const finding = findings[0];
  assert.ok(finding, `${ruleId} expected`);
  const fix = finding.fixes.find((f) => f.title.startsWith(title));
  assert.ok(fix, `fix "${title}" among ${finding.fixes.map((f) => f.title).join(' | ')}`);
  const fixed = applyEdits(text, fix.edits.flatMap((e) => e.edits));
  assert.deepStrictEqual(syntaxErrors(path, fixed), [], fixed);
  const after = active((await analyze(path, fixed)).findings).filter((f) => f.ruleId === ruleId && f.resource === finding.resource && f.fieldPath === finding.fieldPath);
  assert.deepStrictEqual(after, [], fixed);
  return { fixed, finding, fix };
}

const LONG_STYLE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                Fn::Sub: "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root"
            Action: "kms:*"
            Resource: "*"
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn:
        Fn::GetAtt: [Role, Arn]
`;

describe('CloudFormation fixes', () => {
  it('writes the long intrinsic form in a file that uses it', async () => {
    const { fixed, fix } = await fixFor('t.yaml', LONG_STYLE, 'SML001', 'Use customer-managed key Key');
    assert.ok(fix.isPreferred);
    assert.ok(fixed.includes('      KmsKeyId: { "Fn::GetAtt": [Key, Arn] }\n'), fixed);
    assert.ok(!fixed.includes('!GetAtt'));
  });

  it('creates a key in the long form with the file\'s double quotes, and the key passes SML020', async () => {
    const { fixed } = await fixFor('t.yaml', LONG_STYLE, 'SML001', 'Create a customer-managed KMS key');
    assert.ok(fixed.includes('  SageMakerKey:\n    Type: AWS::KMS::Key\n'), fixed);
    assert.ok(fixed.includes('AWS: { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }'), fixed);
    assert.ok(fixed.includes('KmsKeyId: { "Fn::GetAtt": [SageMakerKey, Arn] }'), fixed);
    assert.ok(!active((await analyze('t.yaml', fixed)).findings).some((f) => f.ruleId === 'SML020'));
  });

  it('picks a free logical id for a created key', async () => {
    const text = LONG_STYLE.replace('  Key:\n', '  SageMakerKey:\n').replace('[Role, Arn]', '[Role, Arn]\n      KmsKeyId: alias/aws/sagemaker');
    const { fixed } = await fixFor('t.yaml', text, 'SML003', 'Create a customer-managed KMS key');
    assert.ok(fixed.includes('  SageMakerKey2:\n'), fixed);
    assert.ok(fixed.includes('KmsKeyId: { "Fn::GetAtt": [SageMakerKey2, Arn] }'), fixed);
  });

  it('replaces a value and keeps its quotes and the trailing comment', async () => {
    const text = LONG_STYLE.replace('      InstanceType: ml.t3.medium', "      InstanceType: ml.t3.medium\n      RootAccess: 'Enabled' # requested by the lab");
    const { fixed } = await fixFor('t.yaml', text, 'SML014', 'Set RootAccess to Disabled');
    assert.ok(fixed.includes("      RootAccess: 'Disabled' # requested by the lab\n"), fixed);
  });

  it('creates nested maps that do not exist yet, in YAML and JSON', async () => {
    const yaml = await fixFor('t.yaml', LONG_STYLE, 'SML015', 'Set MinimumInstanceMetadataServiceVersion to 2');
    assert.ok(yaml.fixed.endsWith('        Fn::GetAtt: [Role, Arn]\n      InstanceMetadataServiceConfiguration:\n        MinimumInstanceMetadataServiceVersion: "2"\n'), yaml.fixed);
    const json = JSON.stringify({ Resources: { Nb: { Type: 'AWS::SageMaker::NotebookInstance', Properties: { InstanceType: 'ml.t3.medium' } } } }, null, 3);
    const { fixed } = await fixFor('t.json', json, 'SML015', 'Set MinimumInstanceMetadataServiceVersion to 2');
    assert.ok(fixed.includes('"InstanceType": "ml.t3.medium",\n            "InstanceMetadataServiceConfiguration": {\n               "MinimumInstanceMetadataServiceVersion": "2"\n            }\n'), fixed);
  });

  it('adds Properties to a resource that has none', async () => {
    const text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Model:\n    Type: AWS::SageMaker::Model\n";
    const { fixed } = await fixFor('t.yaml', text, 'SML010', 'Set EnableNetworkIsolation to true');
    assert.ok(fixed.endsWith('    Type: AWS::SageMaker::Model\n    Properties:\n      EnableNetworkIsolation: true\n'), fixed);
  });

  it('fills an empty property and a map written on one line', async () => {
    const empty = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Model:\n    Type: AWS::SageMaker::Model\n    Properties:\n      EnableNetworkIsolation:\n      ExecutionRoleArn: arn:aws:iam::123456789012:role/m\n";
    const a = await fixFor('t.yaml', empty, 'SML010', 'Set EnableNetworkIsolation to true');
    assert.ok(a.fixed.includes('      EnableNetworkIsolation: true\n      ExecutionRoleArn'), a.fixed);
    const flow = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Proc:\n    Type: AWS::SageMaker::ProcessingJob\n    Properties:\n      NetworkConfig: { EnableNetworkIsolation: true }\n      ProcessingResources: { ClusterConfig: { InstanceCount: 2, InstanceType: ml.m5.xlarge, VolumeSizeInGB: 30 } }\n";
    const b = await fixFor('t.yaml', flow, 'SML011', 'Set EnableInterContainerTrafficEncryption to true');
    assert.ok(b.fixed.includes('NetworkConfig: { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true }'), b.fixed);
  });

  it('writes a new key at the column of an anchor or tag in front of the first key, not at the key (fuzzing)', async () => {
    for (const props of ['&props ', '!!str ', '&a !!str ']) {
      const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      ${props}InstanceType: ml.t3.medium\n      RoleArn: arn:aws:iam::123456789012:role/n\n`;
      const { fixed } = await fixFor('t.yaml', text, 'SML014', 'Set RootAccess to Disabled');
      assert.ok(fixed.includes('\n      RootAccess: Disabled\n'), fixed);
    }
  });

  it('removes a volume key in JSON without leaving a dangling comma', async () => {
    const json = JSON.stringify(
      {
        Resources: {
          Proc: {
            Type: 'AWS::SageMaker::ProcessingJob',
            Properties: { ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.g5.xlarge', VolumeSizeInGB: 30, VolumeKmsKeyId: 'alias/proc' } } },
          },
        },
      },
      null,
      2,
    );
    const { fixed } = await fixFor('t.json', json, 'SML004', 'Remove VolumeKmsKeyId');
    assert.ok(fixed.includes('"VolumeSizeInGB": 30\n'), fixed);
  });

  it('switches an NVMe instance type to the same size without local storage', async () => {
    const text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Proc:\n    Type: AWS::SageMaker::ProcessingJob\n    Properties:\n      ProcessingResources:\n        ClusterConfig:\n          InstanceCount: 1\n          InstanceType: ml.r5d.xlarge\n          VolumeSizeInGB: 30\n          VolumeKmsKeyId: alias/proc\n";
    const { fixed } = await fixFor('t.yaml', text, 'SML004', 'Switch to ml.r5.xlarge');
    assert.ok(fixed.includes('          InstanceType: ml.r5.xlarge\n'), fixed);
  });

  it('keeps CRLF line breaks', async () => {
    const text = "AWSTemplateFormatVersion: '2010-09-09'\r\nResources:\r\n  Model:\r\n    Type: AWS::SageMaker::Model\r\n    Properties:\r\n      ExecutionRoleArn: arn:aws:iam::123456789012:role/m\r\n";
    const { fixed } = await fixFor('t.yaml', text, 'SML010', 'Set EnableNetworkIsolation to true');
    assert.ok(fixed.includes('role/m\r\n      EnableNetworkIsolation: true\r\n'), JSON.stringify(fixed));
    assert.ok(!/[^\r]\n/.test(fixed));
  });

  it('suppress fix in YAML inserts a comment above the finding\'s line', async () => {
    const { fixed } = await fixFor('t.yaml', LONG_STYLE, 'SML012', 'Suppress SML012 here');
    assert.ok(fixed.includes('  # sagemaker-lint:ignore SML012 <reason>\n  Notebook:\n'), fixed);
  });
});
