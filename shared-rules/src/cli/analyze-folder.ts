import * as fs from 'fs';
import * as path from 'path';
import type { RuleSettings } from '../analyze';
import { materializeFixes } from '../analyze';
import type { AnalysisContext, DialectAdapter, SourceText } from '../dialect';
import type { Engine } from '../engine';
import type { Finding } from '../model';
import type { SdkConfig } from '../sdk-config';
import { describe } from './walk';

/** The unit of scan work: the files of one folder (Terraform reads a folder as one module). */
export interface FolderJob {
  dir: string;
  /** Absolute paths, sorted. */
  files: string[];
  rules: RuleSettings;
  maxFileSize: number;
  sdkConfig?: SdkConfig;
  /** `--parameter KEY=VALUE`: CloudFormation parameter values that override the templates' defaults. */
  parameters?: Record<string, string>;
  /** Only SARIF reports fixes: other formats never compute them (they are computed when first read). */
  keepFixes: boolean;
}

export interface FolderResult {
  dir: string;
  findings: Finding[];
  notices: string[];
  /** Files an adapter analysed (context-only files such as `.tfvars` excluded). */
  analysed: string[];
}

const SNIFF_BYTES = 64 * 1024;

type Read = { kind: 'text'; source: SourceText } | { kind: 'too-large'; size: number } | { kind: 'binary' } | { kind: 'unreadable'; reason: string };

/** Reads a file as text: binary files (NUL bytes in the first 8 KB, as git judges) are skipped unread, invalid UTF-8 is decoded leniently. */
function readText(file: string, maxFileSize: number): Read {
  try {
    const size = fs.statSync(file).size;
    if (size > maxFileSize) return { kind: 'too-large', size };
    const fd = fs.openSync(file, 'r');
    let bytes: Buffer;
    try {
      const probe = Buffer.alloc(Math.min(size, 8000));
      const n = fs.readSync(fd, probe, 0, probe.length, 0);
      if (probe.subarray(0, n).includes(0)) return { kind: 'binary' };
      bytes = n < probe.length || size <= probe.length ? probe.subarray(0, n) : fs.readFileSync(file);
    } finally {
      fs.closeSync(fd);
    }
    return { kind: 'text', source: { path: file, text: new TextDecoder('utf-8').decode(bytes) } };
  } catch (error) {
    return { kind: 'unreadable', reason: describe(error) };
  }
}

function head(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const n = fs.readSync(fd, buffer, 0, SNIFF_BYTES, 0);
    return new TextDecoder('utf-8').decode(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

/** Analyses one folder's files. Never throws for bad input: problems become notices. */
export function analyzeFolder(engine: Engine, job: FolderJob): FolderResult {
  const result: FolderResult = { dir: job.dir, findings: [], notices: [], analysed: [] };
  const reads = new Map<string, Read>();
  const read = (file: string): Read => {
    let r = reads.get(file);
    if (!r) {
      r = readText(file, job.maxFileSize);
      reads.set(file, r);
    }
    return r;
  };
  const neighbours = new Map<DialectAdapter, SourceText[]>();
  const contextFor = (adapter: DialectAdapter): AnalysisContext => ({
    folderFiles: (dir: string) => {
      if (path.resolve(dir) !== job.dir) return folderFilesOutside(dir, adapter, job.maxFileSize);
      let list = neighbours.get(adapter);
      if (!list) {
        list = listFolder(job.dir)
          .map(read)
          .filter((r): r is Extract<Read, { kind: 'text' }> => r.kind === 'text')
          .map((r) => r.source)
          .filter((s) => adapter.claims(s.path, s.text));
        neighbours.set(adapter, list);
      }
      return list;
    },
    ...(job.sdkConfig ? { sdkConfig: job.sdkConfig } : {}),
    ...(job.parameters ? { parameters: job.parameters } : {}),
  });

  for (const file of job.files) {
    const r = read(file);
    if (r.kind === 'too-large') {
      if (claimedBy(engine, file)) result.notices.push(`${file}: skipped, ${formatSize(r.size)} is above maxFileSize (${formatSize(job.maxFileSize)})`);
      continue;
    }
    if (r.kind === 'unreadable') {
      result.notices.push(`${file}: cannot read (${r.reason}); skipped`);
      continue;
    }
    if (r.kind === 'binary') continue;
    const adapter = engine.adapterFor(file, r.source.text);
    if (!adapter || adapter.isContext?.(file)) continue;
    const analysis = engine.analyze(r.source, contextFor(adapter), job.rules, (failure) =>
      result.notices.push(`${file}: rule ${failure.ruleId} failed on ${failure.resource} (${describe(failure.error)})`),
    );
    result.analysed.push(file);
    // Fixes go to the reporter as plain data: computed here (in the worker) only for SARIF.
    if (job.keepFixes) materializeFixes(analysis.findings);
    else for (const f of analysis.findings) f.fixes = [];
    result.findings.push(...analysis.findings);
    result.notices.push(...analysis.notices);
  }
  for (const file of reads.keys()) engine.forget(file);
  return result;
}

/** Whether an adapter would read a file, judged by its first bytes (it is too large to read whole). */
function claimedBy(engine: Engine, file: string): boolean {
  try {
    return engine.adapterFor(file, head(file)) !== undefined;
  } catch {
    return false;
  }
}

function listFolder(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() || (e.isSymbolicLink() && isFile(path.join(dir, e.name))))
      .map((e) => path.join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function folderFilesOutside(dir: string, adapter: DialectAdapter, maxFileSize: number): SourceText[] {
  return listFolder(path.resolve(dir))
    .map((f) => readText(f, maxFileSize))
    .filter((r): r is Extract<Read, { kind: 'text' }> => r.kind === 'text')
    .map((r) => r.source)
    .filter((s) => adapter.claims(s.path, s.text));
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
}
