import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver';
import { runCli } from '../cli/harness';
import { syntaxErrors } from '../engine/cloudformation-support';
import { workspace } from './fixtures';
import { TestClient } from './lsp-client';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cloudformation');
const TEMPLATES = ['SML001/positive/volume-keys.yaml', 'SML001/positive/studio.json', 'SML004/positive/nvme.yaml', 'cdk/cdk.out/MlStack.template.json'];

interface CliFinding {
  file: string;
  ruleId: string;
  range: { start: { line: number; character: number } };
}

const key = (ruleId: string, line: number, character: number) => `${ruleId}@${line}:${character}`;

describe('language server over stdio: CloudFormation templates', function () {
  let client: TestClient;
  const ws = workspace(Object.fromEntries(TEMPLATES.map((rel) => [rel, fs.readFileSync(path.join(FIXTURES, rel), 'utf8')])));

  before(async () => {
    client = await TestClient.start({ folders: [ws.root], settings: { '*': { debounceMs: 10 } } });
  });
  after(async () => {
    await client.stop();
    ws.remove();
  });

  for (const rel of TEMPLATES) {
    it(`reports the same findings as the CLI for ${rel}`, async () => {
      const file = ws.file(rel);
      const cli = runCli(['scan', '--format', 'json', file], ws.root);
      const expected = (JSON.parse(cli.stdout) as CliFinding[]).map((f) => key(f.ruleId, f.range.start.line, f.range.start.character)).sort();
      assert.ok(expected.length > 0, cli.stderr);
      await client.open(file, fs.readFileSync(file, 'utf8'), rel.endsWith('.json') ? 'json' : 'yaml');
      const diagnostics = await client.diagnosticsOf(file, (d) => d.length > 0);
      assert.deepStrictEqual(diagnostics.map((d) => key(String(d.code), d.range.start.line, d.range.start.character)).sort(), expected);
      await client.close(file);
    });
  }

  it('applies a quick fix to a YAML template over LSP and the finding goes away', async () => {
    const file = ws.file('SML004/positive/nvme.yaml');
    await client.open(file, fs.readFileSync(file, 'utf8'), 'yaml');
    const before = await client.diagnosticsOf(file, (d) => d.some((x) => x.code === 'SML004'));
    const target = before.find((d) => d.code === 'SML004') as Diagnostic;
    const action = (await client.codeActions(file, target.range, [target])).find((a) => a.title.startsWith('Remove VolumeKmsKeyId'));
    assert.ok(action?.edit);
    await client.apply(action.edit);
    assert.deepStrictEqual(syntaxErrors(file, client.text(file)), []);
    const after = await client.diagnosticsOf(file, (d) => d.filter((x) => x.code === 'SML004').length < before.filter((x) => x.code === 'SML004').length);
    assert.ok(after.every((d) => d.range.start.line !== target.range.start.line || d.code !== 'SML004'));
    await client.close(file);
  });
});
