/** Names and payloads shared by the language server and the VS Code client. */

export const COMMAND_SCAN_WORKSPACE = 'sagemakerLint.scanWorkspace';
export const COMMAND_EXPORT_SARIF = 'sagemakerLint.exportSarif';
export const FIX_ALL_KIND = 'source.fixAll.sagemaker-lint';
export const DIAGNOSTIC_SOURCE = 'sagemaker-lint';

/** Arguments of `sagemakerLint.scanWorkspace` (all optional; other clients may send none). */
export interface ScanArguments {
  /** `files.exclude` globs (switched on) per workspace folder URI, or for every folder under `*`. */
  filesExclude?: Record<string, string[]>;
}

export interface ScanSummary {
  problems: number;
  files: number;
  scanned: number;
  cancelled: boolean;
}

/**
 * Result of `sagemakerLint.exportSarif`: it scans like `scanWorkspace` (same arguments, progress
 * and diagnostics) and returns the CLI's SARIF for the workspace; undefined when cancelled.
 */
export interface SarifExport {
  summary: ScanSummary;
  sarif: string;
}

/** Sent by the server whenever its busy state or the number of published problems changes. */
export const STATUS_NOTIFICATION = 'sagemakerLint/status';

export interface StatusParams {
  busy: boolean;
  problems: number;
  files: number;
}

/** What the client says about itself in `initializationOptions`. */
export interface InitializationOptions {
  /**
   * The client registers the user-facing commands itself and sends the requests directly, so
   * the server must not advertise them (vscode-languageclient would register them a second time).
   */
  clientOwnsCommands?: boolean;
}
