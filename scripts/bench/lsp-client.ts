/**
 * A minimal LSP client over stdio for timing the language server: open a document, send
 * changes, await the `publishDiagnostics` for each version, run a command (the workspace scan)
 * and read the server's peak memory. Answers `workspace/configuration` with the settings given
 * (the benchmark sets `debounceMs: 0`).
 */
import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import { pathToFileURL } from 'url';

type Handler = (params: unknown) => unknown;

/** JSON-RPC over stdio with LSP's Content-Length framing: just what the benchmark needs. */
class RpcConnection {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private readonly requests = new Map<string, Handler>();
  private readonly notifications = new Map<string, Handler>();

  constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
  }

  private drain(): void {
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1] ?? NaN);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } });
    }
  }

  private dispatch(message: { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } }): void {
    if (message.method !== undefined && message.id !== undefined) {
      const handler = this.requests.get(message.method);
      this.write({ jsonrpc: '2.0', id: message.id, result: handler ? (handler(message.params) ?? null) : null });
    } else if (message.method !== undefined) {
      this.notifications.get(message.method)?.(message.params);
    } else if (message.id !== undefined) {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) p?.reject(new Error(message.error.message));
      else p?.resolve(message.result);
    }
  }

  private write(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin!.write(body);
  }

  onRequest(method: string, handler: Handler): void {
    this.requests.set(method, handler);
  }

  onNotification(method: string, handler: Handler): void {
    this.notifications.set(method, handler);
  }

  sendRequest<T>(method: string, params?: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (r) => resolve(r as T), reject });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  sendNotification(method: string, params?: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }
}

interface PublishParams {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

export class LspClient {
  private readonly waiters: { uri: string; version: number; resolve: (p: PublishParams) => void }[] = [];
  /** Whether the server asked for `workspace/configuration` (so our debounce setting reached it). */
  askedConfiguration = false;
  private syncKind = 1;

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: RpcConnection,
  ) {}

  /** `pinned`: the server runs on core 0 only (`taskset`, which execs it: the child's pid is the server's). */
  static async start(serverJs: string, rootDir: string, settings: Record<string, unknown>, pinned = false): Promise<LspClient> {
    const command = [...(pinned ? ['taskset', '-c', '0'] : []), process.execPath, serverJs, '--stdio'];
    const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'ignore'] });
    const connection = new RpcConnection(child);
    const client = new LspClient(child, connection);
    connection.onNotification('textDocument/publishDiagnostics', (p) => client.published(p as PublishParams));
    connection.onRequest('workspace/configuration', (params) => {
      client.askedConfiguration = true;
      return (params as { items: unknown[] }).items.map(() => settings);
    });
    const rootUri = pathToFileURL(rootDir).href;
    const result = await connection.sendRequest<{ capabilities: { textDocumentSync?: number | { change?: number } } }>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    const sync = result.capabilities.textDocumentSync;
    client.syncKind = typeof sync === 'number' ? sync : (sync?.change ?? 1);
    connection.sendNotification('initialized', {});
    return client;
  }

  private published(p: PublishParams): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i];
      if (w.uri === p.uri && (p.version === undefined || p.version >= w.version)) {
        this.waiters.splice(i, 1);
        w.resolve(p);
      }
    }
  }

  private diagnosticsFor(uri: string, version: number): Promise<PublishParams> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  async open(file: string, languageId: string, text: string): Promise<void> {
    const uri = pathToFileURL(file).href;
    const done = this.diagnosticsFor(uri, 1);
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    await done;
  }

  /** Sends one change and resolves with the milliseconds until the diagnostics of that version arrived. */
  async change(file: string, version: number, newText: string, edit: { line: number; character: number; deleted: number; inserted: string }): Promise<number> {
    const uri = pathToFileURL(file).href;
    const done = this.diagnosticsFor(uri, version);
    const change =
      this.syncKind === 2
        ? { range: { start: { line: edit.line, character: edit.character }, end: { line: edit.line, character: edit.character + edit.deleted } }, text: edit.inserted }
        : { text: newText };
    const start = performance.now();
    this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    await done;
    return performance.now() - start;
  }

  /** Runs a `workspace/executeCommand` and resolves with its result and the milliseconds it took. */
  async execute<T>(command: string, args: unknown[] = []): Promise<{ result: T; ms: number }> {
    const start = performance.now();
    const result = await this.connection.sendRequest<T>('workspace/executeCommand', { command, arguments: args });
    return { result, ms: performance.now() - start };
  }

  /** The server process's peak resident memory so far (Linux `VmHWM`), in kB; undefined elsewhere. */
  peakRssKb(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb);
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
    this.connection.sendNotification('exit');
    if (this.child.exitCode === null) this.child.kill();
  }
}
