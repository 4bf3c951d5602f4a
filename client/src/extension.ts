// First: starts the language server as soon as VS Code loads this bundle (see server-process.ts).
import { debugging, dropServers, takeServer } from './server-process';
import type { ChildProcess } from 'child_process';
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import type { LanguageClientOptions, MessageTransports, ServerOptions } from 'vscode-languageclient/node';
import { ExecuteCommandRequest, IPCMessageReader, IPCMessageWriter, LanguageClient, State, TransportKind, WorkDoneProgress } from 'vscode-languageclient/node';
import type { InitializationOptions, SarifExport, ScanArguments, ScanSummary, StatusParams } from '../../server/src/protocol';
import { COMMAND_EXPORT_SARIF, COMMAND_SCAN_WORKSPACE, STATUS_NOTIFICATION } from '../../server/src/protocol';

const NAME = 'SageMaker Lint';
let client: LanguageClient | undefined;

/** Starts the bundled language server over Node IPC and wires the commands and the status item. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(NAME, { log: true });
  const status = new StatusItem();
  context.subscriptions.push(output, status);

  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = debugging
    ? {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
      }
    : () => Promise.resolve(ipcTransports(takeServer(), output));
  const initializationOptions: InitializationOptions = { clientOwnsCommands: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'terraform' },
      { scheme: 'file', language: 'terraform-vars' },
      { scheme: 'file', pattern: '**/*.tfvars' },
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'python' },
      // Never-saved documents, analysed on their own (no folder, no configuration file).
      { scheme: 'untitled', language: 'terraform' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'json' },
      { scheme: 'untitled', language: 'python' },
      // Cells of Jupyter notebooks (synced as notebooks; this routes code actions to the server).
      { notebook: 'jupyter-notebook', language: 'python' },
    ],
    outputChannel: output,
    initializationOptions,
    synchronize: { configurationSection: 'sagemakerLint' },
  };
  const languageClient = new LanguageClient('sagemakerLint', NAME, serverOptions, clientOptions);
  client = languageClient;
  context.subscriptions.push(
    languageClient.onDidChangeState((e) => status.running(e.newState === State.Running)),
    languageClient.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => status.update(params)),
    vscode.commands.registerCommand('sagemakerLint.scanWorkspace', () => scanWorkspace(languageClient)),
    vscode.commands.registerCommand('sagemakerLint.exportSarif', () => exportSarif(languageClient)),
    vscode.commands.registerCommand('sagemakerLint.restartServer', async () => {
      await languageClient.restart();
      void vscode.window.setStatusBarMessage(`${NAME}: server restarted`, 3000);
    }),
  );
  await languageClient.start();
}

export async function deactivate(): Promise<void> {
  try {
    await client?.stop();
  } finally {
    dropServers();
  }
}

/** What the language client does for a server it forks itself: IPC messages, output to the channel. */
function ipcTransports(child: ChildProcess, output: vscode.OutputChannel): MessageTransports {
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (data: Buffer) => output.append(data.toString()));
  return { reader: new IPCMessageReader(child), writer: new IPCMessageWriter(child) };
}

/** `files.exclude` of every workspace folder, as the globs that are switched on. */
function filesExclude(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const globs = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
    out[folder.uri.toString()] = Object.entries(globs)
      .filter(([, on]) => on === true)
      .map(([glob]) => glob);
  }
  return out;
}

/** Runs a server-side scan command with a cancellable progress notification fed by the server. */
function runScan<T>(languageClient: LanguageClient, command: string, title: string): Thenable<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const workDoneToken = randomUUID();
    let done = 0;
    const listener = languageClient.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind === 'end') return;
      const percentage = value.percentage ?? done;
      progress.report({ ...(value.message ? { message: value.message } : {}), increment: Math.max(0, percentage - done) });
      done = Math.max(done, percentage);
    });
    try {
      const args: ScanArguments = { filesExclude: filesExclude() };
      return (await languageClient.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args], workDoneToken }, token)) as T | undefined;
    } finally {
      listener.dispose();
    }
  });
}

/** Scans; the summary notification is not awaited, so the command resolves with the summary. */
async function scanWorkspace(languageClient: LanguageClient): Promise<ScanSummary | undefined> {
  const summary = await runScan<ScanSummary>(languageClient, COMMAND_SCAN_WORKSPACE, `${NAME}: scanning workspace`);
  if (!summary) return undefined;
  const text = `${NAME}: ${summary.problems} ${plural(summary.problems, 'problem')} in ${summary.files} ${plural(summary.files, 'file')}${summary.cancelled ? ' (scan cancelled)' : ''}.`;
  void vscode.window.showInformationMessage(text, 'Show Problems', 'Export SARIF').then(async (choice) => {
    if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice === 'Export SARIF') await exportSarif(languageClient);
  });
  return summary;
}

/** Asks where to save, scans, and writes the CLI's SARIF through the editor's file system. */
async function exportSarif(languageClient: LanguageClient): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: `${NAME}: export SARIF`,
    filters: { SARIF: ['sarif', 'json'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'sagemaker-lint.sarif') } : {}),
  });
  if (!target) return;
  const exported = await runScan<SarifExport>(languageClient, COMMAND_EXPORT_SARIF, `${NAME}: exporting SARIF`);
  if (!exported) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exported.sarif));
  void vscode.window.showInformationMessage(`${NAME}: wrote ${exported.summary.problems} ${plural(exported.summary.problems, 'problem')} to ${vscode.workspace.asRelativePath(target)}.`);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** The status bar item: problem count, a spinner while analysing or scanning, Problems on click. */
class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sagemakerLint.status', vscode.StatusBarAlignment.Right, 100);
  private last: StatusParams = { busy: false, problems: 0, files: 0 };
  private serverRunning = false;

  constructor() {
    this.item.name = NAME;
    this.item.command = 'workbench.actions.view.problems';
    this.render();
    this.item.show();
  }

  running(running: boolean): void {
    this.serverRunning = running;
    this.render();
  }

  update(params: StatusParams): void {
    this.last = params;
    this.render();
  }

  private render(): void {
    const { busy, problems, files } = this.last;
    if (!this.serverRunning) {
      this.item.text = '$(circle-slash) SageMaker Lint';
      this.item.tooltip = `${NAME}: the language server is not running (see the ${NAME} output).`;
      return;
    }
    this.item.text = `${busy ? '$(sync~spin)' : '$(shield)'} SML ${problems}`;
    this.item.tooltip = `${NAME}: ${problems} ${plural(problems, 'problem')} in ${files} ${plural(files, 'file')}${busy ? ' — analysing…' : ''}`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
