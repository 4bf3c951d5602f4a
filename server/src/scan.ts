import * as fs from 'fs';
import * as path from 'path';
import type { Ignore } from 'ignore';
import ignore from 'ignore';
import picomatch from 'picomatch';
import type { WorkDoneProgressReporter } from 'vscode-languageserver';
import type { Engine } from '../../shared-rules/src/engine';
import type { Finding } from '../../shared-rules/src/model';
import type { DocumentAnalysis } from './documents';
import type { ScanSummary } from './protocol';
import type { Settings } from './settings';
import type { WorkspaceFiles } from './workspace-files';
import { readText } from './workspace-files';

/** File names worth reading: the rest of the workspace is never opened. */
const CANDIDATE = /\.(tf|tfvars|py|ya?ml|json|template|ipynb)$/i;
/** Folders no user wants scanned: VCS data, installed packages, Terraform's module cache. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.terraform']);

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
}

export interface ScanResult {
  summary: ScanSummary;
  /** Every finding, suppressed ones included (SARIF keeps them). */
  findings: Finding[];
}

/**
 * Scans every workspace folder in the server: lists candidate files honouring `files.exclude`,
 * `.gitignore` and the config's excludes, analyses them with progress, yields to the event loop
 * so that cancellation arrives, and publishes diagnostics for the files that are not open.
 */
export async function scanWorkspace(options: ScanOptions): Promise<ScanResult> {
  const { engine, files, settings, documents, isCancelled, progress } = options;
  progress.begin('SageMaker Lint: scanning workspace', 0, 'listing files…', true);
  const candidates: string[] = [];
  for (const folder of options.folders) {
    const exclude = options.filesExclude(folder);
    const isExcluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
    await listFiles(folder, folder, [], isExcluded, candidates, isCancelled);
  }
  const findings: Finding[] = [];
  const withProblems = new Set<string>();
  const previouslyScanned = new Set(documents.scanned);
  let problems = 0;
  let scanned = 0;
  let lastYield = Date.now();
  let lastReport = 0;
  for (let i = 0; i < candidates.length; i++) {
    if (isCancelled()) break;
    const file = candidates[i];
    const percentage = Math.floor((i / Math.max(1, candidates.length)) * 100);
    if (Date.now() - lastReport > 100 || i === 0) {
      progress.report(percentage, `${i + 1}/${candidates.length} ${relativeTo(options.folders, file)}`);
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
    scanned++;
    const result = engine.analyze({ path: file, text }, documents.context, fileSettings.rules, documents.onRuleFailure);
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
  progress.done();
  return { summary: { problems, files: withProblems.size, scanned, cancelled }, findings };
}

async function listFiles(root: string, dir: string, gitignores: { dir: string; rules: Ignore }[], isExcluded: (rel: string) => boolean, out: string[], isCancelled: () => boolean): Promise<void> {
  if (isCancelled()) return;
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const gitignore = readText(path.join(dir, '.gitignore'));
  const rules = gitignore !== undefined ? [...gitignores, { dir, rules: ignore().add(gitignore) }] : gitignores;
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const isDir = entry.isDirectory();
    if (isDir && ALWAYS_SKIPPED.has(entry.name)) continue;
    if (!isDir && !(entry.isFile() && CANDIDATE.test(entry.name))) continue;
    const rel = toPosix(path.relative(root, full));
    if (isExcluded(rel)) continue;
    if (rules.some((g) => g.rules.ignores(toPosix(path.relative(g.dir, full)) + (isDir ? '/' : '')))) continue;
    if (isDir) await listFiles(root, full, rules, isExcluded, out, isCancelled);
    else out.push(full);
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function relativeTo(folders: string[], file: string): string {
  const folder = folders.find((f) => file.startsWith(f + path.sep));
  return folder ? toPosix(path.relative(folder, file)) : file;
}
