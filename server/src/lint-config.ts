/**
 * The `.sagemaker-lint.yaml` interface the server needs: nearest config file, parsed, with its
 * excludes. The CLI owns the format (shared-rules/src/config.ts); this module is the one place
 * the server touches it.
 */
import * as path from 'path';
import picomatch from 'picomatch';
import { parseDocument } from 'yaml';
import type { RuleSettings } from '../../shared-rules/src/analyze';
import { ruleById } from '../../shared-rules/src/rules/registry';

export const CONFIG_FILE_NAME = '.sagemaker-lint.yaml';

export interface LintConfig {
  /** The config file, when one was read. */
  file?: string;
  rules: RuleSettings;
  exclude: string[];
  maxFileSize: number;
}

export const DEFAULT_CONFIG: LintConfig = { rules: {}, exclude: [], maxFileSize: 2 * 1024 * 1024 };

export interface ConfigError {
  message: string;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const LEVELS = new Set(['off', 'information', 'warning', 'error']);

export function parseLintConfig(text: string, file: string): { config: LintConfig } | { error: ConfigError } {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const [line, col] = e.linePos?.[0] ? [e.linePos[0].line - 1, e.linePos[0].col - 1] : [0, 0];
    return { error: { message: `${CONFIG_FILE_NAME}: ${e.message.split('\n')[0]}`, range: { start: { line, character: col }, end: { line, character: col + 1 } } } };
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return { config: { ...DEFAULT_CONFIG, file } };
  if (typeof value !== 'object' || Array.isArray(value)) return { error: { message: `${CONFIG_FILE_NAME}: expected a mapping at the top level` } };
  const raw = value as Record<string, unknown>;
  const rules: RuleSettings = {};
  if (raw.rules !== undefined) {
    if (typeof raw.rules !== 'object' || raw.rules === null || Array.isArray(raw.rules)) return { error: { message: `${CONFIG_FILE_NAME}: "rules" must map rule ids to off|information|warning|error` } };
    for (const [id, level] of Object.entries(raw.rules as Record<string, unknown>)) {
      if (!ruleById(id.toUpperCase())) return { error: { message: `${CONFIG_FILE_NAME}: unknown rule "${id}"` } };
      if (typeof level !== 'string' || !LEVELS.has(level)) return { error: { message: `${CONFIG_FILE_NAME}: rule ${id} must be off, information, warning or error` } };
      rules[id.toUpperCase()] = level as RuleSettings[string];
    }
  }
  const exclude = raw.exclude ?? [];
  if (!Array.isArray(exclude) || exclude.some((g) => typeof g !== 'string')) return { error: { message: `${CONFIG_FILE_NAME}: "exclude" must be a list of globs` } };
  const maxFileSize = raw.maxFileSize ?? DEFAULT_CONFIG.maxFileSize;
  if (typeof maxFileSize !== 'number' || !(maxFileSize > 0)) return { error: { message: `${CONFIG_FILE_NAME}: "maxFileSize" must be a positive number of bytes` } };
  return { config: { file, rules, exclude: exclude as string[], maxFileSize } };
}

/** The nearest config file from `startDir` up to `stopDir` (inclusive). */
export function findConfigFile(startDir: string, stopDir: string, exists: (file: string) => boolean): string | undefined {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (exists(candidate)) return candidate;
    if (dir === stopDir || path.dirname(dir) === dir) return undefined;
  }
}

/** Whether a file matches the config's `exclude` globs (relative to the config file's folder). */
export function isExcluded(config: LintConfig, file: string): boolean {
  if (config.exclude.length === 0) return false;
  const base = config.file ? path.dirname(config.file) : undefined;
  const rel = base ? path.relative(base, file).split(path.sep).join('/') : file;
  return picomatch.isMatch(rel, config.exclude, { dot: true });
}
