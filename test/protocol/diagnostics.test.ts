import * as assert from 'assert';
import * as fs from 'fs';
import type { Parser } from 'web-tree-sitter';
import type { Diagnostic } from 'vscode-languageserver';
import { createParser } from '../../shared-rules/src/tree-sitter';
import { EVERY_FIX_KIND, KMS_KEY, NOTEBOOK, NOTEBOOK_WITH_VAR_KEY, variables, workspace } from './fixtures';
import { TestClient, uriOf } from './lsp-client';

const FAST = { '*': { debounceMs: 10 } };
const codes = (d: Diagnostic[]) => d.map((x) => String(x.code)).sort();
const count = (d: Diagnostic[], code: string) => d.filter((x) => x.code === code).length;

describe('language server over stdio: diagnostics and code actions', function () {
  let client: TestClient;
  let parser: Parser;
  const ws = workspace({});

  before(async () => {
    parser = await createParser('terraform');
    client = await TestClient.start({ folders: [ws.root], settings: FAST });
  });
  after(async () => {
    await client.stop();
    ws.remove();
  });

  it('publishes diagnostics with code, docs link, source and severity', async () => {
    const main = ws.file('diag/main.tf');
    await client.open(main, NOTEBOOK);
    const diagnostics = await client.diagnosticsOf(main, (d) => d.length > 0);
    assert.deepStrictEqual(codes(diagnostics), ['SML001', 'SML012', 'SML013', 'SML014', 'SML015']);
    const sml001 = diagnostics.find((d) => d.code === 'SML001')!;
    assert.strictEqual(sml001.source, 'sagemaker-lint');
    assert.strictEqual(sml001.severity, 2);
    assert.strictEqual(typeof sml001.message, 'string');
    assert.match(sml001.codeDescription!.href, /rules\.md#sml001-volume-kms-key-missing$/);
    assert.deepStrictEqual(sml001.range.start, { line: 0, character: 0 });
    assert.match(sml001.message as string, /kms_key_id/);
  });

  it('re-analyses as the user types (incremental changes)', async () => {
    const main = ws.file('typing/main.tf');
    await client.open(main, NOTEBOOK);
    await client.diagnosticsOf(main, (d) => count(d, 'SML014') === 1);
    await client.edit(main, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '  root_access   = "Disabled"\n' }]);
    const after = await client.diagnosticsOf(main);
    assert.strictEqual(count(after, 'SML014'), 0);
    assert.strictEqual(count(after, 'SML001'), 1);
  });

  it('points relatedInformation at the variable that supplies an AWS-managed key', async () => {
    const dir = 'related';
    fs.mkdirSync(ws.file(dir), { recursive: true });
    fs.writeFileSync(ws.file(`${dir}/variables.tf`), variables('alias/aws/sagemaker'));
    const main = ws.file(`${dir}/main.tf`);
    await client.open(main, NOTEBOOK_WITH_VAR_KEY);
    const [sml003] = await client.diagnosticsOf(main, (d) => count(d, 'SML003') === 1);
    assert.strictEqual(sml003.relatedInformation?.[0].location.uri, uriOf(ws.file(`${dir}/variables.tf`)));
    assert.strictEqual(sml003.relatedInformation?.[0].location.range.start.line, 2);
  });

  it('offers quick fixes only for the diagnostics asked about, with one preferred', async () => {
    const main = ws.file('actions/main.tf');
    await client.open(main, EVERY_FIX_KIND);
    const diagnostics = await client.diagnosticsOf(main, (d) => d.length > 0);
    const sml004 = diagnostics.find((d) => d.code === 'SML004')!;
    const actions = await client.codeActions(main, sml004.range, [sml004]);
    assert.deepStrictEqual(
      actions.map((a) => a.title),
      ['Remove kms_key_arn (recreates the resource)', 'Switch to ml.m5.large (recreates the resource)', 'Suppress SML004 here'],
    );
    assert.deepStrictEqual(actions.map((a) => a.isPreferred), [true, false, false]);
    assert.ok(actions.every((a) => a.kind === 'quickfix' && a.diagnostics?.[0].code === 'SML004'));
  });

  it('every fix of every finding applies, still parses, and clears that finding', async function () {
    this.timeout(120000);
    const main = ws.file('every-fix/main.tf');
    await client.open(main, EVERY_FIX_KIND);
    const initial = await client.diagnosticsOf(main, (d) => d.length > 0);
    const kinds = new Set<string>();
    const fresh = async () => {
      await client.close(main);
      await client.open(main, EVERY_FIX_KIND);
      return client.diagnosticsOf(main, (d) => d.length === initial.length);
    };
    for (const diagnostic of initial) {
      const code = String(diagnostic.code);
      await fresh();
      const titles = (await client.codeActions(main, diagnostic.range, [diagnostic])).map((a) => a.title);
      assert.ok(titles.length > 0, `no action for ${code}`);
      for (const title of titles) {
        await fresh();
        const action = (await client.codeActions(main, diagnostic.range, [diagnostic])).find((a) => a.title === title);
        assert.ok(action, title);
        await client.apply(action.edit);
        const text = client.text(main);
        const tree = parser.parse(text)!;
        assert.ok(!tree.rootNode.hasError, `${title}: the fixed file does not parse:\n${text}`);
        tree.delete();
        const after = await client.diagnosticsOf(main);
        assert.strictEqual(count(after, code), count(initial, code) - 1, `${title} did not clear ${code}: ${JSON.stringify(codes(after))}`);
        kinds.add(title.replace(/ \(recreates the resource\)$/, '').replace(/^(Use customer-managed key|Set|Switch to|Remove|Suppress) .*/, '$1'));
      }
    }
    for (const kind of ['Use customer-managed key', 'Create a customer-managed KMS key for SageMaker', 'Remove', 'Switch to', 'Set', 'Suppress']) {
      assert.ok(kinds.has(kind), `fix kind "${kind}" was not exercised (${[...kinds].join(', ')})`);
    }
  });

  it('fix-all applies every preferred fix at once', async () => {
    const main = ws.file('fix-all/main.tf');
    await client.open(main, EVERY_FIX_KIND);
    const before = await client.diagnosticsOf(main, (d) => d.length > 0);
    const end = { line: client.text(main).split('\n').length, character: 0 };
    const actions = await client.codeActions(main, { start: { line: 0, character: 0 }, end }, [], ['source.fixAll.sagemaker-lint']);
    assert.strictEqual(actions.length, 1);
    assert.strictEqual(actions[0].kind, 'source.fixAll.sagemaker-lint');
    await client.apply(actions[0].edit);
    const tree = parser.parse(client.text(main))!;
    assert.ok(!tree.rootNode.hasError, client.text(main));
    tree.delete();
    const after = await client.diagnosticsOf(main);
    // What is left has no preferred fix (VPC placement needs the user's subnets).
    assert.deepStrictEqual(codes(after), ['SML013', 'SML013', 'SML013'], client.text(main));
    assert.ok(before.length > after.length);
  });

  it('does not offer fix-all when nothing has a preferred fix', async () => {
    const main = ws.file('no-fix-all/main.tf');
    await client.open(main, 'resource "aws_sagemaker_model" "m" {\n  name                     = "m"\n  enable_network_isolation = true\n}\n');
    await client.diagnosticsOf(main, (d) => d.length === 1);
    const actions = await client.codeActions(main, { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }, [], ['source.fixAll']);
    assert.deepStrictEqual(actions, []);
  });

  it('re-checks open files when a neighbour variables.tf changes, in the editor or on disk', async () => {
    const dir = 'neighbours';
    fs.mkdirSync(ws.file(dir), { recursive: true });
    const vars = ws.file(`${dir}/variables.tf`);
    fs.writeFileSync(vars, variables('alias/aws/sagemaker'));
    const main = ws.file(`${dir}/main.tf`);
    await client.open(main, NOTEBOOK_WITH_VAR_KEY);
    await client.diagnosticsOf(main, (d) => codes(d).join() === 'SML003');

    // Typing in the open neighbour (unsaved) re-checks main.tf.
    await client.open(vars, variables('alias/aws/sagemaker'));
    await client.edit(vars, [{ range: { start: { line: 2, character: 13 }, end: { line: 2, character: 32 } }, newText: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }]);
    await client.diagnosticsOf(main, (d) => d.length === 0, 'main.tf clean after the variable points at a CMK');

    // Closing the unsaved neighbour falls back to its disk contents.
    await client.close(vars);
    await client.diagnosticsOf(main, (d) => codes(d).join() === 'SML003', 'SML003 back once the unsaved change is discarded');

    // A change on disk, reported by the file watcher, re-checks too.
    fs.writeFileSync(vars, variables('arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'));
    await client.filesChanged([{ file: vars, type: 2 }]);
    await client.diagnosticsOf(main, (d) => d.length === 0, 'main.tf clean after variables.tf changed on disk');
  });

  it('reads a customer-managed key from a neighbour file for the fix', async () => {
    const dir = 'key-in-neighbour';
    fs.mkdirSync(ws.file(dir), { recursive: true });
    fs.writeFileSync(ws.file(`${dir}/kms.tf`), KMS_KEY);
    const main = ws.file(`${dir}/main.tf`);
    await client.open(main, NOTEBOOK);
    const diagnostics = await client.diagnosticsOf(main, (d) => count(d, 'SML001') === 1);
    const sml001 = diagnostics.find((d) => d.code === 'SML001')!;
    const actions = await client.codeActions(main, sml001.range, [sml001]);
    const use = actions.find((a) => a.title.startsWith('Use customer-managed key aws_kms_key.sagemaker'));
    assert.ok(use?.isPreferred, JSON.stringify(actions.map((a) => a.title)));
    await client.apply(use.edit);
    await client.diagnosticsOf(main, (d) => count(d, 'SML001') === 0);
    assert.match(client.text(main), /kms_key_id\s*=\s*aws_kms_key\.sagemaker\.(arn|id|key_id)/);
  });

  it('does not publish suppressed findings', async () => {
    const main = ws.file('suppressed/main.tf');
    await client.open(main, `# sagemaker-lint:ignore SML001,SML012,SML013,SML014,SML015 scratch notebook\n${NOTEBOOK}`);
    const diagnostics = await client.diagnosticsOf(main);
    assert.deepStrictEqual(diagnostics, []);
  });

  it('survives binary, half-typed and non-Terraform documents', async () => {
    const junk = ws.file('junk/main.tf');
    await client.open(junk, 'resource "aws_sagemaker_notebook_instance" "nb" {\n  name = "\u0000\uffff\n  kms_key_id = ${{{{\n');
    await client.diagnosticsOf(junk);
    const yaml = ws.file('junk/values.yaml');
    await client.open(yaml, 'a: [b\n', 'yaml');
    const main = ws.file('junk/ok.tf');
    await client.open(main, NOTEBOOK);
    await client.diagnosticsOf(main, (d) => d.length === 5);
  });
});
