import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { RuleSettings } from '../../shared-rules/src/analyze';
import type { Severity } from '../../shared-rules/src/model';
import type { LintConfig } from '../../shared-rules/src/config';
import { CONFIG_FILE_NAMES, DEFAULT_CONFIG, findConfigFile, isExcluded, parseLintConfigDetailed } from '../../shared-rules/src/config';
import type { SdkConfig } from '../../shared-rules/src/sdk-config';
import { loadSdkConfigs } from '../../shared-rules/src/sdk-config';
import { DIAGNOSTIC_SOURCE } from './protocol';
import { isInside, pathToUri } from './uris';
import { readText } from './workspace-files';

/** The `sagemakerLint.*` settings of one workspace folder, as the client sends them. */
export interface EditorSettings {
  enable: boolean;
  /** Per rule id: `default` defers to `.sagemaker-lint.yaml` and the rule's own severity. */
  rules: Record<string, Severity | 'off' | 'default'>;
  exclude: string[];
  /** Bytes; 0 defers to `.sagemaker-lint.yaml`. */
  maxFileSize: number;
  debounceMs: number;
}

export const DEFAULT_EDITOR_SETTINGS: EditorSettings = { enable: true, rules: {}, exclude: [], maxFileSize: 0, debounceMs: 200 };

/** What applies to one file: editor settings over the nearest config file over the defaults. */
export interface FileSettings {
  enable: boolean;
  rules: RuleSettings;
  excluded: boolean;
  maxFileSize: number;
  debounceMs: number;
  configFile?: string;
  /** SageMaker SDK defaults named by the config file's `sagemakerConfig`. */
  sdkConfig?: SdkConfig;
}

/**
 * Settings per workspace folder (never one global that a folder overwrites), merged with the
 * nearest `.sagemaker-lint.yaml`. Both are cached until the client or the file watcher says
 * they changed. An invalid config file yields one diagnostic on it and the defaults.
 */
export class Settings {
  private folders: string[] = [];
  private readonly editor = new Map<string, Promise<EditorSettings>>();
  private readonly configs = new Map<string, { config: LintConfig; sdkConfig?: SdkConfig; diagnostic?: Diagnostic }>();

  constructor(
    private readonly connection: Connection,
    private readonly canAskClient: () => boolean,
    private readonly onConfigDiagnostics: (configFile: string, diagnostics: Diagnostic[]) => void,
  ) {}

  setFolders(folders: string[]): void {
    this.folders = [...folders].sort((a, b) => b.length - a.length);
    this.editor.clear();
  }

  workspaceFolders(): string[] {
    return [...this.folders];
  }

  /** The innermost workspace folder holding the file. */
  folderOf(file: string): string | undefined {
    return this.folders.find((f) => isInside(f, file));
  }

  editorChanged(): void {
    this.editor.clear();
  }

  /** A file changed on disk; returns true when it was a config file (everything must be re-checked). */
  fileChanged(file: string): boolean {
    const isConfig = (CONFIG_FILE_NAMES as readonly string[]).includes(path.basename(file));
    const isSdkConfig = [...this.configs.values()].some((c) => c.config.sagemakerConfig.some((p) => p === file || path.join(p, 'config.yaml') === file));
    if (!isConfig && !isSdkConfig) return false;
    this.configs.clear();
    return true;
  }

  async forFile(file: string): Promise<FileSettings> {
    const folder = this.folderOf(file);
    const editor = await this.editorSettings(folder);
    const { config, sdkConfig } = this.configFor(file, folder);
    const excluded = isExcluded(config, file) || (editor.exclude.length > 0 && picomatch.isMatch(relative(folder, file), editor.exclude, { dot: true }));
    return {
      ...combined(editor, config, excluded),
      ...(config.file ? { configFile: config.file } : {}),
      ...(sdkConfig ? { sdkConfig } : {}),
    };
  }

  /** An untitled (never saved) document: the window's editor settings over the defaults; no file is read. */
  async forUntitled(): Promise<FileSettings> {
    return combined(await this.editorSettings(undefined), DEFAULT_CONFIG, false);
  }

  /** The editor settings of a folder (or of the window, outside any folder). */
  editorSettings(folder: string | undefined): Promise<EditorSettings> {
    const key = folder ?? '';
    let settings = this.editor.get(key);
    if (!settings) {
      settings = this.fetch(folder);
      this.editor.set(key, settings);
    }
    return settings;
  }

  private async fetch(folder: string | undefined): Promise<EditorSettings> {
    if (!this.canAskClient()) return DEFAULT_EDITOR_SETTINGS;
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({ section: 'sagemakerLint', ...(folder ? { scopeUri: pathToUri(folder) } : {}) });
      return editorSettingsFrom(raw);
    } catch (error) {
      this.connection.console.error(`sagemaker-lint: could not read settings: ${String(error)}`);
      return DEFAULT_EDITOR_SETTINGS;
    }
  }

  private configFor(file: string, folder: string | undefined): { config: LintConfig; sdkConfig?: SdkConfig } {
    const stop = folder ?? path.parse(file).root;
    const configFile = findConfigFile(path.dirname(file), stop, (f) => fs.existsSync(f));
    if (!configFile) return { config: DEFAULT_CONFIG };
    let entry = this.configs.get(configFile);
    if (!entry) {
      entry = readConfig(configFile);
      this.configs.set(configFile, entry);
      this.onConfigDiagnostics(configFile, entry.diagnostic ? [entry.diagnostic] : []);
    }
    return entry;
  }
}

/** Reads a config file and the SDK config files it names; any error becomes one diagnostic and the defaults. */
function readConfig(configFile: string): { config: LintConfig; sdkConfig?: SdkConfig; diagnostic?: Diagnostic } {
  const parsed = parseLintConfigDetailed(readText(configFile) ?? '', configFile);
  if ('problem' in parsed) return { config: DEFAULT_CONFIG, diagnostic: configDiagnostic(parsed.problem.message, parsed.problem.line, parsed.problem.character, configFile) };
  const config = parsed.config;
  if (config.sagemakerConfig.length === 0) return { config };
  const sdk = loadSdkConfigs(config.sagemakerConfig, configFile);
  if ('error' in sdk) return { config: DEFAULT_CONFIG, diagnostic: configDiagnostic(sdk.error, 0, 0, configFile) };
  return { config, sdkConfig: sdk.config };
}

function configDiagnostic(message: string, line: number, character: number, configFile: string): Diagnostic {
  return {
    range: { start: { line, character }, end: { line, character: character + 1 } },
    severity: DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    message: `Invalid ${path.basename(configFile)}: ${message} The defaults are used until it is fixed.`,
  };
}

/** Editor settings over a configuration file's: rule levels other than `default` win, and a positive size limit. */
function combined(editor: EditorSettings, config: LintConfig, excluded: boolean): FileSettings {
  const rules: RuleSettings = { ...config.rules };
  for (const [id, level] of Object.entries(editor.rules)) if (level !== 'default') rules[id] = level;
  return { enable: editor.enable, rules, excluded, maxFileSize: editor.maxFileSize > 0 ? editor.maxFileSize : config.maxFileSize, debounceMs: editor.debounceMs };
}

function relative(folder: string | undefined, file: string): string {
  return (folder ? path.relative(folder, file) : file).split(path.sep).join('/');
}

const LEVELS = new Set(['default', 'off', 'information', 'warning', 'error']);

/** Validates what the client sent; anything unexpected falls back to the default. */
export function editorSettingsFrom(raw: unknown): EditorSettings {
  const settings: EditorSettings = { ...DEFAULT_EDITOR_SETTINGS, rules: {} };
  if (typeof raw !== 'object' || raw === null) return settings;
  const r = raw as Record<string, unknown>;
  if (typeof r.enable === 'boolean') settings.enable = r.enable;
  if (Array.isArray(r.exclude)) settings.exclude = r.exclude.filter((g): g is string => typeof g === 'string');
  if (typeof r.maxFileSize === 'number' && r.maxFileSize >= 0) settings.maxFileSize = r.maxFileSize;
  if (typeof r.debounceMs === 'number' && r.debounceMs >= 0) settings.debounceMs = r.debounceMs;
  if (typeof r.rules === 'object' && r.rules !== null) {
    for (const [id, level] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof level === 'string' && LEVELS.has(level)) settings.rules[id.toUpperCase()] = level as EditorSettings['rules'][string];
    }
  }
  return settings;
}
