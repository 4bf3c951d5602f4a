import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver';
import { NOTEBOOK, NOTEBOOK_WITH_VAR_KEY, workspace } from './fixtures';
import { TestClient } from './lsp-client';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const PYTHON = 'from sagemaker.estimator import Estimator\n\nest = Estimator(image_uri="i", role="r", instance_count=1, instance_type="ml.m5.xlarge")\n';
const codes = (d: Diagnostic[]) => d.map((x) => String(x.code)).sort();

describe('language server over stdio: untitled (never saved) documents', function () {
  let client: TestClient;
  // The server runs in a folder whose configuration turns the rules off and whose variables.tf
  // declares a key: an untitled document has no folder, so it must read neither.
  const off = ['SML001', 'SML002', 'SML012', 'SML013', 'SML014', 'SML015'].map((id) => `  ${id}: off\n`).join('');
  const ws = workspace({ '.sagemaker-lint.yaml': `rules:\n${off}`, 'variables.tf': 'variable "notebook_key" {\n  default = "alias/aws/sagemaker"\n}\n' });

  before(async () => {
    client = await TestClient.start({ folders: [ws.root], settings: { '*': { debounceMs: 10 } }, cwd: ws.root });
  });
  after(async () => {
    await client.stop();
    ws.remove();
  });

  it('analyses an untitled Terraform document on its own and fixes it in place', async () => {
    const doc = 'untitled:Untitled-1';
    await client.open(doc, NOTEBOOK, 'terraform');
    const diagnostics = await client.diagnosticsOf(doc, (d) => d.length > 0);
    assert.deepStrictEqual(codes(diagnostics), ['SML001', 'SML012', 'SML013', 'SML014', 'SML015']);
    const root = diagnostics.find((d) => d.code === 'SML014')!;
    const action = (await client.codeActions(doc, root.range, [root])).find((a) => a.isPreferred);
    assert.ok(action?.edit?.changes, 'a preferred fix');
    assert.deepStrictEqual(Object.keys(action.edit.changes), [doc]);
    await client.apply(action.edit);
    const after = await client.diagnosticsOf(doc);
    assert.ok(!after.some((d) => d.code === 'SML014'), JSON.stringify(after));
    await client.close(doc);
    await client.until('diagnostics cleared on close', () => client.diagnostics.get(doc)?.length === 0);
  });

  it('resolves nothing from the folder the server runs in', async () => {
    const doc = 'untitled:Untitled-7';
    await client.open(doc, NOTEBOOK_WITH_VAR_KEY.replace('"Disabled"', '"Enabled"'), 'terraform');
    // The variable is declared nowhere the document can see: its value is unknown, not the folder's AWS-managed key.
    const diagnostics = await client.diagnosticsOf(doc, (d) => d.length > 0);
    assert.deepStrictEqual(codes(diagnostics), ['SML012']);
    await client.close(doc);
  });

  it('reads an untitled document in the language the editor gives it: YAML and JSON templates, Python', async () => {
    const cases: [string, string, string][] = [
      ['untitled:Untitled-2', 'yaml', fs.readFileSync(path.join(FIXTURES, 'cloudformation', 'SML001', 'positive', 'volume-keys.yaml'), 'utf8')],
      ['untitled:Untitled-3', 'json', fs.readFileSync(path.join(FIXTURES, 'cloudformation', 'SML001', 'positive', 'studio.json'), 'utf8')],
      ['untitled:Untitled-4', 'python', PYTHON],
    ];
    for (const [doc, language, text] of cases) {
      await client.open(doc, text, language);
      const diagnostics = await client.diagnosticsOf(doc, (d) => d.length > 0, `${language} diagnostics`);
      assert.ok(diagnostics.some((d) => d.code === 'SML001'), `${language}: ${codes(diagnostics).join(', ')}`);
      await client.close(doc);
    }
  });

  it('analyses an untitled notebook with the window settings, not a configuration file found from the server folder', async () => {
    const [cell] = await client.openNotebook('untitled:Untitled-8.ipynb', [{ kind: 'code', text: PYTHON }]);
    const diagnostics = await client.diagnosticsOf(cell, (d) => d.length > 0);
    assert.ok(diagnostics.some((d) => d.code === 'SML001'), codes(diagnostics).join(', '));
  });

  it('leaves untitled documents in other languages alone', async () => {
    const plain = 'untitled:Untitled-5';
    await client.open(plain, NOTEBOOK, 'plaintext');
    // Opened after it, a Terraform document is analysed: by then the plain one would have been too.
    const tf = 'untitled:Untitled-6';
    await client.open(tf, NOTEBOOK, 'terraform');
    await client.diagnosticsOf(tf, (d) => d.length > 0);
    assert.strictEqual(client.diagnostics.get(plain), undefined);
  });
});
