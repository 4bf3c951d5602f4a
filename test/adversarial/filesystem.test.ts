import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLI, cleanWorkspaces, runCli, workspace } from '../cli/harness';
import { terraformFile } from '../support/workload';
import { assertScanCompleted, cliBuilt } from './support';

const NOTEBOOK = 'resource "aws_sagemaker_notebook_instance" "n" {\n  instance_type = "ml.t3.medium"\n}\n';

describe('adversarial: the file system changes under a CLI scan', function () {
  this.timeout(120_000);
  before(function () {
    if (!cliBuilt()) this.skip();
  });
  after(cleanWorkspaces);

  it('terminates on symlink loops (a folder linking to itself and two linking to each other)', () => {
    const dir = workspace({ 'a/main.tf': NOTEBOOK, 'b/main.tf': NOTEBOOK });
    fs.symlinkSync('.', path.join(dir, 'a', 'self'));
    fs.symlinkSync(path.join(dir, 'b'), path.join(dir, 'a', 'to-b'));
    fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'b', 'to-a'));
    fs.symlinkSync(path.join(dir, 'missing.tf'), path.join(dir, 'dangling.tf'));
    const findings = assertScanCompleted(runCli(['scan', '.', '--format', 'json'], dir)) as { file: string }[];
    const files = new Set(findings.map((f) => f.file));
    assert.ok(files.size >= 2 && files.size <= 4, [...files].join(', '));
  });

  it('completes while files and folders are deleted during the scan', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`m${i}/main.tf`] = terraformFile(i, 60).text;
    const dir = workspace(files);
    const child = spawn(process.execPath, [CLI, 'scan', '.', '--format', 'json'], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let running = true;
    void exited.then(() => (running = false));
    // Delete from the end while the scan runs; how many go before the CLI reaches them does not matter.
    for (let i = 399; i >= 0 && running; i -= 2) {
      fs.rmSync(path.join(dir, `m${i}`), { recursive: true, force: true });
      await new Promise((r) => setImmediate(r));
    }
    const code = await exited;
    assertScanCompleted({ code, stdout, stderr });
  });
});
