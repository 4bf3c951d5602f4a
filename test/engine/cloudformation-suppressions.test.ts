import * as assert from 'assert';
import type { Finding } from '../../shared-rules/src/model';
import { analyze, applyEdits, syntaxErrors } from './cloudformation-support';

const NOTEBOOK_BODY = [
  '    Type: AWS::SageMaker::NotebookInstance',
  '    Properties:',
  '      InstanceType: ml.t3.medium',
  '      RoleArn: arn:aws:iam::123456789012:role/notebook',
  '      DirectInternetAccess: Enabled',
];

function yaml(lines: string[]): string {
  return ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', ...lines, ''].join('\n');
}

async function findings(path: string, text: string): Promise<Finding[]> {
  return (await analyze(path, text)).findings;
}

const state = (all: Finding[], ruleId: string) => all.filter((f) => f.ruleId === ruleId).map((f) => f.suppressed?.kind ?? 'active');

describe('CloudFormation suppressions', () => {
  it('a comment above the logical id covers the whole resource', async () => {
    const all = await findings('t.yaml', yaml(['  # sagemaker-lint:ignore SML001,SML012 lab notebook, no data', '  Notebook:', ...NOTEBOOK_BODY]));
    assert.deepStrictEqual(state(all, 'SML001'), ['comment']);
    assert.deepStrictEqual(state(all, 'SML012'), ['comment']);
    assert.strictEqual(all.find((f) => f.ruleId === 'SML001')?.suppressed?.reason, 'lab notebook, no data');
    assert.deepStrictEqual(state(all, 'SML014'), ['active']);
  });

  it('a comment above a property covers that property; a trailing comment its line', async () => {
    const body = NOTEBOOK_BODY.slice(0, -1);
    const above = await findings('t.yaml', yaml(['  Notebook:', ...body, '      # sagemaker-lint:ignore SML012 needs pip mirrors', '      DirectInternetAccess: Enabled']));
    assert.deepStrictEqual(state(above, 'SML012'), ['comment']);
    assert.deepStrictEqual(state(above, 'SML001'), ['active']);
    const trailing = await findings('t.yaml', yaml(['  Notebook:', ...body, '      DirectInternetAccess: Enabled # sagemaker-lint:ignore SML012 temporary']));
    assert.deepStrictEqual(state(trailing, 'SML012'), ['comment']);
    const elsewhere = await findings('t.yaml', yaml(['  Notebook:', ...body, '      # sagemaker-lint:ignore SML012 misplaced', '      VolumeSizeInGB: 5', '      DirectInternetAccess: Enabled']));
    assert.deepStrictEqual(state(elsewhere, 'SML012'), ['active']);
  });

  it('honours Metadata sagemaker-lint ignore entries in YAML', async () => {
    const all = await findings(
      't.yaml',
      yaml(['  Notebook:', '    Metadata:', '      sagemaker-lint:', '        ignore:', '          - id: SML014', '            reason: image needs root', ...NOTEBOOK_BODY]),
    );
    assert.deepStrictEqual(state(all, 'SML014'), ['metadata']);
    assert.strictEqual(all.find((f) => f.ruleId === 'SML014')?.suppressed?.reason, 'image needs root');
    assert.deepStrictEqual(state(all, 'SML001'), ['active']);
  });

  it('honours Metadata in JSON, and Checkov skips in Metadata mapped to our rules', async () => {
    const template = {
      Resources: {
        Notebook: {
          Type: 'AWS::SageMaker::NotebookInstance',
          Metadata: {
            'sagemaker-lint': { ignore: [{ id: 'SML015', reason: 'AMI without IMDSv2 support' }, { id: ['SML012', 'SML013'], reason: 'lab subnet' }] },
            checkov: { skip: [{ id: 'CKV_AWS_22', comment: 'encrypted by the platform team' }] },
          },
          Properties: { InstanceType: 'ml.t3.medium', RoleArn: 'arn:aws:iam::123456789012:role/notebook' },
        },
      },
    };
    const all = await findings('t.json', JSON.stringify(template, null, 2));
    assert.deepStrictEqual(state(all, 'SML015'), ['metadata']);
    assert.deepStrictEqual(state(all, 'SML012'), ['metadata']);
    assert.deepStrictEqual(state(all, 'SML013'), ['metadata']);
    assert.deepStrictEqual(state(all, 'SML001'), ['checkov']);
    assert.strictEqual(all.find((f) => f.ruleId === 'SML001')?.suppressed?.reason, 'encrypted by the platform team');
    assert.deepStrictEqual(state(all, 'SML014'), ['active']);
  });

  it('reads a checkov:skip comment anywhere inside the resource', async () => {
    const all = await findings('t.yaml', yaml(['  Notebook:', '    # checkov:skip=CKV_AWS_122:jump host', ...NOTEBOOK_BODY]));
    assert.deepStrictEqual(state(all, 'SML012'), ['checkov']);
  });

  it('ignores the marker inside a block scalar', async () => {
    const all = await findings('t.yaml', yaml(['  Notebook:', '    Metadata:', '      Notes: |', '        # sagemaker-lint:ignore SML001 not a comment', ...NOTEBOOK_BODY]));
    assert.deepStrictEqual(state(all, 'SML001'), ['active']);
    const sub = await findings('t.yaml', yaml(['  Notebook:', '    Metadata:', '      Script: !Sub |', '        # sagemaker-lint:ignore SML001 not a comment', ...NOTEBOOK_BODY]));
    assert.deepStrictEqual(state(sub, 'SML001'), ['active']);
  });

  it('the JSON suppress fix creates or extends the Metadata entry and keeps valid JSON', async () => {
    const template = {
      Resources: {
        Notebook: {
          Type: 'AWS::SageMaker::NotebookInstance',
          Metadata: { 'sagemaker-lint': { ignore: [{ id: 'SML015', reason: 'old AMI' }] } },
          Properties: { InstanceType: 'ml.t3.medium', RoleArn: 'arn:aws:iam::123456789012:role/notebook' },
        },
      },
    };
    const text = JSON.stringify(template, null, 4);
    const finding = (await findings('t.json', text)).find((f) => f.ruleId === 'SML014')!;
    const fix = finding.fixes.find((f) => f.title === 'Suppress SML014 here')!;
    const fixed = applyEdits(text, fix.edits[0].edits);
    assert.deepStrictEqual(syntaxErrors('t.json', fixed), []);
    const parsed = JSON.parse(fixed) as typeof template;
    assert.deepStrictEqual(parsed.Resources.Notebook.Metadata['sagemaker-lint'].ignore.map((i) => i.id), ['SML015', 'SML014']);
    assert.deepStrictEqual(state(await findings('t.json', fixed), 'SML014'), ['metadata']);
  });
});
