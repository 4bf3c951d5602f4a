import * as assert from 'assert';
import type { AnalysisContext } from '../../shared-rules/src/dialect';
import type { Finding } from '../../shared-rules/src/model';
import { active, analyze } from './cloudformation-support';

/** A template with one notebook whose `KmsKeyId` is the given YAML text, plus extra sections. */
function notebook(kmsKeyId: string, sections = ''): string {
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    sections.trimEnd(),
    'Resources:',
    '  Key:',
    '    Type: AWS::KMS::Key',
    '  Notebook:',
    '    Type: AWS::SageMaker::NotebookInstance',
    '    Properties:',
    '      InstanceType: ml.t3.medium',
    '      RoleArn: arn:aws:iam::123456789012:role/notebook',
    `      KmsKeyId: ${kmsKeyId}`,
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

async function keyFindings(text: string, context: Partial<AnalysisContext> = {}): Promise<Finding[]> {
  return active((await analyze('template.yaml', text, context)).findings).filter((f) => ['SML001', 'SML003', 'SML006'].includes(f.ruleId));
}

const ids = (findings: Finding[]) => findings.map((f) => f.ruleId);

const PARAM = `Parameters:
  NotebookKey:
    Type: String
    Default: alias/aws/sagemaker
  ProvidedKey:
    Type: String
  EmptyKey:
    Type: String
    Default: ''
`;

describe('CloudFormation value resolution', () => {
  it('follows a parameter default to an AWS-managed alias and names the parameter', async () => {
    const [f] = await keyFindings(notebook('!Ref NotebookKey', PARAM));
    assert.strictEqual(f.ruleId, 'SML003');
    assert.match(f.message, /default of parameter NotebookKey/);
    assert.ok(f.related.some((r) => r.message.includes('NotebookKey')));
  });

  it('lets a --parameter override win over the default', async () => {
    assert.deepStrictEqual(await keyFindings(notebook('!Ref NotebookKey', PARAM), { parameters: { NotebookKey: 'alias/notebooks' } }), []);
    assert.deepStrictEqual(ids(await keyFindings(notebook('!Ref ProvidedKey', PARAM), { parameters: { ProvidedKey: 'alias/aws/sagemaker' } })), ['SML003']);
  });

  it('treats a parameter without a default as unknown, never missing', async () => {
    assert.deepStrictEqual(await keyFindings(notebook('!Ref ProvidedKey', PARAM)), []);
  });

  it('treats an SSM-typed parameter as unknown: its default names an SSM parameter', async () => {
    const ssm = 'Parameters:\n  KeyFromSsm:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /platform/sagemaker/kms-key\n';
    assert.deepStrictEqual(await keyFindings(notebook('!Ref KeyFromSsm', ssm)), []);
  });

  it('treats an empty parameter default as an absent key', async () => {
    const [f] = await keyFindings(notebook('!Ref EmptyKey', PARAM));
    assert.strictEqual(f.ruleId, 'SML001');
  });

  it('reads !Sub and !Join with pseudo parameters: alias/aws/ inside is AWS-managed', async () => {
    assert.deepStrictEqual(ids(await keyFindings(notebook("!Sub 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sagemaker'"))), ['SML003']);
    assert.deepStrictEqual(ids(await keyFindings(notebook('!Join [":", [arn, !Ref AWS::Partition, kms, !Ref AWS::Region, !Ref AWS::AccountId, alias/aws/sagemaker]]'))), ['SML003']);
    assert.deepStrictEqual(await keyFindings(notebook("!Sub 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/notebooks'")), []);
    assert.deepStrictEqual(await keyFindings(notebook("!Sub 'arn:aws:kms:us-east-1:${AWS::AccountId}:key/${Key}'")), []);
  });

  it('reads a !Sub variable map', async () => {
    assert.deepStrictEqual(ids(await keyFindings(notebook("!Sub ['alias/${Prefix}/sagemaker', {Prefix: aws}]"))), ['SML003']);
  });

  it('resolves !Ref and !GetAtt to a KMS key or alias of the template as customer-managed', async () => {
    assert.deepStrictEqual(await keyFindings(notebook('!GetAtt Key.Arn')), []);
    assert.deepStrictEqual(await keyFindings(notebook('!Ref Key')), []);
    const alias = notebook('!Ref NotebookAlias').replace('Resources:\n', 'Resources:\n  NotebookAlias:\n    Type: AWS::KMS::Alias\n    Properties:\n      AliasName: alias/notebooks\n      TargetKeyId: !Ref Key\n');
    assert.deepStrictEqual(await keyFindings(alias), []);
  });

  const CONDITIONS = `Parameters:
  Environment:
    Type: String
    Default: dev
  Unset:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
  IsDev: !Not [!Condition IsProd]
  Either: !Or [!Equals [!Ref Unset, a], !Condition IsDev]
  Unknowable: !Equals [!Ref Unset, prod]
`;

  it('evaluates Fn::If when the condition is known from parameter defaults, naming the condition', async () => {
    const [absent] = await keyFindings(notebook('!If [IsProd, !GetAtt Key.Arn, !Ref AWS::NoValue]', CONDITIONS));
    assert.strictEqual(absent.ruleId, 'SML001');
    assert.match(absent.message, /condition IsProd is false/);
    assert.deepStrictEqual(await keyFindings(notebook('!If [IsDev, !GetAtt Key.Arn, !Ref AWS::NoValue]', CONDITIONS)), []);
    assert.deepStrictEqual(ids(await keyFindings(notebook('!If [Either, alias/aws/sagemaker, !Ref Key]', CONDITIONS))), ['SML003']);
    assert.deepStrictEqual(await keyFindings(notebook('!If [IsProd, !GetAtt Key.Arn, !Ref AWS::NoValue]', CONDITIONS), { parameters: { Environment: 'prod' } }), []);
  });

  it('takes the branches\' common verdict when the condition is unknown', async () => {
    assert.deepStrictEqual(await keyFindings(notebook('!If [Unknowable, !GetAtt Key.Arn, !Ref AWS::NoValue]', CONDITIONS)), []);
    assert.deepStrictEqual(ids(await keyFindings(notebook('!If [Unknowable, alias/aws/sagemaker, !Sub "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sagemaker"]', CONDITIONS))), ['SML003']);
    assert.deepStrictEqual(ids(await keyFindings(notebook('!If [Unknowable, !Ref AWS::NoValue, !Ref AWS::NoValue]', CONDITIONS))), ['SML001']);
  });

  it('follows Fn::If on a whole property to the branch a known condition selects', async () => {
    const model = (vpc: string, sections: string) =>
      [
        "AWSTemplateFormatVersion: '2010-09-09'",
        sections.trimEnd(),
        'Resources:',
        '  Model:',
        '    Type: AWS::SageMaker::Model',
        '    Properties:',
        '      ExecutionRoleArn: arn:aws:iam::123456789012:role/m',
        '      EnableNetworkIsolation: true',
        `      VpcConfig: ${vpc}`,
      ].join('\n');
    const vpc = '!If [IsProd, {Subnets: [subnet-1], SecurityGroupIds: [sg-1]}, !Ref AWS::NoValue]';
    const sml013 = async (text: string, context: Partial<AnalysisContext> = {}) =>
      active((await analyze('template.yaml', text, context)).findings).filter((f) => f.ruleId === 'SML013');
    assert.strictEqual((await sml013(model(vpc, CONDITIONS))).length, 1);
    assert.deepStrictEqual(await sml013(model(vpc, CONDITIONS), { parameters: { Environment: 'prod' } }), []);
    assert.deepStrictEqual(await sml013(model(vpc.replace('IsProd', 'Unknowable'), CONDITIONS)), []);
  });

  it('looks up Mappings with literal keys and parameter defaults', async () => {
    const mappings = `Parameters:
  Environment:
    Type: String
    Default: dev
Mappings:
  Keys:
    dev:
      Notebook: alias/aws/sagemaker
    prod:
      Notebook: alias/prod-notebooks
`;
    assert.deepStrictEqual(ids(await keyFindings(notebook('!FindInMap [Keys, !Ref Environment, Notebook]', mappings))), ['SML003']);
    assert.deepStrictEqual(await keyFindings(notebook('!FindInMap [Keys, prod, Notebook]', mappings)), []);
    assert.deepStrictEqual(await keyFindings(notebook('!FindInMap [Keys, !Ref AWS::Region, Notebook]', mappings)), []);
  });

  it('treats ImportValue and dynamic references as unknown, never missing', async () => {
    assert.deepStrictEqual(await keyFindings(notebook('!ImportValue shared-notebook-key')), []);
    assert.deepStrictEqual(await keyFindings(notebook("'{{resolve:ssm:/platform/notebook-key}}'")), []);
    assert.deepStrictEqual(await keyFindings(notebook('!GetAtt SomeCustomResource.KeyArn')), []);
  });

  it('reads the long forms the same as the short ones', async () => {
    const long = notebook('\n        Fn::If:\n          - IsProd\n          - Fn::GetAtt: [Key, Arn]\n          - Ref: AWS::NoValue', "Conditions:\n  IsProd:\n    Fn::Equals: [a, b]\n");
    assert.deepStrictEqual(ids(await keyFindings(long)), ['SML001']);
    const sub = notebook('\n        Fn::Sub: arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sagemaker');
    assert.deepStrictEqual(ids(await keyFindings(sub)), ['SML003']);
  });

  it('reads intrinsics in JSON templates', async () => {
    const json = JSON.stringify(
      {
        Parameters: { NotebookKey: { Type: 'String', Default: 'alias/aws/sagemaker' } },
        Resources: {
          Notebook: {
            Type: 'AWS::SageMaker::NotebookInstance',
            Properties: { InstanceType: 'ml.t3.medium', RoleArn: 'arn:aws:iam::123456789012:role/n', KmsKeyId: { Ref: 'NotebookKey' } },
          },
        },
      },
      null,
      2,
    );
    const findings = active((await analyze('template.json', json)).findings).filter((f) => f.ruleId === 'SML003');
    assert.strictEqual(findings.length, 1);
  });

  it('does not report region mismatches: a template is region-agnostic', async () => {
    const all = active((await analyze('template.yaml', notebook('arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'))).findings);
    assert.ok(!all.some((f) => f.ruleId === 'SML005'));
  });
});
