// Extension-host entry (extensionTestsPath) for one activation measurement, started by
// test/e2e/measure-activation.js in a fresh VS Code server and extension host per run. The
// workspace holds no file that activates the extension at start-up; this copies the Terraform
// file named by SML_ACTIVATION_SOURCE into it, opens it in an editor (which makes VS Code activate
// the extension through onLanguage:terraform), and writes to SML_ACTIVATION_OUT when, counted from
// that open, the extension finished activating and our first diagnostic for the file was there.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sagemaker-lint.sagemaker-lint';

/** What one run writes; times are epoch milliseconds (Date.now() with performance.now() precision). */
export interface ActivationResult {
  /** Just before the document was opened. */
  openAt: number;
  /** `extension.isActive` first seen true: activate() resolved, so the language client was started. */
  activeAt: number;
  /** Our first diagnostic for the file was visible through languages.getDiagnostics. */
  diagnosticAt: number;
  diagnostics: number;
  file: string;
  lines: number;
  /**
   * The extension host's own performance marks for this extension (epoch ms, by name without the
   * `code/extHost/` prefix and the extension id): willLoadExtensionCode, didLoadExtensionCode,
   * willActivateExtension (activate() called), didActivateExtension.
   */
  marks: Record<string, number>;
}

/** VS Code's perf marks (vs/base/common/performance) are shared through this global. */
interface PerformanceMarks {
  getMarks(): { name: string; startTime: number }[];
}

function extensionMarks(): Record<string, number> {
  const marks = (globalThis as { MonacoPerformanceMarks?: PerformanceMarks }).MonacoPerformanceMarks?.getMarks() ?? [];
  const out: Record<string, number> = {};
  for (const { name, startTime } of marks) {
    const m = /^code\/extHost\/(\w+)\/(.+)$/.exec(name);
    if (m && m[2] === EXTENSION_ID) out[m[1]] = startTime;
  }
  return out;
}

const now = (): number => performance.timeOrigin + performance.now();

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through test/e2e/measure-activation.js`);
  return value;
}

function ours(uri: vscode.Uri): number {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'sagemaker-lint').length;
}

export async function run(): Promise<void> {
  const source = required('SML_ACTIVATION_SOURCE');
  const out = required('SML_ACTIVATION_OUT');
  const timeoutMs = Number(process.env.SML_ACTIVATION_TIMEOUT_MS) || 60000;
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  if (extension.isActive) throw new Error('the extension is already active: the workspace must not activate it at start-up');
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  const text = fs.readFileSync(source, 'utf8');
  const target = vscode.Uri.joinPath(folder.uri, path.basename(source));
  fs.writeFileSync(target.fsPath, text);

  let activeAt = 0;
  let diagnosticAt = 0;
  let diagnostics = 0;
  // Polled rather than taken from languages.onDidChangeDiagnostics, which the extension host
  // debounces by 50 ms; getDiagnostics sees the collection as soon as the language client sets it.
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`no sagemaker-lint diagnostic for ${target.fsPath} after ${timeoutMs} ms (active: ${extension.isActive})`));
    }, timeoutMs);
    const poll = setInterval(() => {
      const at = now();
      if (!activeAt && extension.isActive) activeAt = at;
      const count = ours(target);
      if (count === 0) return;
      diagnosticAt = at;
      diagnostics = count;
      clearInterval(poll);
      clearTimeout(timer);
      resolve();
    }, 5);
  });
  const openAt = now();
  const document = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(document);
  await done;
  const result: ActivationResult = { openAt, activeAt, diagnosticAt, diagnostics, file: path.basename(source), lines: document.lineCount, marks: extensionMarks() };
  fs.writeFileSync(out, JSON.stringify(result));
  console.log(`activation: open → first diagnostic ${(diagnosticAt - openAt).toFixed(0)} ms (${diagnostics} diagnostics)`);
}
