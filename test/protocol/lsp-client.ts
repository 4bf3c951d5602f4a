import * as assert from 'assert';
import type { ChildProcess } from 'child_process';
import { fork, spawn } from 'child_process';
import * as path from 'path';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { CancellationTokenSource, createMessageConnection, IPCMessageReader, IPCMessageWriter, ProgressType, RequestType, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'url';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

/** A file path as a `file:` URI; a URI (a notebook cell's) is returned as it is. */
export function uriOf(file: string): string {
  return /^[a-z-]+:/.test(file) ? file : pathToFileURL(file).href;
}

export interface ClientOptions {
  folders: string[];
  /** `sagemakerLint` settings per folder path (or `*` for all). */
  settings?: Record<string, Record<string, unknown>>;
  workDoneProgress?: boolean;
  transport?: 'stdio' | 'ipc';
  /** The server process's working folder (default: the test's). */
  cwd?: string;
}

export interface ProgressEvent {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number; cancellable?: boolean };
}

/** A minimal LSP client over stdio: enough to drive the bundled server the way an editor does. */
export class TestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly progress: ProgressEvent[] = [];
  readonly logs: string[] = [];
  readonly statuses: { busy: boolean; problems: number; files: number }[] = [];
  private readonly versions = new Map<string, number>();
  private readonly publishedVersions = new Map<string, number | undefined>();
  private readonly texts = new Map<string, TextDocument>();
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly process: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  static async start(options: ClientOptions): Promise<TestClient> {
    let child: ChildProcess;
    let connection: MessageConnection;
    if (options.transport === 'ipc') {
      child = fork(SERVER, ['--node-ipc'], { silent: true, ...(options.cwd ? { cwd: options.cwd } : {}) });
      connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    } else {
      const stdio = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
      connection = createMessageConnection(new StreamMessageReader(stdio.stdout), new StreamMessageWriter(stdio.stdin));
      child = stdio;
    }
    const client = new TestClient(child, connection);
    child.stderr?.on('data', (chunk: Buffer) => client.logs.push(chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      client.diagnostics.set(params.uri, params.diagnostics);
      client.publishedVersions.set(params.uri, params.version);
      client.wake();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => void client.logs.push(params.message));
    connection.onNotification('sagemakerLint/status', (params: { busy: boolean; problems: number; files: number }) => {
      client.statuses.push(params);
      client.wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) =>
      params.items.map((item) => {
        const folder = options.folders.find((f) => item.scopeUri === uriOf(f));
        return (folder && options.settings?.[folder]) ?? options.settings?.['*'] ?? null;
      }),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
      client.trackProgress(params.token);
      return null;
    });
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onNotification('window/showMessage', (params: { message: string }) => void client.logs.push(params.message));
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } } },
        window: { workDoneProgress: options.workDoneProgress ?? true },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** vscode-jsonrpc routes `$/progress` by token, so each token is subscribed to before use. */
  private trackProgress(token: string | number): void {
    this.connection.onProgress(new ProgressType<ProgressEvent['value']>(), token, (value) => {
      this.progress.push({ token, value });
      this.wake();
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Polls `condition` each time the server says something, until it holds or the deadline passes. */
  async until<T>(what: string, condition: () => T | undefined | false, timeoutMs = 20000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = condition();
      if (value !== undefined && value !== false) return value;
      const left = deadline - Date.now();
      if (left <= 0) assert.fail(`timed out waiting for ${what}\nserver log:\n${this.logs.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, 200));
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        const waiters = this.waiters;
        waiters.add(done);
      });
    }
  }

  /** Waits for diagnostics of a file (of its current version, when open) that satisfy `accept`. */
  diagnosticsOf(file: string, accept: (d: Diagnostic[]) => boolean = () => true, what = `diagnostics of ${path.basename(file)}`): Promise<Diagnostic[]> {
    return this.until(what, () => {
      const uri = uriOf(file);
      const d = this.diagnostics.get(uri);
      if (this.texts.has(file) && this.publishedVersions.get(uri) !== this.versions.get(file)) return undefined;
      return d && accept(d) ? d : undefined;
    });
  }

  async open(file: string, text: string, languageId = 'terraform'): Promise<void> {
    this.diagnostics.delete(uriOf(file));
    this.versions.set(file, 1);
    this.texts.set(file, TextDocument.create(uriOf(file), languageId, 1, text));
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId, version: 1, text } });
  }

  text(file: string): string {
    const doc = this.texts.get(file);
    assert.ok(doc, `${file} is not open`);
    return doc.getText();
  }

  /** Sends incremental edits, the way an editor does after a keystroke or an applied fix. */
  async edit(file: string, edits: TextEdit[]): Promise<void> {
    const doc = this.texts.get(file);
    assert.ok(doc, `${file} is not open`);
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    // LSP content changes apply one after another, so send them from the last to the first
    // (insertions at the same point in reverse, so their text ends up in the original order).
    const ordered = edits.map((e, i) => ({ e, i })).sort((a, b) => compare(b.e.range.start, a.e.range.start) || b.i - a.i).map(({ e }) => e);
    this.texts.set(file, TextDocument.create(doc.uri, doc.languageId, version, TextDocument.applyEdits(doc, edits)));
    this.diagnostics.delete(uriOf(file));
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf(file), version },
      contentChanges: ordered.map((e) => ({ range: e.range, text: e.newText })),
    });
  }

  /** Applies a WorkspaceEdit to the open documents it touches. */
  async apply(edit: WorkspaceEdit | undefined): Promise<void> {
    assert.ok(edit?.changes, 'the action has no edit');
    for (const [uri, edits] of Object.entries(edit.changes)) {
      const file = [...this.texts.keys()].find((f) => uriOf(f) === uri);
      assert.ok(file, `edit for a document that is not open: ${uri}`);
      await this.edit(file, edits);
    }
  }

  /** Opens a Jupyter notebook through LSP notebook sync; returns the cell URIs. */
  async openNotebook(file: string, cells: { kind: 'code' | 'markdown'; text: string }[]): Promise<string[]> {
    const uri = uriOf(file);
    const cellUris = cells.map((_, i) => `vscode-notebook-cell:${new URL(uri).pathname}#W${i}sZmlsZQ==`);
    await this.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((c, i) => ({ kind: c.kind === 'code' ? 2 : 1, document: cellUris[i] })) },
      cellTextDocuments: cells.map((c, i) => ({ uri: cellUris[i], languageId: c.kind === 'code' ? 'python' : 'markdown', version: 1, text: c.text })),
    });
    return cellUris;
  }

  /** Replaces a cell's text, as typing in it would. */
  async editCell(notebook: string, cellUri: string, version: number, range: Range, text: string): Promise<void> {
    this.diagnostics.delete(cellUri);
    await this.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: uriOf(notebook), version },
      change: { cells: { textContent: [{ document: { uri: cellUri, version }, changes: [{ range, text }] }] } },
    });
  }

  async close(file: string): Promise<void> {
    this.texts.delete(file);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  codeActions(file: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  async filesChanged(changes: { file: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: uriOf(c.file), type: c.type })) });
  }

  executeCommand<T>(command: string, args: unknown[], options: { workDoneToken?: string; cancel?: CancellationTokenSource } = {}): Promise<T> {
    if (options.workDoneToken) this.trackProgress(options.workDoneToken);
    const params = { command, arguments: args, ...(options.workDoneToken ? { workDoneToken: options.workDoneToken } : {}) };
    return this.connection.sendRequest(new RequestType<typeof params, T, void>('workspace/executeCommand'), params, options.cancel?.token);
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      if (this.process.exitCode === null) this.process.kill();
    }
  }
}

function compare(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line - b.line || a.character - b.character;
}

export { CancellationTokenSource };
