import * as assert from 'assert';
import { active, analyze } from './cloudformation-support';

const NOTEBOOK = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  Notebook:',
  '    Type: AWS::SageMaker::NotebookInstance',
  '    Properties:',
  '      InstanceType: ml.t3.medium',
  '      RoleArn: arn:aws:iam::123456789012:role/notebook',
].join('\n');

describe('CloudFormation robustness', () => {
  it('a YAML template with a half-typed resource still yields its complete resources', async () => {
    const text = `${NOTEBOOK}\n  Endpoint:\n    Type: AWS::SageMaker::EndpointConfig\n    Properties:\n      ProductionVariants: [\n`;
    const result = await analyze('t.yaml', text);
    assert.ok(result.notices.some((n) => n.includes('syntax errors')));
    assert.ok(active(result.findings).some((f) => f.ruleId === 'SML001' && f.resource === 'Notebook'));
    assert.deepStrictEqual(result.findings.flatMap((f) => f.fixes), [], 'no fixes while the template does not parse');
  });

  it('an unclosed quote, an unclosed bracket or a tab loses only the resource that holds it', async () => {
    const resource = (name: string) => [`  ${name}:`, '    Type: AWS::SageMaker::NotebookInstance', '    Properties:', '      InstanceType: ml.t3.medium', '      RoleArn: arn:aws:iam::123456789012:role/notebook'];
    for (const broken of ['      KmsKeyId: "alias/unclosed', '      SecurityGroupIds: [sg-1,', '\tKmsKeyId: alias/x', '     KmsKeyId: misindented']) {
      const text = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', ...resource('First'), broken, ...resource('Second'), ...resource('Third'), ''].join('\n');
      const result = await analyze('t.yaml', text);
      const labels = new Set(active(result.findings).filter((f) => f.ruleId === 'SML001').map((f) => f.resource));
      assert.deepStrictEqual([...labels].filter((l) => l !== 'First').sort(), ['Second', 'Third'], broken);
      assert.ok(result.notices.some((n) => n.includes('syntax errors')));
    }
  });

  it('a JSON template with a syntax error still yields its complete resources', async () => {
    const text = `{
  "Resources": {
    "Notebook": {
      "Type": "AWS::SageMaker::NotebookInstance",
      "Properties": { "InstanceType": "ml.t3.medium", "RoleArn": "arn:aws:iam::123456789012:role/notebook" }
    },
    "Endpoint": {
      "Type": "AWS::SageMaker::EndpointConfig",
      "Properties": { "KmsKeyId": `;
    const result = await analyze('t.json', text);
    assert.ok(result.notices.some((n) => n.includes('syntax errors')));
    assert.ok(active(result.findings).some((f) => f.ruleId === 'SML001' && f.resource === 'Notebook'));
  });

  it('survives a YAML alias bomb without expanding it', async () => {
    const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Mappings:', '  a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`  a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    lines.push('Resources:', '  Key:', '    Type: AWS::KMS::Key', '    Properties:', '      KeyPolicy: *a11', NOTEBOOK.split('\n').slice(2).join('\n'), '      KmsKeyId: !GetAtt Key.Arn');
    const result = await analyze('bomb.yaml', lines.join('\n'));
    assert.deepStrictEqual(active(result.findings).filter((f) => f.ruleId === 'SML001' || f.ruleId === 'SML020'), []);
  });

  it('refuses 100,000-deep nesting with a notice instead of crashing', async () => {
    const deep = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  X: ${'['.repeat(100000)}${']'.repeat(100000)}\n`;
    const yaml = await analyze('deep.yaml', deep);
    assert.deepStrictEqual(yaml.findings, []);
    assert.ok(yaml.notices.some((n) => n.includes('nesting too deep')));
    const json = await analyze('deep.json', `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}}`);
    assert.deepStrictEqual(json.findings, []);
    assert.ok(json.notices.some((n) => n.includes('nesting too deep')));
  });

  it('deep block nesting below the bracket limit is analysed without a stack overflow', async () => {
    let text = `${NOTEBOOK}\n      Tags:\n`;
    let indent = '        ';
    for (let i = 0; i < 600; i++) {
      text += `${indent}k${i}:\n`;
      indent += ' ';
    }
    text += `${indent}leaf: 1\n`;
    const result = await analyze('nested.yaml', text);
    assert.ok(active(result.findings).some((f) => f.ruleId === 'SML001'));
  });

  it('a key policy that names its own key, or two keys naming each other, is read without recursing forever (fuzzing)', async () => {
    const key = (name: string, other: string) => [
      `  ${name}:`,
      '    Type: AWS::KMS::Key',
      '    Properties:',
      '      KeyPolicy:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { Service: sagemaker.amazonaws.com }',
      "            Action: 'kms:*'",
      `            Resource: !GetAtt ${other}.Arn`,
    ];
    for (const keys of [key('Key', 'Key'), [...key('Key', 'Other'), ...key('Other', 'Key')]]) {
      const text = [...NOTEBOOK.split('\n'), '      KmsKeyId: !GetAtt Key.Arn', ...keys, ''].join('\n');
      const result = await analyze('t.yaml', text);
      assert.deepStrictEqual(result.notices, []);
      assert.ok(!active(result.findings).some((f) => f.ruleId === 'SML001' && f.resource === 'Notebook'), 'the notebook uses the customer-managed key');
    }
  });

  it('binary and empty input are not templates', async () => {
    assert.deepStrictEqual((await analyze('empty.yaml', '')).findings, []);
    assert.deepStrictEqual((await analyze('bin.json', '\u0000\u0001\u0002Resources:\u0000Type: AWS::X::Y')).findings, []);
  });
});
