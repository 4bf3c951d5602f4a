import * as path from 'path';
import picomatch from 'picomatch';
import type { WorkDoneProgressReporter } from 'vscode-languageserver';
import { sarifReporter } from '../../shared-rules/src/cli/format-sarif';
import { sortFindings } from '../../shared-rules/src/cli/reporter';
import { filesByFolder, walk } from '../../shared-rules/src/cli/walk';
import type { Engine } from '../../shared-rules/src/engine';
import type { Finding } from '../../shared-rules/src/model';
import type { DocumentAnalysis } from './documents';
import type { ScanSummary } from './protocol';
import type { Settings } from './settings';
import type { WorkspaceFiles } from './workspace-files';
import { readText } from './workspace-files';

/** File names an adapter may claim; the rest of the workspace is never opened. */
const CANDIDATE = /\.(tf|tfvars|py|ipynb|ya?ml|json|template)$/i;

export interface ScanOptions {
  folders: string[];
  /** `files.exclude` globs of each folder (relative to it). */
  filesExclude: (folder: string) => string[];
  engine: Engine;
  files: WorkspaceFiles;
  settings: Settings;
  documents: DocumentAnalysis;
  isCancelled: () => boolean;
  progress: WorkDoneProgressReporter;
  log: (message: string) => void;
  /** Write the scan as SARIF too, exactly as `sagemaker-lint scan --format sarif` run in `root` would. */
  sarif?: { root: string; version: string };
}

export interface ScanResult {
  summary: ScanSummary;
  notices: string[];
  /** Files an adapter analysed. */
  analysed: string[];
  /** The SARIF document, when asked for. */
  sarif?: string;
}

/**
 * Scans every workspace folder in the server: lists files the way the CLI does (`.gitignore`,
 * config excludes) plus `files.exclude`, analyses them folder by folder with progress, yields to
 * the event loop so that cancellation arrives, and publishes diagnostics for the files that are
 * not open. Nothing of a finished folder stays in memory but its diagnostics (and its SARIF text
 * when exporting): the engine forgets its files and the folder's texts are dropped, unless a
 * document of the folder is open, whose analysis reads them while the user types.
 */
export async function scanWorkspace(options: ScanOptions): Promise<ScanResult> {
  const { engine, files, settings, documents, isCancelled, progress } = options;
  progress.begin('SageMaker Lint: scanning workspace', 0, 'listing files…', true);
  const notices: string[] = [];
  const listed = new Set<string>();
  for (const folder of options.folders) {
    const exclude = options.filesExclude(folder);
    const filesExcluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
    const found = walk(folder, {
      isExcluded: (p) => filesExcluded(toPosix(path.relative(folder, p))),
      notice: (m) => notices.push(m),
    });
    for (const f of found) if (CANDIDATE.test(f)) listed.add(f);
    if (isCancelled()) break;
  }
  // Folder by folder in path order, as the CLI reports (and orders its notices).
  const folders = filesByFolder(listed);
  const total = listed.size;
  const reporter = options.sarif ? sarifReporter(options.sarif.root, options.sarif.version) : undefined;
  const sarif: string[] = reporter ? [reporter.begin()] : [];
  const withProblems = new Set<string>();
  const previouslyScanned = new Set(documents.scanned);
  let problems = 0;
  const analysed: string[] = [];
  let lastYield = Date.now();
  let lastReport = 0;
  let done = 0;
  scan: for (const [dir, folderFiles] of folders) {
    const folderFindings: Finding[] = [];
    try {
      for (const file of folderFiles) {
        if (isCancelled()) break scan;
        if (Date.now() - lastReport > 100 || done === 0) {
          progress.report(Math.floor((done / total) * 100), `${done + 1}/${total} ${relativeTo(options.folders, file)}`);
          lastReport = Date.now();
        }
        done++;
        if (Date.now() - lastYield > 15) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
          if (isCancelled()) break scan;
        }
        const fileSettings = await settings.forFile(file);
        if (!fileSettings.enable || fileSettings.excluded) continue;
        const text = files.isOpen(file) ? files.openText(file) : readText(file, fileSettings.maxFileSize);
        if (text === undefined) continue;
        const adapter = engine.adapterFor(file, text);
        if (!adapter || adapter.isContext?.(file)) continue;
        analysed.push(file);
        const result = engine.analyze({ path: file, text }, documents.contextFor(fileSettings), fileSettings.rules, documents.onRuleFailure);
        notices.push(...result.notices);
        if (reporter) folderFindings.push(...result.findings);
        const shown = result.findings.filter((f) => !f.suppressed).length;
        if (shown > 0) {
          problems += shown;
          withProblems.add(file);
        }
        previouslyScanned.delete(file);
        if (!files.isOpen(file)) {
          if (shown > 0) documents.publishScanned(file, result.findings);
          else documents.clearScanned(file);
        }
      }
      // Fixes are read here, while the folder's analysis is still at hand.
      if (reporter && folderFindings.length > 0) sarif.push(reporter.folder(sortFindings(folderFindings)));
    } finally {
      documents.releaseFolder(dir, folderFiles);
    }
  }
  const cancelled = isCancelled();
  if (!cancelled) for (const stale of previouslyScanned) documents.clearScanned(stale);
  for (const notice of notices) options.log(notice);
  progress.done();
  if (reporter) sarif.push(reporter.end({ notices, filesAnalysed: analysed.length }));
  return { summary: { problems, files: withProblems.size, scanned: analysed.length, cancelled }, notices, analysed, ...(reporter && !cancelled ? { sarif: sarif.join('') } : {}) };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function relativeTo(folders: string[], file: string): string {
  const folder = folders.find((f) => file.startsWith(f + path.sep));
  return folder ? toPosix(path.relative(folder, file)) : file;
}
