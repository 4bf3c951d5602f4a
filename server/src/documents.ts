import * as path from 'path';
import type { CodeAction, Connection, Diagnostic, NotebookDocuments } from 'vscode-languageserver';
import { NotebookCellKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RuleFailure } from '../../shared-rules/src/analyze';
import type { AnalysisContext } from '../../shared-rules/src/dialect';
import type { Engine } from '../../shared-rules/src/engine';
import { filesByFolder } from '../../shared-rules/src/cli/walk';
import type { Finding } from '../../shared-rules/src/model';
import { fixAllAction, fixAllInPasses } from './code-actions';
import { toDiagnostic, visible } from './diagnostics';
import { analyzeNotebook } from './notebooks';
import type { StatusParams } from './protocol';
import type { FileSettings, Settings } from './settings';
import { pathToUri, uriToPath } from './uris';
import type { WorkspaceFiles } from './workspace-files';

/** Languages an untitled (never saved) document is analysed in, with the extension its file would have. */
const UNTITLED_EXTENSIONS: Readonly<Record<string, string>> = { terraform: '.tf', yaml: '.yaml', json: '.json', python: '.py' };

/**
 * Open documents and notebooks: debounced in-process analysis, published diagnostics, and the
 * findings behind them for code actions. Files published by a workspace scan live here too, so
 * that a change next to them re-checks them.
 */
/** The key of the job that analyses scanned files again (not a path or a URI). */
const RECHECK_SCANNED = '\u0000scanned';

export class DocumentAnalysis {
  /** Scheduled analyses, by file or notebook: how to cancel each. */
  private readonly timers = new Map<string, () => void>();
  private readonly running = new Set<Promise<void>>();
  /** The exact URI the client uses for an open file. */
  private readonly uris = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  private readonly findings = new Map<string, Finding[]>();
  private readonly problems = new Map<string, number>();
  private readonly notebookCells = new Map<string, string[]>();
  /** Untitled documents, by the name the engine knows them by (see `keyOf`). */
  private readonly untitled = new Set<string>();
  /** Files not open in the editor whose diagnostics came from a workspace scan. */
  readonly scanned = new Set<string>();
  /** Scanned files waiting to be analysed again (see `runScanned`). */
  private readonly scannedToRecheck = new Set<string>();
  private recheckingScanned = false;
  private readonly reportedFailures = new Set<string>();
  private readonly reportedNotices = new Set<string>();
  private scanning = false;
  private lastStatus = '';

  constructor(
    private readonly connection: Connection,
    private readonly engine: Engine,
    private readonly files: WorkspaceFiles,
    private readonly settings: Settings,
    private readonly notebooks: NotebookDocuments<TextDocument>,
  ) {}

  /** What an adapter may read besides the file: its folder (open documents over disk) and SDK defaults. */
  contextFor(settings: FileSettings): AnalysisContext {
    return { folderFiles: (dir) => this.files.folderFiles(dir), ...(settings.sdkConfig ? { sdkConfig: settings.sdkConfig } : {}) };
  }

  readonly uriOf = (file: string): string => this.uris.get(file) ?? (path.isAbsolute(file) ? pathToUri(file) : file);

  /**
   * The name the analysis knows a document by: a file's path, or for an untitled document in a
   * language we read, its URI with the extension that language implies (never a path on disk).
   */
  private keyOf(document: TextDocument): string | undefined {
    if (!document.uri.startsWith('untitled:')) return uriToPath(document.uri);
    const extension = UNTITLED_EXTENSIONS[document.languageId];
    return extension === undefined ? undefined : `${document.uri}${extension}`;
  }

  readonly onRuleFailure = (failure: RuleFailure): void => {
    this.connection.console.error(`sagemaker-lint: rule ${failure.ruleId} failed on ${failure.resource}: ${failure.error instanceof Error ? (failure.error.stack ?? failure.error.message) : String(failure.error)}`);
    if (this.reportedFailures.has(failure.ruleId)) return;
    this.reportedFailures.add(failure.ruleId);
    void this.connection.window.showWarningMessage(`SageMaker Lint: rule ${failure.ruleId} failed and was skipped; the other rules still run. Details are in the SageMaker Lint output.`);
  };

  opened(document: TextDocument): void {
    const file = this.keyOf(document);
    if (!file) return;
    if (document.uri.startsWith('untitled:')) this.untitled.add(file);
    this.uris.set(file, document.uri);
    this.versions.set(file, document.version);
    this.files.setOpen(file, document.getText());
    this.schedule(file, 0);
  }

  changed(document: TextDocument): void {
    const file = this.keyOf(document);
    if (!file) return;
    this.versions.set(file, document.version);
    this.files.setOpen(file, document.getText());
    this.debounced(file, !this.untitled.has(file));
  }

  closed(document: TextDocument): void {
    const file = this.keyOf(document);
    if (!file) return;
    this.files.close(file);
    this.cancel(file);
    this.uris.delete(file);
    this.versions.delete(file);
    if (this.untitled.delete(file)) {
      this.engine.forget(file);
      this.publish(document.uri, []);
      return;
    }
    if (this.scanned.has(file)) this.recheckScanned([file], 0);
    else {
      this.publish(document.uri, []);
      this.releaseFolder(path.dirname(file), [file]);
    }
    this.neighboursOf(file, 0);
  }

  notebookChanged(notebookUri: string): void {
    void this.notebookSettings(notebookUri).then((s) => this.schedule(notebookUri, s.debounceMs));
  }

  /** A notebook on disk has its folder's settings; an untitled one the window's. */
  private notebookSettings(notebookUri: string): Promise<FileSettings> {
    const file = uriToPath(notebookUri);
    return file ? this.settings.forFile(file) : this.settings.forUntitled();
  }

  notebookClosed(notebookUri: string): void {
    this.cancel(notebookUri);
    for (const cell of this.notebookCells.get(notebookUri) ?? []) this.publish(cell, []);
    this.notebookCells.delete(notebookUri);
  }

  /** A file changed on disk (watcher). Re-checks what depends on it. */
  diskChanged(file: string, deleted: boolean): void {
    this.files.invalidate(file);
    if (deleted) this.engine.forget(file);
    if (this.settings.fileChanged(file)) {
      this.recheckAll();
      return;
    }
    if (this.scanned.has(file) && !this.files.isOpen(file)) {
      if (deleted) {
        this.scanned.delete(file);
        this.publish(this.uriOf(file), []);
      } else this.recheckScanned([file], 0);
    }
    if (this.engine.adapterFor(file, '')?.affectsNeighbours?.(file)) this.neighboursOf(file, 0);
  }

  recheckAll(): void {
    for (const file of this.files.openFiles()) this.schedule(file, 0);
    this.recheckScanned(this.scanned, 0);
    for (const notebook of this.notebookCells.keys()) this.schedule(notebook, 0);
  }

  /**
   * Forgets what the engine and the folder cache hold for a folder none of whose documents is open
   * (a scan or a re-check of scanned files is done with it, or its last document was closed): it is
   * read again when needed. `analysed`: the files analysed there, besides the neighbours read.
   */
  releaseFolder(dir: string, analysed: Iterable<string>): void {
    if (this.files.openFiles().some((f) => path.dirname(f) === dir)) return;
    for (const file of new Set([...analysed, ...this.files.release(dir)])) this.engine.forget(file);
  }

  private recheckScanned(files: Iterable<string>, delay: number): void {
    for (const file of files) if (!this.files.isOpen(file)) this.scannedToRecheck.add(file);
    // A running re-check takes the new files in its next round.
    if (this.scannedToRecheck.size > 0 && !this.recheckingScanned) this.schedule(RECHECK_SCANNED, delay);
  }

  /**
   * Analyses the scanned files waiting for it the way the scan does: folder by folder, yielding
   * between files, each folder released once done. Scheduled file by file, a settings change
   * re-checking a large scanned workspace kept every file's trees (150 MB to 550 MB on the
   * benchmark workspace).
   */
  private async runScanned(): Promise<void> {
    this.recheckingScanned = true;
    try {
      while (this.scannedToRecheck.size > 0) {
        const round = filesByFolder(this.scannedToRecheck);
        this.scannedToRecheck.clear();
        for (const [dir, files] of round) {
          for (const file of files) {
            if (!this.scanned.has(file) || this.files.isOpen(file)) continue;
            await this.run(file);
            await new Promise((resolve) => setImmediate(resolve));
          }
          this.releaseFolder(dir, files);
        }
      }
    } finally {
      this.recheckingScanned = false;
    }
  }

  /**
   * The findings behind the diagnostics of a document or notebook cell (suppressed ones excluded),
   * for code actions. A file published by a scan and not open keeps only its diagnostics (a scan of
   * a large workspace would otherwise hold every finding and fix in memory): it is analysed again
   * when asked, which is also what opening it does.
   */
  async findingsFor(uri: string): Promise<Finding[]> {
    const kept = this.findings.get(uri);
    if (kept) return visible(kept);
    const file = uriToPath(uri);
    if (file === undefined || !this.scanned.has(file)) return [];
    const text = this.files.text(file);
    if (text === undefined) return [];
    const settings = await this.settings.forFile(file);
    if (!settings.enable || settings.excluded || Buffer.byteLength(text) > settings.maxFileSize) return [];
    const findings = this.engine.analyze({ path: file, text }, this.contextFor(settings), settings.rules, this.onRuleFailure).findings;
    this.releaseFolder(path.dirname(file), [file]);
    return visible(findings);
  }

  /**
   * The fix-all action of a document: for an open file or untitled document, in passes that analyse
   * the text with the previous pass's fixes applied (`fixAllInPasses`); for a notebook cell, one
   * pass. Nothing is published and nothing kept: the document's own analysis is untouched.
   */
  async fixAll(uri: string, findings: readonly Finding[]): Promise<CodeAction | undefined> {
    const file = [...this.uris].find(([, u]) => u === uri)?.[0] ?? uriToPath(uri);
    const text = file === undefined ? undefined : this.files.openText(file);
    if (file === undefined || text === undefined) return fixAllAction(findings, this.uriOf);
    const settings = await this.settingsFor(file);
    if (!settings.enable || settings.excluded) return undefined;
    const context = this.untitled.has(file) ? { folderFiles: () => [] } : this.contextFor(settings);
    return fixAllInPasses({ uri, text }, findings, (t) => this.engine.analyze({ path: file, text: t }, context, settings.rules).findings, this.uriOf);
  }

  /** Publishes the result of a scan for a file that is not open; its findings are not kept (see `findingsFor`). */
  publishScanned(file: string, findings: Finding[]): void {
    this.scanned.add(file);
    this.publish(this.uriOf(file), findings, undefined, false);
  }

  clearScanned(file: string): void {
    this.scanned.delete(file);
    if (!this.files.isOpen(file)) this.publish(this.uriOf(file), []);
  }

  setScanning(scanning: boolean): void {
    this.scanning = scanning;
    this.sendStatus();
  }

  /** Resolves once no analysis is scheduled or running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  /** An untitled document reads no folder, configuration file or neighbour. */
  private settingsFor(file: string): Promise<FileSettings> {
    return this.untitled.has(file) ? this.settings.forUntitled() : this.settings.forFile(file);
  }

  private debounced(file: string, withNeighbours: boolean): void {
    void this.settingsFor(file).then((s) => {
      this.schedule(file, s.debounceMs);
      if (withNeighbours && this.engine.adapterFor(file, '')?.affectsNeighbours?.(file)) this.neighboursOf(file, s.debounceMs);
    });
  }

  /** Open documents (and scanned files) of the same folder, which may read this one. */
  private neighboursOf(file: string, delay: number): void {
    const dir = path.dirname(file);
    const neighbour = (other: string): boolean => other !== file && path.dirname(other) === dir;
    for (const other of this.files.openFiles()) if (neighbour(other)) this.schedule(other, delay);
    this.recheckScanned([...this.scanned].filter(neighbour), delay);
  }

  private cancel(key: string): void {
    this.timers.get(key)?.();
    this.timers.delete(key);
  }

  private schedule(key: string, delay: number): void {
    this.cancel(key);
    const start = (): void => {
      this.timers.delete(key);
      // Documents are keyed by path (or untitled name), notebooks by URI.
      const notebook = this.notebooks.getNotebookDocument(key) !== undefined || this.notebookCells.has(key);
      const job = key === RECHECK_SCANNED ? this.runScanned() : notebook ? this.runNotebook(key) : this.run(key);
      const run = job.catch((error: unknown) => {
        this.connection.console.error(`sagemaker-lint: analysis of ${key} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      });
      this.running.add(run);
      this.sendStatus();
      void run.finally(() => {
        this.running.delete(run);
        this.sendStatus();
      });
    };
    // Without a debounce, run on the next turn: a 0 ms timeout waits at least 1 ms.
    if (delay > 0) {
      const timer = setTimeout(start, delay);
      this.timers.set(key, () => clearTimeout(timer));
    } else {
      const immediate = setImmediate(start);
      this.timers.set(key, () => clearImmediate(immediate));
    }
    this.sendStatus();
  }

  private async run(file: string): Promise<void> {
    const text = this.files.text(file);
    const version = this.versions.get(file);
    const uri = this.uriOf(file);
    if (text === undefined) {
      this.publish(uri, []);
      return;
    }
    const settings = await this.settingsFor(file);
    const open = this.files.isOpen(file);
    if (open && this.files.openText(file) !== text) return;
    let findings: Finding[] = [];
    if (settings.enable && !settings.excluded) {
      if (Buffer.byteLength(text) > settings.maxFileSize) {
        this.notice(`${file}: skipped, larger than the maximum file size (${settings.maxFileSize} bytes)`);
      } else {
        const context = this.untitled.has(file) ? { folderFiles: () => [] } : this.contextFor(settings);
        const result = this.engine.analyze({ path: file, text }, context, settings.rules, this.onRuleFailure);
        for (const notice of result.notices) this.notice(notice);
        findings = result.findings;
      }
    }
    if (!open && !this.scanned.has(file)) return;
    this.publish(uri, findings, open ? version : undefined, open);
  }

  private async runNotebook(notebookUri: string): Promise<void> {
    const notebook = this.notebooks.getNotebookDocument(notebookUri);
    if (!notebook) return;
    const settings = await this.notebookSettings(notebookUri);
    const cells = notebook.cells.flatMap((cell) => {
      const document = this.notebooks.getCellTextDocument(cell);
      const code = cell.kind === NotebookCellKind.Code && (document?.languageId ?? 'python') === 'python';
      return code ? [{ uri: cell.document, text: document?.getText() ?? '' }] : [];
    });
    const byCell = new Map<string, Finding[]>(notebook.cells.map((c) => [c.document, []]));
    if (settings.enable && !settings.excluded) {
      for (const [cell, findings] of analyzeNotebook(cells, this.contextFor(settings), settings.rules)) byCell.set(cell, findings);
    }
    if (this.notebooks.getNotebookDocument(notebookUri)?.version !== notebook.version) return;
    for (const stale of this.notebookCells.get(notebookUri) ?? []) if (!byCell.has(stale)) this.publish(stale, []);
    this.notebookCells.set(notebookUri, [...byCell.keys()]);
    for (const [cell, findings] of byCell) this.publish(cell, findings);
  }

  /** `keep`: the findings stay for code actions (open documents and cells); a scanned file's are found again when asked. */
  private publish(uri: string, findings: Finding[], version?: number, keep = true): void {
    if (keep && findings.length > 0) this.findings.set(uri, findings);
    else this.findings.delete(uri);
    const diagnostics: Diagnostic[] = visible(findings).map((f) => toDiagnostic(f, this.uriOf));
    if (diagnostics.length > 0) this.problems.set(uri, diagnostics.length);
    else this.problems.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics, ...(version !== undefined ? { version } : {}) });
    this.sendStatus();
  }

  private notice(message: string): void {
    if (this.reportedNotices.has(message)) return;
    this.reportedNotices.add(message);
    this.connection.console.info(`sagemaker-lint: ${message}`);
  }

  private sendStatus(): void {
    let problems = 0;
    for (const n of this.problems.values()) problems += n;
    const status: StatusParams = { busy: this.scanning || this.timers.size > 0 || this.running.size > 0, problems, files: this.problems.size };
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    void this.connection.sendNotification('sagemakerLint/status', status);
  }
}
