import * as fs from 'fs';
import * as path from 'path';
import { terraformFile, workspace } from '../../test/support/workload';

/** Bump when the generators change, so stale inputs are regenerated. */
const INPUTS_VERSION = 1;
const SEED = 20260601;
export const WORKSPACE_FILES = 5000;

export interface BenchInputs {
  editFile: string;
  editResources: number;
  largeFile: string;
  largeLines: number;
  workspaceDir: string;
  workspaceFiles: number;
  workspaceBytes: number;
  byExtension: Record<string, { files: number; bytes: number }>;
}

function extensionOf(file: string): string {
  if (file.endsWith('.template.json')) return '.template.json';
  if (path.basename(file) === 'terraform.tfvars') return '.tfvars';
  return path.extname(file);
}

/** Writes the inputs under `dir` unless the same version is already there. */
export function prepareInputs(dir: string): BenchInputs {
  const stamp = path.join(dir, 'inputs.json');
  if (fs.existsSync(stamp)) {
    const existing = JSON.parse(fs.readFileSync(stamp, 'utf8')) as { version: number; seed: number; inputs: BenchInputs };
    const paths = { editFile: path.join(dir, 'edit-1000.tf'), largeFile: path.join(dir, 'large-14000.tf'), workspaceDir: path.join(dir, 'workspace') };
    if (existing.version === INPUTS_VERSION && existing.seed === SEED && fs.existsSync(path.join(paths.workspaceDir, '.git'))) return { ...existing.inputs, ...paths };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const edit = terraformFile(SEED, 1000);
  const editFile = path.join(dir, 'edit-1000.tf');
  fs.writeFileSync(editFile, edit.text);
  const large = terraformFile(SEED + 1, 14000);
  const largeFile = path.join(dir, 'large-14000.tf');
  fs.writeFileSync(largeFile, large.text);
  const workspaceDir = path.join(dir, 'workspace');
  const byExtension: BenchInputs['byExtension'] = {};
  let files = 0;
  let bytes = 0;
  for (const f of workspace(SEED + 2, WORKSPACE_FILES)) {
    const target = path.join(workspaceDir, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.text);
    const size = Buffer.byteLength(f.text);
    const ext = extensionOf(f.path);
    byExtension[ext] ??= { files: 0, bytes: 0 };
    byExtension[ext].files++;
    byExtension[ext].bytes += size;
    files++;
    bytes += size;
  }
  // Its own repository root, as a checkout is: otherwise this repository's .gitignore (bench-work/) hides it from the scan.
  fs.mkdirSync(path.join(workspaceDir, '.git'));
  const inputs: BenchInputs = {
    editFile,
    editResources: edit.sagemakerResources,
    largeFile,
    largeLines: large.text.split('\n').length - 1,
    workspaceDir,
    workspaceFiles: files,
    workspaceBytes: bytes,
    byExtension,
  };
  fs.writeFileSync(stamp, JSON.stringify({ version: INPUTS_VERSION, seed: SEED, inputs }, null, 2));
  return inputs;
}
