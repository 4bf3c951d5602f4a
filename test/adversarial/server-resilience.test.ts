import * as assert from 'assert';
import * as fs from 'fs';
import type { ScanSummary } from '../../server/src/protocol';
import { workspace } from '../protocol/fixtures';
import { CancellationTokenSource, SERVER, TestClient, uriOf } from '../protocol/lsp-client';
import { terraformFile } from '../support/workload';
import { sharedEngine } from './support';

const NO_DEBOUNCE = { '*': { debounceMs: 0 } };
const NOTEBOOK = (name: string): string => `resource "aws_sagemaker_notebook_instance" "${name}" {\n  instance_type = "ml.t3.medium"\n}\n`;

describe('adversarial: language server resilience', function () {
  this.timeout(120_000);
  before(function () {
    if (!fs.existsSync(SERVER)) this.skip();
  });

  it('publishes nothing stale for a document closed while it is being analysed, and keeps serving', async () => {
    const ws = workspace({});
    const client = await TestClient.start({ folders: [ws.root], settings: NO_DEBOUNCE });
    try {
      const big = ws.file('big.tf');
      await client.open(big, terraformFile(1, 6000).text);
      await client.edit(big, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# edited\n' }]);
      await client.close(big);
      // Another document's diagnostics arrive after the server has handled the close.
      const other = ws.file('other.tf');
      await client.open(other, NOTEBOOK('other'));
      await client.diagnosticsOf(other, (d) => d.length > 0);
      await client.codeActions(other, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []);
      assert.deepStrictEqual(client.diagnostics.get(uriOf(big)) ?? [], []);
    } finally {
      await client.stop();
      ws.remove();
    }
  });

  it('keeps the latest text after a flood of edits', async () => {
    const ws = workspace({});
    const client = await TestClient.start({ folders: [ws.root], settings: NO_DEBOUNCE });
    try {
      const file = ws.file('main.tf');
      await client.open(file, NOTEBOOK('n0'));
      for (let i = 1; i <= 300; i++) {
        // Alternate between one and two notebooks, so stale diagnostics would show in the count.
        const text = i % 2 === 0 ? NOTEBOOK(`n${i}`) : NOTEBOOK(`n${i}`) + NOTEBOOK(`m${i}`);
        const end = client.text(file).split('\n').length;
        await client.edit(file, [{ range: { start: { line: 0, character: 0 }, end: { line: end, character: 0 } }, newText: text }]);
      }
      const engine = await sharedEngine();
      const final = { path: file, text: client.text(file) };
      const expected = engine.analyze(final, { folderFiles: () => [final] }).findings.filter((f) => !f.suppressed);
      engine.forget(file);
      const published = await client.diagnosticsOf(file);
      assert.strictEqual(published.length, expected.length);
      // A round trip later, nothing older has overwritten them.
      await client.codeActions(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []);
      assert.strictEqual((await client.diagnosticsOf(file)).length, expected.length);
    } finally {
      await client.stop();
      ws.remove();
    }
  });

  it('runs a full scan after a cancelled one', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 800; i++) files[`m${Math.floor(i / 50)}/f${i}.tf`] = NOTEBOOK(`nb${i}`);
    const ws = workspace(files);
    const client = await TestClient.start({ folders: [ws.root], settings: NO_DEBOUNCE });
    try {
      const cancel = new CancellationTokenSource();
      const first = client.executeCommand<ScanSummary>('sagemakerLint.scanWorkspace', [], { workDoneToken: 'first', cancel }).then(
        (s) => s,
        (e: unknown) => e,
      );
      await client.until('first scan under way', () => client.progress.some((p) => p.token === 'first' && p.value.kind === 'report'));
      cancel.cancel();
      await first;
      const second = await client.executeCommand<ScanSummary>('sagemakerLint.scanWorkspace', [], { workDoneToken: 'second' });
      assert.strictEqual(second.cancelled, false);
      assert.strictEqual(second.scanned, 800);
      assert.strictEqual(second.files, 800);
    } finally {
      await client.stop();
      ws.remove();
    }
  });
});
