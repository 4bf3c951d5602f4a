import * as assert from 'assert';
import type { Parser } from 'web-tree-sitter';
import { createParser } from '../../shared-rules/src/tree-sitter';
import { syntaxErrors } from '../engine/cloudformation-support';
import { workspace } from './fixtures';
import { TestClient, uriOf } from './lsp-client';

const FIX_ALL = ['source.fixAll.sagemaker-lint'];

/** Fixes that each insert at the same point: an empty call's arguments, a YAML mapping two fixes would both create. */
const CASES = [
  {
    name: 'an empty boto3 call (every argument inserted between its brackets)',
    file: 'train.py',
    languageId: 'python',
    text: 'import boto3\n\nsm = boto3.client("sagemaker")\nsm.create_notebook_instance()\n',
  },
  {
    name: 'a CloudFormation job without NetworkConfig (two fixes create it)',
    file: 'template.yaml',
    languageId: 'yaml',
    text: [
      'Resources:',
      '  Job:',
      '    Type: AWS::SageMaker::ProcessingJob',
      '    Properties:',
      '      RoleArn: arn:aws:iam::123456789012:role/sm',
      '      AppSpecification:',
      '        ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/p:latest',
      '      ProcessingResources:',
      '        ClusterConfig:',
      '          InstanceCount: 1',
      '          InstanceType: ml.m5.xlarge',
      '          VolumeSizeInGB: 30',
      '',
    ].join('\n'),
  },
];

describe('language server over stdio: fix-all', function () {
  let client: TestClient;
  let python: Parser;
  const ws = workspace({});

  before(async () => {
    python = await createParser('python');
    client = await TestClient.start({ folders: [ws.root], settings: { '*': { debounceMs: 0 } } });
  });
  after(async () => {
    python.delete();
    await client.stop();
    ws.remove();
  });

  const parsesCleanly = (file: string, text: string): boolean => {
    if (!file.endsWith('.py')) return syntaxErrors(file, text).length === 0;
    const tree = python.parse(text)!;
    try {
      return !tree.rootNode.hasError;
    } finally {
      tree.delete();
    }
  };

  for (const c of CASES) {
    it(`fixes ${c.name} in one action that leaves nothing for another`, async () => {
      const file = ws.file(c.file);
      await client.open(file, c.text, c.languageId);
      const before = await client.diagnosticsOf(file, (d) => d.length > 0);
      const whole = { start: { line: 0, character: 0 }, end: { line: c.text.split('\n').length, character: 0 } };
      const [action] = await client.codeActions(file, whole, [], FIX_ALL);
      assert.ok(action?.edit?.changes, `no fix-all for ${before.map((d) => d.code).join(', ')}`);
      assert.strictEqual(action.edit.changes[uriOf(file)].length, 1, 'one edit, from the text to the fixed text');
      await client.apply(action.edit);
      assert.ok(parsesCleanly(file, client.text(file)), client.text(file));
      const after = await client.diagnosticsOf(file);
      assert.ok(after.length < before.length, `${before.length} → ${after.length}\n${client.text(file)}`);
      assert.deepStrictEqual(await client.codeActions(file, whole, [], FIX_ALL), [], `fix-all again on\n${client.text(file)}`);
      await client.close(file);
    });
  }
});
