import * as assert from 'assert';
import * as fs from 'fs';
import { spawnSync } from 'child_process';
import * as path from 'path';
import type { SarifExport, ScanSummary } from '../../server/src/protocol';
import { NOTEBOOK, NOTEBOOK_WITH_VAR_KEY, variables, workspace } from './fixtures';
import { CancellationTokenSource, TestClient, uriOf } from './lsp-client';

const FAST = { '*': { debounceMs: 10 } };
const MODEL = 'resource "aws_sagemaker_model" "m" {\n  name = "m"\n}\n';

describe('language server over stdio: workspace scan', function () {
  it('publishes diagnostics for files that are not open, honouring .gitignore, files.exclude and the config excludes', async () => {
    const ws = workspace({
      'a/main.tf': NOTEBOOK,
      'b/model.tf': MODEL,
      'b/open.tf': MODEL,
      'b/terraform.tfvars': 'x = 1\n',
      'clean/ok.tf': 'variable "x" {}\n',
      'ignored-by-git/main.tf': NOTEBOOK,
      '.gitignore': 'ignored-by-git/\n',
      'nested/.gitignore': '*.generated.tf\n',
      'nested/x.generated.tf': NOTEBOOK,
      'vendor/main.tf': NOTEBOOK,
      'legacy/main.tf': NOTEBOOK,
      '.sagemaker-lint.yaml': 'exclude:\n  - "legacy/**"\n',
      'node_modules/pkg/main.tf': NOTEBOOK,
      'notes.txt': 'resource "aws_sagemaker_model" "m" {}\n',
    });
    const client = await TestClient.start({ folders: [ws.root], settings: FAST });
    try {
      const open = ws.file('b/open.tf');
      await client.open(open, MODEL);
      await client.diagnosticsOf(open, (d) => d.length === 2);
      const summary = await client.executeCommand<ScanSummary>('sagemakerLint.scanWorkspace', [{ filesExclude: { [uriOf(ws.root)]: ['vendor/**'] } }], { workDoneToken: 'scan-1' });
      assert.deepStrictEqual(summary, { problems: 9, files: 3, scanned: 4, cancelled: false });
      assert.strictEqual(client.diagnostics.get(uriOf(ws.file('a/main.tf')))?.length, 5);
      assert.strictEqual(client.diagnostics.get(uriOf(ws.file('b/model.tf')))?.length, 2);
      for (const skipped of ['ignored-by-git/main.tf', 'nested/x.generated.tf', 'vendor/main.tf', 'legacy/main.tf', 'node_modules/pkg/main.tf', 'b/terraform.tfvars']) {
        assert.strictEqual(client.diagnostics.get(uriOf(ws.file(skipped))), undefined, skipped);
      }
      const events = client.progress.filter((p) => p.token === 'scan-1').map((p) => p.value);
      assert.strictEqual(events[0].kind, 'begin');
      assert.strictEqual(events[0].cancellable, true);
      assert.ok(events.some((e) => e.kind === 'report' && typeof e.percentage === 'number' && /^1\/\d+ /.test(e.message ?? '')), JSON.stringify(events));
      assert.strictEqual(events.at(-1)?.kind, 'end');

      // Fixing a scanned file on disk clears its diagnostics through the watcher.
      fs.writeFileSync(ws.file('b/model.tf'), 'resource "aws_sagemaker_model" "m" {\n  name = "m"\n  enable_network_isolation = true\n  vpc_config {\n    subnets = ["s"]\n    security_group_ids = ["g"]\n  }\n}\n');
      await client.filesChanged([{ file: ws.file('b/model.tf'), type: 2 }]);
      await client.diagnosticsOf(ws.file('b/model.tf'), (d) => d.length === 0);
    } finally {
      await client.stop();
      ws.remove();
    }
  });

  it('reports server-initiated progress to clients that send no token, and never scans by itself', async () => {
    const ws = workspace({ 'main.tf': NOTEBOOK });
    const client = await TestClient.start({ folders: [ws.root], settings: FAST });
    try {
      const probe = ws.file('probe.tf');
      await client.open(probe, MODEL);
      await client.diagnosticsOf(probe, (d) => d.length === 2);
      assert.strictEqual(client.diagnostics.get(uriOf(ws.file('main.tf'))), undefined, 'no scan at start-up');
      const summary = await client.executeCommand<ScanSummary>('sagemakerLint.scanWorkspace', []);
      assert.strictEqual(summary.files, 1);
      assert.strictEqual(client.diagnostics.get(uriOf(ws.file('main.tf')))?.length, 5);
      assert.ok(client.progress.some((p) => p.value.kind === 'begin'));
      assert.ok(client.progress.some((p) => p.value.kind === 'end'));
    } finally {
      await client.stop();
      ws.remove();
    }
  });

  it('stops when the request is cancelled and says so', async function () {
    this.timeout(120000);
    const files: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) files[`m${Math.floor(i / 100)}/f${i}.tf`] = NOTEBOOK.replace('"nb"', `"nb${i}"`);
    const ws = workspace(files);
    const client = await TestClient.start({ folders: [ws.root], settings: FAST });
    try {
      const cancel = new CancellationTokenSource();
      const scan = client.executeCommand<ScanSummary>('sagemakerLint.scanWorkspace', [], { workDoneToken: 'scan-cancel', cancel }).then(
        (summary) => summary,
        (error: unknown) => error,
      );
      await client.until('first progress report ' + JSON.stringify(client.progress.slice(0, 5)), () => client.progress.some((p) => p.token === 'scan-cancel' && p.value.kind === 'report' && (p.value.percentage ?? 0) > 0));
      cancel.cancel();
      const outcome = await scan;
      if (outcome instanceof Error) {
        assert.match(outcome.message, /cancel/i);
      } else {
        const summary = outcome as ScanSummary;
        assert.strictEqual(summary.cancelled, true);
        assert.ok(summary.scanned < 1500, `scanned ${summary.scanned}`);
      }
      await client.until('progress end', () => client.progress.some((p) => p.token === 'scan-cancel' && p.value.kind === 'end'));
      const published = [...client.diagnostics.keys()].length;
      assert.ok(published < 1500, `published ${published}`);
    } finally {
      await client.stop();
      ws.remove();
    }
  });
});

describe('language server: quick fixes on scanned files', () => {
  it('offers the fixes of a scanned file, closed or just opened, that it analyses again when asked', async () => {
    const ws = workspace({ 'a/main.tf': NOTEBOOK, 'a/variables.tf': 'variable "x" {}\n', 'b/model.tf': MODEL });
    const client = await TestClient.start({ folders: [ws.root], settings: FAST });
    try {
      await client.executeCommand<ScanSummary>('sagemakerLint.scanWorkspace', [{}]);
      const main = ws.file('a/main.tf');
      const diagnostics = client.diagnostics.get(uriOf(main)) ?? [];
      assert.strictEqual(diagnostics.length, 5);
      const titles = async (): Promise<string[]> => {
        const all: string[] = [];
        for (const d of diagnostics) all.push(...(await client.codeActions(main, d.range, [d])).map((a) => a.title));
        return all;
      };
      const closed = await titles();
      assert.ok(closed.some((t) => /^Set /.test(t)), closed.join(' | '));
      assert.ok(closed.some((t) => /^Suppress /.test(t)), closed.join(' | '));
      // Opened and asked at once, before its own analysis is published: the same fixes.
      const opening = client.open(main, NOTEBOOK);
      assert.deepStrictEqual(await titles(), closed);
      await opening;
      assert.deepStrictEqual(await titles(), closed);
    } finally {
      await client.stop();
      ws.remove();
    }
  });
});

describe('language server: scanned files checked again', () => {
  it('re-checks scanned files when the settings change and when a neighbour changes on disk', async () => {
    const ws = workspace({
      'a/main.tf': NOTEBOOK,
      'b/main.tf': NOTEBOOK_WITH_VAR_KEY,
      'b/variables.tf': variables('alias/aws/sagemaker'),
    });
    const settings: Record<string, Record<string, unknown>> = { '*': { debounceMs: 10 } };
    const client = await TestClient.start({ folders: [ws.root], settings });
    try {
      await client.executeCommand<ScanSummary>('sagemakerLint.scanWorkspace', [{}]);
      const codes = (rel: string): string[] => (client.diagnostics.get(uriOf(ws.file(rel))) ?? []).map((d) => String(d.code)).sort();
      assert.ok(codes('a/main.tf').includes('SML012'), codes('a/main.tf').join());
      assert.deepStrictEqual(codes('b/main.tf'), ['SML003']);

      // A settings change: every scanned file of every folder is analysed again.
      settings['*'] = { debounceMs: 10, rules: { SML012: 'off', SML003: 'off' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await client.until('scanned files re-checked with the new settings', () => !codes('a/main.tf').includes('SML012') && codes('b/main.tf').length === 0);

      // A neighbour of a scanned file changes on disk: the scanned file is analysed again with it.
      settings['*'] = { debounceMs: 10 };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await client.until('SML003 back', () => codes('b/main.tf').join() === 'SML003');
      fs.writeFileSync(ws.file('b/variables.tf'), variables('arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'));
      await client.filesChanged([{ file: ws.file('b/variables.tf'), type: 2 }]);
      await client.until('b/main.tf clean once its variable names a customer-managed key', () => codes('b/main.tf').length === 0);
    } finally {
      await client.stop();
      ws.remove();
    }
  });
});

describe('language server: SARIF export', () => {
  it('returns the same SARIF as the CLI run in the workspace folder', async () => {
    const ws = workspace({
      'infra/main.tf': `# sagemaker-lint:ignore SML013 no VPC in the sandbox account\n${NOTEBOOK}`,
      'infra/model.tf': MODEL,
      // A folder between two files of its parent, and a file with a notice: the order the CLI reports in.
      'infra/nested/main.tf': MODEL,
      'infra/zz.tf': MODEL.replace('"m"', '"z"'),
      'app/train.py': 'import boto3\nsm = boto3.client("sagemaker")\nsm.create_training_job(TrainingJobName="t", RoleArn="r")\ndef broken(:\n',
      'stack/template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Nb:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      InstanceType: ml.t3.medium\n      RoleArn: arn:aws:iam::123456789012:role/sm\n',
    });
    const client = await TestClient.start({ folders: [ws.root], settings: FAST });
    try {
      const exported = await client.executeCommand<SarifExport>('sagemakerLint.exportSarif', []);
      const cli = spawnSync(process.execPath, [path.resolve(__dirname, '../../dist/cli.js'), 'scan', '--format', 'sarif'], { cwd: ws.root, encoding: 'utf8' });
      assert.strictEqual(cli.status, 1, cli.stderr);
      assert.deepStrictEqual(JSON.parse(exported.sarif), JSON.parse(cli.stdout));
      const results = (JSON.parse(exported.sarif) as { runs: { results: { suppressions?: unknown[] }[] }[] }).runs[0].results;
      assert.ok(results.some((r) => r.suppressions), 'suppressed findings are kept in SARIF');
      assert.strictEqual(exported.summary.files, 6);
    } finally {
      await client.stop();
      ws.remove();
    }
  });
});

describe('language server: settings and configuration', () => {
  it('reports an invalid .sagemaker-lint.yaml once, on the file, and falls back to the defaults', async () => {
    const ws = workspace({ '.sagemaker-lint.yaml': 'rules:\n  SML001: loud\n' });
    const client = await TestClient.start({ folders: [ws.root], settings: FAST });
    try {
      const main = ws.file('main.tf');
      await client.open(main, NOTEBOOK);
      const diagnostics = await client.diagnosticsOf(main, (d) => d.length === 5);
      assert.ok(diagnostics.some((d) => d.code === 'SML001'));
      const [config] = await client.diagnosticsOf(ws.file('.sagemaker-lint.yaml'), (d) => d.length === 1);
      assert.match(config.message as string, /SML001/);
      assert.strictEqual(config.severity, 1);
      assert.deepStrictEqual(config.range.start, { line: 1, character: 10 }, 'at the offending value');

      // Fixed on disk: the diagnostic goes and the config applies.
      fs.writeFileSync(ws.file('.sagemaker-lint.yaml'), 'rules:\n  SML001: error\n  SML013: off\n');
      await client.filesChanged([{ file: ws.file('.sagemaker-lint.yaml'), type: 2 }]);
      await client.diagnosticsOf(ws.file('.sagemaker-lint.yaml'), (d) => d.length === 0);
      const after = await client.diagnosticsOf(main, (d) => d.length === 4);
      assert.strictEqual(after.find((d) => d.code === 'SML001')?.severity, 1);
    } finally {
      await client.stop();
      ws.remove();
    }
  });

  it('resolves settings per workspace folder in a multi-root workspace', async () => {
    const a = workspace({});
    const b = workspace({});
    const client = await TestClient.start({
      folders: [a.root, b.root],
      settings: { [a.root]: { debounceMs: 10 }, [b.root]: { debounceMs: 10, rules: { SML014: 'off', SML015: 'error' }, exclude: ['generated/**'] } },
    });
    try {
      await client.open(a.file('main.tf'), NOTEBOOK);
      await client.open(b.file('main.tf'), NOTEBOOK);
      await client.open(b.file('generated/main.tf'), NOTEBOOK);
      const inA = await client.diagnosticsOf(a.file('main.tf'), (d) => d.length === 5);
      const inB = await client.diagnosticsOf(b.file('main.tf'), (d) => d.length === 4);
      assert.strictEqual(inA.find((d) => d.code === 'SML015')?.severity, 2);
      assert.strictEqual(inB.find((d) => d.code === 'SML015')?.severity, 1);
      assert.ok(!inB.some((d) => d.code === 'SML014'));
      await client.diagnosticsOf(b.file('generated/main.tf'), (d) => d.length === 0);
    } finally {
      await client.stop();
      a.remove();
      b.remove();
    }
  });

  it('speaks Node IPC as well as stdio', async () => {
    const ws = workspace({});
    const client = await TestClient.start({ folders: [ws.root], settings: FAST, transport: 'ipc' });
    try {
      await client.open(ws.file('main.tf'), NOTEBOOK);
      await client.diagnosticsOf(ws.file('main.tf'), (d) => d.length === 5);
    } finally {
      await client.stop();
      ws.remove();
    }
  });
});
