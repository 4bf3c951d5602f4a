import type { CodeAction, InitializeResult } from 'vscode-languageserver';
import { WorkDoneProgressReporter } from 'vscode-languageserver';
import { CodeActionKind, DidChangeWatchedFilesNotification, FileChangeType, NotebookDocuments, ProposedFeatures, TextDocuments, TextDocumentSyncKind, createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import { Engine } from '../../shared-rules/src/engine';
import { quickFixes, wantsFixAll } from './code-actions';
import { DocumentAnalysis } from './documents';
import type { InitializationOptions, SarifExport, ScanArguments, ScanSummary } from './protocol';
import { COMMAND_EXPORT_SARIF, COMMAND_SCAN_WORKSPACE, FIX_ALL_KIND } from './protocol';
import { scanWorkspace } from './scan';
import { Settings } from './settings';
import { pathToUri, uriToPath } from './uris';
import { WorkspaceFiles } from './workspace-files';

// `createConnection` picks the transport from argv: --stdio, --node-ipc or --socket=N.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const notebooks = new NotebookDocuments(TextDocument);

/** Runs a handler and logs what it throws: no request or notification may take the server down. */
function guarded<A extends unknown[], R>(name: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      connection.console.error(`sagemaker-lint: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
}

process.on('uncaughtException', (error) => connection.console.error(`sagemaker-lint: uncaught ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`sagemaker-lint: unhandled rejection ${String(reason)}`));

let analysis: DocumentAnalysis | undefined;
let engine: Engine | undefined;
let files: WorkspaceFiles | undefined;
let settings: Settings | undefined;
let canAskConfiguration = false;
let canWatchFiles = false;
let canShowProgress = false;
let initOptions: InitializationOptions = {};
const engineReady = Engine.create();

connection.onInitialize(async (params): Promise<InitializeResult> => {
  engine = await engineReady;
  const readyEngine = engine;
  canAskConfiguration = params.capabilities.workspace?.configuration === true;
  canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  canShowProgress = params.capabilities.window?.workDoneProgress === true;
  initOptions = (params.initializationOptions ?? {}) as InitializationOptions;
  files = new WorkspaceFiles(
    (f) => readyEngine.adapterFor(f, '') !== undefined,
    () => 4 * 1024 * 1024,
  );
  settings = new Settings(connection, () => canAskConfiguration, (configFile, diagnostics) => void connection.sendDiagnostics({ uri: pathToUri(configFile), diagnostics }));
  const folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((f): f is string => f !== undefined);
  if (folders.length === 0 && params.rootUri) {
    const root = uriToPath(params.rootUri);
    if (root) folders.push(root);
  }
  settings.setFolders(folders);
  analysis = new DocumentAnalysis(connection, engine, files, settings, notebooks);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      notebookDocumentSync: { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }] },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      executeCommandProvider: { commands: initOptions.clientOwnsCommands ? [] : [COMMAND_SCAN_WORKSPACE, COMMAND_EXPORT_SARIF] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'sagemaker-lint', version },
  };
});

connection.onInitialized(
  guarded('initialized', undefined, async () => {
    if (canWatchFiles) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{tf,tfvars,py,yaml,yml,json,template,ipynb}' }, { globPattern: '**/.sagemaker-lint.{yaml,yml}' }],
      });
    }
    if (connection.workspace) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guarded('workspace folders', undefined, async () => {
          const current = (await connection.workspace.getWorkspaceFolders()) ?? [];
          settings?.setFolders(current.map((f) => uriToPath(f.uri)).filter((f): f is string => f !== undefined));
          analysis?.recheckAll();
        }),
      );
    }
  }),
);

connection.onDidChangeConfiguration(
  guarded('configuration change', undefined, () => {
    settings?.editorChanged();
    analysis?.recheckAll();
  }),
);

connection.onDidChangeWatchedFiles(
  guarded('watched files', undefined, (params) => {
    for (const change of params.changes) {
      const file = uriToPath(change.uri);
      if (file) analysis?.diskChanged(file, change.type === FileChangeType.Deleted);
    }
  }),
);

documents.onDidOpen(guarded('open', undefined, (e) => analysis?.opened(e.document)));
documents.onDidChangeContent(guarded('change', undefined, (e) => analysis?.changed(e.document)));
documents.onDidClose(guarded('close', undefined, (e) => analysis?.closed(e.document)));
notebooks.onDidOpen(guarded('notebook open', undefined, (n) => analysis?.notebookChanged(n.uri)));
notebooks.onDidChange(guarded('notebook change', undefined, (e) => analysis?.notebookChanged(e.notebookDocument.uri)));
notebooks.onDidClose(guarded('notebook close', undefined, (n) => analysis?.notebookClosed(n.uri)));

connection.onCodeAction(
  guarded('code actions', [] as CodeAction[], async (params) => {
    if (!analysis) return [];
    const uri = params.textDocument.uri;
    const findings = await analysis.findingsFor(uri);
    const fixAll = wantsFixAll(params) ? await analysis.fixAll(uri, findings) : undefined;
    return quickFixes(params, findings, analysis.uriOf, fixAll);
  }),
);

connection.onExecuteCommand(
  guarded('command', undefined as ScanSummary | SarifExport | undefined, async (params, token, workDoneProgress?: WorkDoneProgressReporter) => {
    if (!analysis || !engine || !files || !settings) return undefined;
    if (params.command !== COMMAND_SCAN_WORKSPACE && params.command !== COMMAND_EXPORT_SARIF) throw new Error(`unknown command ${params.command}`);
    const args = (params.arguments?.[0] ?? {}) as ScanArguments;
    // A client that sent no progress token gets server-initiated progress, cancellable from its UI.
    let progress = workDoneProgress ?? connection.window.attachWorkDoneProgress(undefined);
    let cancelled = () => token.isCancellationRequested;
    if (WorkDoneProgressReporter.isNullInstance(progress) && canShowProgress) {
      const created = await connection.window.createWorkDoneProgress();
      progress = created;
      cancelled = () => token.isCancellationRequested || created.token.isCancellationRequested;
    }
    analysis.setScanning(true);
    try {
      const result = await scanWorkspace({
        folders: settings.workspaceFolders(),
        filesExclude: (folder) => Object.entries(args.filesExclude ?? {}).find(([key]) => key === '*' || uriToPath(key) === folder)?.[1] ?? [],
        engine,
        files,
        settings,
        documents: analysis,
        isCancelled: cancelled,
        progress,
        log: (m) => connection.console.info(`sagemaker-lint: ${m}`),
        ...(params.command === COMMAND_EXPORT_SARIF ? { sarif: { root: settings.workspaceFolders()[0] ?? process.cwd(), version } } : {}),
      });
      if (params.command === COMMAND_EXPORT_SARIF) return result.sarif === undefined ? undefined : { summary: result.summary, sarif: result.sarif };
      return result.summary;
    } finally {
      analysis.setScanning(false);
    }
  }),
);

documents.listen(connection);
notebooks.listen(connection);
connection.listen();
