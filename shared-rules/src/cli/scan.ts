import * as fs from 'fs';
import * as path from 'path';
import type { LintConfig } from '../config';
import { DEFAULT_CONFIG, findConfigFile, isExcluded, parseLintConfig } from '../config';
import type { SdkConfig } from '../sdk-config';
import { loadSdkConfigs } from '../sdk-config';
import type { FolderJob } from './analyze-folder';
import { filesByFolder, walk } from './walk';

/** A problem with the command line or a configuration file: exit 2, one line. */
export class UsageError extends Error {}

export interface ScanRequest {
  paths: string[];
  cwd: string;
  /** `--config FILE`: one configuration for every file, instead of the nearest per folder. */
  configFile?: string;
  /** Keep each finding's fixes (SARIF writes them; text and JSON do not). */
  keepFixes?: boolean;
  /** Text and JSON reports: workers render each folder's part (see `FolderJob.render`). */
  render?: FolderJob['render'];
  /** CloudFormation parameter values for one deployment (`--parameter KEY=VALUE`). */
  parameters?: Record<string, string>;
  /** Called with the number of files found so far while the folders are walked. */
  progress?(files: number): void;
}

export interface ScanPlan {
  jobs: FolderJob[];
  notices: string[];
}

/**
 * Resolves the paths to scan into per-folder jobs, each with its configuration applied.
 * Configuration errors (and missing paths) throw `UsageError` before anything is analysed.
 */
export function planScan(request: ScanRequest): ScanPlan {
  const notices: string[] = [];
  const configs = new ConfigResolver(request);
  const files = new Set<string>();
  for (const target of request.paths.length > 0 ? request.paths : ['.']) {
    const abs = path.resolve(request.cwd, target);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new UsageError(`path not found: ${target}`);
    }
    if (stat.isDirectory()) {
      const before = files.size;
      const progress = request.progress ? (n: number) => request.progress?.(before + n) : undefined;
      for (const f of walk(abs, { isExcluded: (p) => isExcluded(configs.forDir(path.dirname(p)), p), notice: (m) => notices.push(m), ...(progress ? { progress } : {}) })) files.add(f);
    } else {
      files.add(abs);
    }
  }
  const jobs: FolderJob[] = [];
  for (const [dir, list] of filesByFolder(files)) {
    const config = configs.forDir(dir);
    const sdkConfig = configs.sdkConfigFor(config);
    jobs.push({ dir, files: list, rules: config.rules, maxFileSize: config.maxFileSize, keepFixes: request.keepFixes ?? true, ...(request.render ? { render: request.render } : {}), ...(sdkConfig ? { sdkConfig } : {}), ...(request.parameters ? { parameters: request.parameters } : {}) });
  }
  return { jobs, notices };
}

/** The nearest `.sagemaker-lint.yaml` per folder (or the `--config` file), parsed once each. */
class ConfigResolver {
  private readonly byDir = new Map<string, LintConfig>();
  private readonly byFile = new Map<string, LintConfig>();
  private readonly sdk = new Map<LintConfig, SdkConfig | undefined>();
  private readonly forced: LintConfig | undefined;
  private readonly root: string;

  constructor(request: ScanRequest) {
    this.root = repositoryRoot(request.cwd);
    if (request.configFile) {
      const file = path.resolve(request.cwd, request.configFile);
      if (!fs.existsSync(file)) throw new UsageError(`config file not found: ${request.configFile}`);
      this.forced = this.load(file);
    }
  }

  forDir(dir: string): LintConfig {
    if (this.forced) return this.forced;
    let config = this.byDir.get(dir);
    if (config) return config;
    const inside = !path.relative(this.root, dir).startsWith('..');
    // The nearest file up to the root: this folder's own, else its parent's answer (asked once per folder).
    const own = findConfigFile(dir, dir, (p) => isFile(p));
    const parent = path.dirname(dir);
    if (own) config = this.load(own);
    else if (inside && dir !== this.root && parent !== dir) config = this.forDir(parent);
    else config = DEFAULT_CONFIG;
    this.byDir.set(dir, config);
    return config;
  }

  sdkConfigFor(config: LintConfig): SdkConfig | undefined {
    if (config.sagemakerConfig.length === 0) return undefined;
    if (this.sdk.has(config)) return this.sdk.get(config);
    const loaded = loadSdkConfigs(config.sagemakerConfig, config.file ?? 'configuration');
    if ('error' in loaded) throw new UsageError(loaded.error);
    const merged = loaded.config;
    this.sdk.set(config, merged);
    return merged;
  }

  private load(file: string): LintConfig {
    let config = this.byFile.get(file);
    if (config) return config;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw new UsageError(`${file}: cannot read configuration file`);
    }
    const parsed = parseLintConfig(text, file);
    if ('error' in parsed) throw new UsageError(parsed.error);
    config = parsed.config;
    this.byFile.set(file, config);
    return config;
  }
}

/** Where configuration lookup stops: the enclosing repository (folder with `.git`), else `cwd`. */
function repositoryRoot(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
