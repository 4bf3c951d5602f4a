import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { version } from '../../package.json';
import { cleanWorkspaces, fixture, lines, runCli, workspace } from './harness';

const NOTEBOOKS = fixture('terraform/notebooks/main.tf');
const COMPLIANT = fixture('terraform/compliant/main.tf');
const TEXT_LINE = /^(.+):(\d+):(\d+): (error|warning|information) (SML\d{3}) (.+)$/;

interface JsonFinding {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

function assertOneLineError(run: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  assert.strictEqual(run.code, 2, `exit code 2 expected, got ${run.code}; stderr: ${run.stderr}`);
  assert.strictEqual(run.stdout, '');
  const errs = lines(run.stderr);
  assert.strictEqual(errs.length, 1, `exactly one stderr line expected:\n${run.stderr}`);
  assert.match(errs[0], pattern);
}

describe('cli: formats and exit codes', () => {
  after(cleanWorkspaces);

  it('prints compiler-style lines with 1-based positions and a summary, exit 1', () => {
    const ws = workspace({ 'infra/main.tf': NOTEBOOKS });
    const run = runCli(['scan', 'infra'], ws);
    assert.strictEqual(run.code, 1, run.stderr);
    const out = lines(run.stdout);
    const findings = out.slice(0, -1);
    assert.ok(findings.length > 0);
    for (const line of findings) assert.match(line, TEXT_LINE);
    const sml001 = findings.find((l) => l.includes(' SML001 '));
    assert.ok(sml001?.startsWith('infra/main.tf:6:1: warning SML001 '), sml001);
    assert.match(out[out.length - 1], /^\d+ problems \(\d+ warnings\) in 1 file, 2 suppressed; 1 file analysed$/);
    assert.ok(!findings.some((l) => / SML01[23] /.test(l) && l.includes(':13:')), 'suppressed findings are not printed');
  });

  it('writes JSON with 0-based LSP ranges and only unsuppressed findings', () => {
    const ws = workspace({ 'infra/main.tf': NOTEBOOKS });
    const run = runCli(['scan', '--format', 'json'], ws);
    assert.strictEqual(run.code, 1, run.stderr);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    const sml001 = findings.find((f) => f.ruleId === 'SML001');
    assert.ok(sml001);
    assert.deepStrictEqual(Object.keys(sml001).sort(), ['file', 'message', 'range', 'ruleId', 'severity']);
    assert.strictEqual(sml001.file, 'infra/main.tf');
    assert.deepStrictEqual(sml001.range.start, { line: 5, character: 0 });
    assert.strictEqual(sml001.severity, 'warning');
    assert.ok(!findings.some((f) => (f.ruleId === 'SML012' || f.ruleId === 'SML013') && f.range.start.line === 12), 'suppressed findings are left out');
    const text = lines(runCli(['scan'], ws).stdout).slice(0, -1);
    assert.strictEqual(findings.length, text.length, 'json and text report the same findings');
  });

  it('exits 0 and says so when nothing is found', () => {
    const ws = workspace({ 'main.tf': COMPLIANT });
    const run = runCli(['scan', '.'], ws);
    assert.strictEqual(run.code, 0, run.stdout + run.stderr);
    assert.deepStrictEqual(lines(run.stdout), ['No problems; 1 file analysed']);
    assert.deepStrictEqual(JSON.parse(runCli(['scan', '-f', 'json'], ws).stdout), []);
  });

  it('applies --fail-on to the exit code', () => {
    const ws = workspace({ 'main.tf': NOTEBOOKS });
    assert.strictEqual(runCli(['scan', '--fail-on', 'error'], ws).code, 0);
    assert.strictEqual(runCli(['scan', '--fail-on', 'warning'], ws).code, 1);
    assert.strictEqual(runCli(['scan', '--fail-on', 'information'], ws).code, 1);
    fs.writeFileSync(path.join(ws, '.sagemaker-lint.yaml'), 'rules:\n  SML001: error\n');
    assert.strictEqual(runCli(['scan', '--fail-on', 'error'], ws).code, 1);
  });

  it('writes the report to --output and nothing to stdout', () => {
    const ws = workspace({ 'main.tf': NOTEBOOKS });
    const run = runCli(['scan', '--format', 'sarif', '--output', 'report.sarif'], ws);
    assert.strictEqual(run.code, 1, run.stderr);
    assert.strictEqual(run.stdout, '');
    const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'report.sarif'), 'utf8')) as { version: string };
    assert.strictEqual(sarif.version, '2.1.0');
  });

  it('prints help and the package version', () => {
    const ws = workspace();
    const help = runCli(['--help'], ws);
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /Usage: sagemaker-lint scan/);
    const v = runCli(['--version'], ws);
    assert.strictEqual(v.code, 0);
    assert.strictEqual(v.stdout.trim(), version);
  });
});

describe('cli: usage errors exit 2 with one line', () => {
  after(cleanWorkspaces);

  it('rejects an unknown option', () => {
    assertOneLineError(runCli(['scan', '--colour'], workspace()), /unknown option '--colour'/);
  });

  it('rejects a bad --format and --fail-on value', () => {
    assertOneLineError(runCli(['scan', '--format', 'xml'], workspace()), /--format must be one of text, json, sarif/);
    assertOneLineError(runCli(['scan', '--fail-on', 'critical'], workspace()), /--fail-on must be one of/);
  });

  it('rejects a missing path, a missing command and an unknown command', () => {
    assertOneLineError(runCli(['scan', 'nowhere'], workspace()), /path not found: nowhere/);
    assertOneLineError(runCli([], workspace()), /missing command/);
    assertOneLineError(runCli(['lint'], workspace()), /unknown command 'lint'/);
  });

  it('rejects an option that needs a value', () => {
    assertOneLineError(runCli(['scan', '--output'], workspace()), /--output/);
  });
});

describe('cli: configuration', () => {
  after(cleanWorkspaces);

  it('reports an invalid .sagemaker-lint.yaml as one line naming the file and position', () => {
    const ws = workspace({ 'infra/main.tf': NOTEBOOKS, '.sagemaker-lint.yaml': 'rules:\n  SML999: error\n' });
    assertOneLineError(runCli(['scan', 'infra'], ws), /^sagemaker-lint: \.sagemaker-lint\.yaml:2:3: unknown rule id `SML999`/);
  });

  it('reports broken YAML and unknown keys as one line', () => {
    const broken = workspace({ 'main.tf': NOTEBOOKS, '.sagemaker-lint.yaml': 'rules: [unclosed\n' });
    assertOneLineError(runCli(['scan'], broken), /^sagemaker-lint: \.sagemaker-lint\.yaml:\d+:\d+: /);
    const unknownKey = workspace({ 'main.tf': NOTEBOOKS, '.sagemaker-lint.yaml': 'exclude: []\nseverity: high\n' });
    assertOneLineError(runCli(['scan'], unknownKey), /\.sagemaker-lint\.yaml:2:1: unknown setting `severity`/);
  });

  it('uses --config for every file and reports a missing one', () => {
    const ws = workspace({ 'main.tf': NOTEBOOKS, 'ci/lint.yaml': 'rules:\n  SML001: error\n  SML012: off\n' });
    const run = runCli(['scan', '--config', 'ci/lint.yaml', '-f', 'json'], ws);
    assert.strictEqual(run.code, 1, run.stderr);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    assert.strictEqual(findings.find((f) => f.ruleId === 'SML001')?.severity, 'error');
    assert.ok(!findings.some((f) => f.ruleId === 'SML012'));
    assertOneLineError(runCli(['scan', '--config', 'ci/missing.yaml'], ws), /config file not found: ci\/missing\.yaml/);
    const bad = workspace({ 'main.tf': NOTEBOOKS, 'lint.yaml': 'maxFileSize: huge\n' });
    assertOneLineError(runCli(['scan', '--config', 'lint.yaml'], bad), /lint\.yaml:1:14: `maxFileSize` must be/);
  });

  it('uses the nearest .sagemaker-lint.yaml per folder', () => {
    const ws = workspace({
      '.sagemaker-lint.yaml': 'rules:\n  SML001: error\n',
      'a/main.tf': NOTEBOOKS,
      'b/main.tf': NOTEBOOKS,
      'b/.sagemaker-lint.yaml': 'rules:\n  SML001: off\n',
    });
    const findings = JSON.parse(runCli(['scan', '-f', 'json'], ws).stdout) as JsonFinding[];
    assert.strictEqual(findings.find((f) => f.file === 'a/main.tf' && f.ruleId === 'SML001')?.severity, 'error');
    assert.ok(!findings.some((f) => f.file === 'b/main.tf' && f.ruleId === 'SML001'));
    assert.ok(findings.some((f) => f.file === 'b/main.tf' && f.ruleId === 'SML012'));
  });

  it('passes the merged sagemakerConfig documents to the analysis (Python SDK defaults count as set)', () => {
    const train = [
      'from sagemaker.estimator import Estimator',
      '',
      'estimator = Estimator(',
      '    image_uri="763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3-cpu-py311",',
      '    role="arn:aws:iam::111122223333:role/sagemaker",',
      '    instance_count=1,',
      '    instance_type="ml.m5.xlarge",',
      ')',
      '',
    ].join('\n');
    const admin = "SchemaVersion: '1.0'\nSageMaker:\n  TrainingJob:\n    EnableNetworkIsolation: false\n";
    const user = "SchemaVersion: '1.0'\nSageMaker:\n  TrainingJob:\n    EnableNetworkIsolation: true\n    ResourceConfig:\n      VolumeKmsKeyId: alias/ml-volumes\n";
    const ws = workspace({ 'train.py': train, 'admin.yaml': admin, 'user.yaml': user });
    const rules = (dir: string) => (JSON.parse(runCli(['scan', '-f', 'json'], dir).stdout) as JsonFinding[]).map((f) => f.ruleId);
    assert.ok(rules(ws).includes('SML010') && rules(ws).includes('SML001'), 'without the SDK config both are reported');
    fs.writeFileSync(path.join(ws, '.sagemaker-lint.yaml'), 'sagemakerConfig: [admin.yaml, user.yaml]\n');
    const withConfig = rules(ws);
    assert.ok(!withConfig.includes('SML010') && !withConfig.includes('SML001'), withConfig.join(' '));
    fs.writeFileSync(path.join(ws, '.sagemaker-lint.yaml'), 'sagemakerConfig: [user.yaml, admin.yaml]\n');
    assert.ok(rules(ws).includes('SML010'), 'the later file wins');
  });

  it('loads sagemakerConfig files and fails with one line when one is missing or invalid', () => {
    const sdk = "SchemaVersion: '1.0'\nSageMaker:\n  TrainingJob:\n    EnableNetworkIsolation: true\n";
    const ok = workspace({ 'main.tf': NOTEBOOKS, 'sdk/config.yaml': sdk, '.sagemaker-lint.yaml': 'sagemakerConfig: sdk/config.yaml\n' });
    assert.strictEqual(runCli(['scan'], ok).code, 1);
    const dir = workspace({ 'main.tf': NOTEBOOKS, 'sdk/config.yaml': sdk, '.sagemaker-lint.yaml': 'sagemakerConfig: [sdk]\n' });
    assert.strictEqual(runCli(['scan'], dir).code, 1, 'a folder holding config.yaml is accepted, as in the SDK');
    const missing = workspace({ 'main.tf': NOTEBOOKS, '.sagemaker-lint.yaml': 'sagemakerConfig: [sdk/none.yaml]\n' });
    assertOneLineError(runCli(['scan'], missing), /\.sagemaker-lint\.yaml: sagemakerConfig file not found: sdk\/none\.yaml/);
    const invalid = workspace({ 'main.tf': NOTEBOOKS, 'sdk.yaml': 'SchemaVersion: 2\n', '.sagemaker-lint.yaml': 'sagemakerConfig: sdk.yaml\n' });
    assertOneLineError(runCli(['scan'], invalid), /sdk\.yaml:1:16: `SchemaVersion` must be the string '1\.0'/);
  });
});

describe('cli: what gets scanned', () => {
  after(cleanWorkspaces);

  function scannedFiles(ws: string, args: string[] = []): string[] {
    const run = runCli(['scan', '-f', 'json', ...args], ws);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    return [...new Set((JSON.parse(run.stdout) as JsonFinding[]).map((f) => f.file))].sort();
  }

  it('honours .gitignore files, nested ones and the repository root above the scanned folder', () => {
    const ws = workspace({
      '.gitignore': 'build/\n*.generated.tf\nsub/skip/\n',
      'kept/main.tf': NOTEBOOKS,
      'build/main.tf': NOTEBOOKS,
      'kept/x.generated.tf': NOTEBOOKS,
      'nested/.gitignore': 'private.tf\n',
      'nested/private.tf': NOTEBOOKS,
      'nested/public.tf': NOTEBOOKS,
      'sub/skip/main.tf': NOTEBOOKS,
      'sub/keep/main.tf': NOTEBOOKS,
    });
    assert.deepStrictEqual(scannedFiles(ws), ['kept/main.tf', 'nested/public.tf', 'sub/keep/main.tf']);
    assert.deepStrictEqual(scannedFiles(ws, ['sub']), ['sub/keep/main.tf', 'sub/skip/main.tf'], 'outside a repository only .gitignore files below the scanned folder apply');
    fs.mkdirSync(path.join(ws, '.git'));
    assert.deepStrictEqual(scannedFiles(ws, ['sub']), ['sub/keep/main.tf'], 'the repository .gitignore applies when scanning a subfolder');
    assert.deepStrictEqual(scannedFiles(ws, ['build']), ['build/main.tf'], 'a folder named explicitly is scanned even when ignored');
  });

  it('skips .git, node_modules and .terraform', () => {
    const ws = workspace({
      'main.tf': NOTEBOOKS,
      'node_modules/mod/main.tf': NOTEBOOKS,
      '.terraform/modules/x/main.tf': NOTEBOOKS,
      '.git/hooks/main.tf': NOTEBOOKS,
    });
    assert.deepStrictEqual(scannedFiles(ws), ['main.tf']);
  });

  it('honours exclude globs relative to the config file', () => {
    const ws = workspace({
      '.sagemaker-lint.yaml': 'exclude:\n  - generated\n  - "**/legacy.tf"\n',
      'main.tf': NOTEBOOKS,
      'generated/main.tf': NOTEBOOKS,
      'old/legacy.tf': NOTEBOOKS,
      'old/current.tf': NOTEBOOKS,
    });
    assert.deepStrictEqual(scannedFiles(ws), ['main.tf', 'old/current.tf']);
  });

  it('skips a file above maxFileSize with exactly one notice, and still scans its neighbours', () => {
    const big = NOTEBOOKS + `# ${'padding '.repeat(300)}\n`;
    const ws = workspace({ '.sagemaker-lint.yaml': 'maxFileSize: 2KB\n', 'infra/big.tf': big, 'infra/small.tf': NOTEBOOKS.replace(/research/g, 'small') });
    const run = runCli(['scan', '-f', 'json'], ws);
    assert.strictEqual(run.code, 1, run.stderr);
    const notices = lines(run.stderr).filter((l) => l.includes('big.tf'));
    assert.strictEqual(notices.length, 1, run.stderr);
    assert.match(notices[0], /^notice: infra\/big\.tf: skipped, .* above maxFileSize \(2 KB\)$/);
    const files = new Set((JSON.parse(run.stdout) as JsonFinding[]).map((f) => f.file));
    assert.deepStrictEqual([...files], ['infra/small.tf']);
  });

  it('survives binary and invalid UTF-8 files', () => {
    const ws = workspace({
      'infra/blob.tf': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0xff, 0xfe, 0x00, 0x01]),
      'infra/latin1.tf': Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\n' + NOTEBOOKS.replace(/research/g, 'latin'))]),
      'infra/main.tf': NOTEBOOKS,
      'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
    });
    const run = runCli(['scan', '-f', 'json'], ws);
    assert.strictEqual(run.code, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /internal error/);
    const files = new Set((JSON.parse(run.stdout) as JsonFinding[]).map((f) => f.file));
    assert.deepStrictEqual([...files].sort(), ['infra/latin1.tf', 'infra/main.tf']);
  });

  it('handles folder names with spaces and a leading space', () => {
    const ws = workspace({ ' leading/main.tf': NOTEBOOKS, 'with space/main.tf': NOTEBOOKS });
    const run = runCli(['scan'], ws);
    assert.strictEqual(run.code, 1, run.stderr);
    assert.ok(run.stdout.includes(' leading/main.tf:6:1: warning SML001 '), run.stdout);
    assert.ok(run.stdout.includes('with space/main.tf:6:1: warning SML001 '), run.stdout);
    assert.strictEqual(runCli(['scan', ' leading'], ws).code, 1);
  });

  it('terminates on symlink loops and reports each file once', function () {
    const ws = workspace({ 'a/main.tf': NOTEBOOKS });
    try {
      fs.symlinkSync('..', path.join(ws, 'a', 'up'), 'dir');
      fs.symlinkSync('.', path.join(ws, 'a', 'self'), 'dir');
      fs.symlinkSync('missing-target', path.join(ws, 'a', 'dangling.tf'));
    } catch {
      this.skip();
    }
    const run = runCli(['scan', '-f', 'json'], ws);
    assert.strictEqual(run.code, 1, run.stderr);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    assert.deepStrictEqual([...new Set(findings.map((f) => f.file))], ['a/main.tf']);
    assert.strictEqual(findings.filter((f) => f.ruleId === 'SML001').length, 1);
  });

  it('gives identical, path-ordered results with and without worker threads', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 24; i++) files[`team-${String(i).padStart(2, '0')}/main.tf`] = NOTEBOOKS;
    files['team-03/variables.tf'] = 'variable "unused" {\n  default = null\n}\n';
    const ws = workspace(files);
    const single = runCli(['scan', '-f', 'sarif'], ws, { SAGEMAKER_LINT_WORKERS: '0' });
    const pooled = runCli(['scan', '-f', 'sarif'], ws, { SAGEMAKER_LINT_WORKERS: '2' });
    assert.strictEqual(single.code, 1, single.stderr);
    assert.strictEqual(pooled.code, 1, pooled.stderr);
    assert.strictEqual(pooled.stdout, single.stdout);
    const json = JSON.parse(runCli(['scan', '-f', 'json'], ws, { SAGEMAKER_LINT_WORKERS: '2' }).stdout) as JsonFinding[];
    const order = json.map((f) => f.file);
    assert.deepStrictEqual(order, [...order].sort());
  });

  it('stops the workers it started while walking when the scan then fails, and when it is too small for them', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 210; i++) files[`f-${String(i).padStart(3, '0')}/main.tf`] = 'resource "aws_s3_bucket" "b" {}\n';
    const ws = workspace(files);
    // The walk passes the worker threshold, then the report file cannot be opened: exit 2 without hanging on a live worker.
    const failed = runCli(['scan', '-o', path.join(ws, 'missing-folder', 'report.json')], ws, { SAGEMAKER_LINT_WORKERS: '1' });
    assert.strictEqual(failed.code, 2, failed.stderr);
    assert.match(failed.stderr, /^sagemaker-lint: cannot write .*report\.json: ENOENT/);
    assert.strictEqual(failed.stderr.split('\n').filter(Boolean).length, 1, failed.stderr);
    // A pool started for one file: the single job runs on the main thread and the worker is stopped.
    const one = runCli(['scan', 'f-000'], ws, { SAGEMAKER_LINT_WORKERS: '1' });
    assert.strictEqual(one.code, 0, one.stderr);
    const many = runCli(['scan', '-f', 'json'], ws);
    assert.strictEqual(many.code, 0, many.stderr);
    assert.strictEqual(many.stdout, '[]\n');
  });

  it('writes the same text and JSON reports when workers render the folders', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`team-${String(i).padStart(2, '0')}/main.tf`] = NOTEBOOKS;
    files['team-05/main.tf'] = `# sagemaker-lint:ignore SML001 reviewed\n${NOTEBOOKS}`;
    files['team-07/main.tf'] = 'resource "aws_s3_bucket" "b" {}\n';
    const ws = workspace(files);
    for (const format of ['text', 'json']) {
      const single = runCli(['scan', '-f', format], ws, { SAGEMAKER_LINT_WORKERS: '0' });
      const pooled = runCli(['scan', '-f', format], ws, { SAGEMAKER_LINT_WORKERS: '1' });
      assert.strictEqual(single.code, 1, single.stderr);
      assert.strictEqual(pooled.code, single.code);
      assert.strictEqual(pooled.stdout, single.stdout, format);
    }
  });
});
