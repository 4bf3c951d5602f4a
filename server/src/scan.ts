import * as path from 'path';
import picomatch from 'picomatch';
import type { WorkDoneProgressReporter } from 'vscode-languageserver';
import { materializeFixes } from '../../shared-rules/src/analyze';
import { sarifReporter } from '../../shared-rules/src/cli/format-sarif';
import { sortFindings } from '../../shared-rules/src/cli/reporter';
import { walk } from '../../shared-rules/src/cli/walk';
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
}

export interface ScanResult {
  summary: ScanSummary;
  /** Every finding, suppressed ones included (SARIF keeps them). */
  findings: Finding[];
  notices: string[];
  /** Files an adapter analysed. */
  analysed: string[];
}

/**
 * Scans every workspace folder in the server: lists files the way the CLI does (`.gitignore`,
 * config excludes) plus `files.exclude`, analyses them with progress, yields to the event loop so
 * that cancellation arrives, and publishes diagnostics for the files that are not open.
 */
export async function scanWorkspace(options: ScanOptions): Promise<ScanResult> {
  const { engine, files, settings, documents, isCancelled, progress } = options;
  progress.begin('SageMaker Lint: scanning workspace', 0, 'listing files…', true);
  const notices: string[] = [];
  const candidates: string[] = [];
  for (const folder of options.folders) {
    const exclude = options.filesExclude(folder);
    const filesExcluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
    const listed = walk(folder, {
      isExcluded: (p) => filesExcluded(toPosix(path.relative(folder, p))),
      notice: (m) => notices.push(m),
    });
    candidates.push(...listed.filter((f) => CANDIDATE.test(f)));
    if (isCancelled()) break;
  }
  const findings: Finding[] = [];
  const withProblems = new Set<string>();
  const previouslyScanned = new Set(documents.scanned);
  let problems = 0;
  const analysed: string[] = [];
  let lastYield = Date.now();
  let lastReport = 0;
  for (let i = 0; i < candidates.length; i++) {
    if (isCancelled()) break;
    const file = candidates[i];
    if (Date.now() - lastReport > 100 || i === 0) {
      progress.report(Math.floor((i / candidates.length) * 100), `${i + 1}/${candidates.length} ${relativeTo(options.folders, file)}`);
      lastReport = Date.now();
    }
    if (Date.now() - lastYield > 15) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = Date.now();
      if (isCancelled()) break;
    }
    const fileSettings = await settings.forFile(file);
    if (!fileSettings.enable || fileSettings.excluded) continue;
    const text = files.isOpen(file) ? files.openText(file) : readText(file, fileSettings.maxFileSize);
    if (text === undefined) continue;
    const adapter = engine.adapterFor(file, text);
    if (!adapter || adapter.isContext?.(file)) continue;
    analysed.push(file);
    const result = engine.analyze({ path: file, text }, documents.contextFor(fileSettings), fileSettings.rules, documents.onRuleFailure);
    // The findings of every scanned file are kept (code actions, SARIF): unread lazy fixes would keep
    // each file's whole analysis alive with them, about four times the memory of the fixes themselves.
    materializeFixes(result.findings);
    notices.push(...result.notices);
    findings.push(...result.findings);
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
  const cancelled = isCancelled();
  if (!cancelled) for (const stale of previouslyScanned) documents.clearScanned(stale);
  for (const notice of notices) options.log(notice);
  progress.done();
  return { summary: { problems, files: withProblems.size, scanned: analysed.length, cancelled }, findings, notices, analysed };
}

/** The scan as SARIF, exactly as `sagemaker-lint scan --format sarif` writes it when run in `root`. */
export function scanToSarif(result: ScanResult, root: string, version: string): string {
  const reporter = sarifReporter(root, version);
  // The CLI reports folder by folder in path order; group the same way so both write the same document.
  const byFolder = new Map<string, typeof result.findings>();
  for (const f of result.findings) {
    const dir = path.dirname(f.file);
    byFolder.set(dir, [...(byFolder.get(dir) ?? []), f]);
  }
  const folders = [...byFolder.keys()].sort();
  return (
    reporter.begin() +
    folders.map((dir) => reporter.folder(sortFindings(byFolder.get(dir) ?? []))).join('') +
    reporter.end({ notices: result.notices, filesAnalysed: result.analysed.length })
  );
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function relativeTo(folders: string[], file: string): string {
  const folder = folders.find((f) => file.startsWith(f + path.sep));
  return folder ? toPosix(path.relative(folder, file)) : file;
}
