import * as path from 'path';
import picomatch from 'picomatch';
import type { Node } from 'yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { RuleSettings } from './analyze';
import { RULES } from './rules/registry';

export type { RuleSettings } from './analyze';

/** `.sagemaker-lint.yaml`, resolved: what the editor and the CLI apply to the files below it. */
export interface LintConfig {
  /** The file it was read from; undefined for the defaults. */
  file?: string;
  rules: RuleSettings;
  /** Globs relative to the config file's folder. */
  exclude: string[];
  /** Files larger than this many bytes are skipped. */
  maxFileSize: number;
  /** Absolute paths of SageMaker Python SDK `config.yaml` files, in merge order. */
  sagemakerConfig: string[];
}

export const CONFIG_FILE_NAMES = ['.sagemaker-lint.yaml', '.sagemaker-lint.yml'] as const;

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export const DEFAULT_CONFIG: LintConfig = Object.freeze({
  rules: Object.freeze({}) as RuleSettings,
  exclude: Object.freeze([]) as unknown as string[],
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  sagemakerConfig: Object.freeze([]) as unknown as string[],
});

const SEVERITIES = ['off', 'information', 'warning', 'error'] as const;
const KEYS = ['rules', 'exclude', 'maxFileSize', 'sagemakerConfig'] as const;
const UNITS: Record<string, number> = { B: 1, KB: 1024, KIB: 1024, MB: 1024 ** 2, MIB: 1024 ** 2, GB: 1024 ** 3, GIB: 1024 ** 3 };

class ConfigError extends Error {
  constructor(
    message: string,
    readonly node: Node | null | undefined,
  ) {
    super(message);
  }
}

/** A problem in a config file, 0-based like LSP positions (the editor shows it on the file). */
export interface ConfigProblem {
  file: string;
  line: number;
  character: number;
  message: string;
}

/**
 * Parses `.sagemaker-lint.yaml`. Unknown keys, unknown rule ids and bad values are errors;
 * the error is one line, `file:line:col: message` (1-based), pointing at the offending node.
 */
export function parseLintConfig(text: string, file: string): { config: LintConfig } | { error: string } {
  const r = parseLintConfigDetailed(text, file);
  return 'problem' in r ? { error: formatProblem(r.problem) } : r;
}

/** `file:line:col: message`, 1-based, on one line. */
export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line + 1}:${p.character + 1}: ${p.message}`;
}

/** As `parseLintConfig`, with the problem's position as data (for an editor diagnostic). */
export function parseLintConfigDetailed(text: string, file: string): { config: LintConfig } | { problem: ConfigProblem } {
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined, message: string): { problem: ConfigProblem } => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { problem: { file, line: pos.line - 1, character: pos.col - 1, message: oneLine(message) } };
  };
  let doc;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    return at(0, error instanceof Error ? error.message : String(error));
  }
  if (doc.errors.length > 0) return at(doc.errors[0].pos[0], firstLine(doc.errors[0].message));
  try {
    return { config: readConfig(doc.contents, file) };
  } catch (error) {
    if (error instanceof ConfigError) return at(error.node?.range?.[0], error.message);
    throw error;
  }
}

function readConfig(root: Node | null, file: string): LintConfig {
  const config: LintConfig = { file, rules: {}, exclude: [], maxFileSize: DEFAULT_MAX_FILE_SIZE, sagemakerConfig: [] };
  if (root === null || (isScalar(root) && root.value === null)) return config;
  if (!isMap(root)) throw new ConfigError('the configuration must be a map of settings (rules, exclude, maxFileSize, sagemakerConfig)', root);
  const dir = path.dirname(file);
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    const value = pair.value as Node | null;
    switch (key) {
      case 'rules':
        config.rules = readRules(value, keyNode);
        break;
      case 'exclude':
        config.exclude = readStrings(value, keyNode, 'exclude', 'a list of glob patterns');
        for (const glob of config.exclude) if (glob.trim() === '') throw new ConfigError('`exclude` patterns must not be empty', value);
        break;
      case 'maxFileSize':
        config.maxFileSize = readSize(value, keyNode);
        break;
      case 'sagemakerConfig':
        config.sagemakerConfig = readStrings(value, keyNode, 'sagemakerConfig', 'a path or a list of paths', true).map((p) => path.resolve(dir, p));
        break;
      default:
        throw new ConfigError(`unknown setting \`${key ?? String(keyNode)}\` (expected one of: ${KEYS.join(', ')})`, keyNode);
    }
  }
  return config;
}

function readRules(node: Node | null, keyNode: Node | null): RuleSettings {
  if (node === null || (isScalar(node) && node.value === null)) return {};
  if (!isMap(node)) throw new ConfigError('`rules` must be a map of rule id to off, information, warning or error', node ?? keyNode);
  const rules: RuleSettings = {};
  for (const pair of node.items) {
    const idNode = pair.key as Node | null;
    const id = isScalar(idNode) ? String(idNode.value).toUpperCase() : '';
    if (!RULES.some((r) => r.id === id)) throw new ConfigError(`unknown rule id \`${isScalar(idNode) ? String(idNode.value) : '?'}\` in \`rules\``, idNode);
    const valueNode = pair.value as Node | null;
    const severity = isScalar(valueNode) ? valueNode.value : undefined;
    // YAML 1.2 reads a bare `off` as a string; `false` is accepted as off for YAML 1.1 habits.
    const normalised = severity === false ? 'off' : severity;
    if (typeof normalised !== 'string' || !(SEVERITIES as readonly string[]).includes(normalised)) {
      throw new ConfigError(`\`rules.${id}\` must be one of ${SEVERITIES.join(', ')}`, valueNode ?? idNode);
    }
    rules[id] = normalised as (typeof SEVERITIES)[number];
  }
  return rules;
}

function readStrings(node: Node | null, keyNode: Node | null, key: string, expected: string, allowSingle = false): string[] {
  if (allowSingle && isScalar(node) && typeof node.value === 'string') {
    if (node.value.trim() === '') throw new ConfigError(`\`${key}\` must not be empty`, node);
    return [node.value];
  }
  if (!isSeq(node)) throw new ConfigError(`\`${key}\` must be ${expected}`, node ?? keyNode);
  return node.items.map((item) => {
    const n = item as Node | null;
    if (!isScalar(n) || typeof n.value !== 'string') throw new ConfigError(`\`${key}\` entries must be strings`, n ?? node);
    if (allowSingle && n.value.trim() === '') throw new ConfigError(`\`${key}\` entries must not be empty`, n);
    return n.value;
  });
}

function readSize(node: Node | null, keyNode: Node | null): number {
  const value = isScalar(node) ? node.value : undefined;
  const bytes = typeof value === 'number' || typeof value === 'string' ? parseSize(value) : undefined;
  if (bytes === undefined) throw new ConfigError('`maxFileSize` must be a number of bytes or a size such as 500KB or 2MB', node ?? keyNode);
  return bytes;
}

/** `2MB` → 2097152 (binary units: 1 KB = 1024 bytes); undefined when not a positive size. */
export function parseSize(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = UNITS[(m[2] || 'B').toUpperCase()];
  if (unit === undefined) return undefined;
  const bytes = Math.floor(Number(m[1]) * unit);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** The nearest config file from `startDir` upwards, stopping after `stopDir` (or at the filesystem root). */
export function findConfigFile(startDir: string, stopDir: string, exists: (p: string) => boolean): string | undefined {
  let dir = path.resolve(startDir);
  const stop = path.resolve(stopDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (exists(candidate)) return candidate;
    }
    if (dir === stop) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const matchers = new WeakMap<LintConfig, (p: string) => boolean>();

/**
 * Whether a file or folder is excluded by the config's globs (relative to the config file's
 * folder). A glob that matches a folder excludes everything below it.
 */
export function isExcluded(config: LintConfig, filePath: string): boolean {
  if (config.exclude.length === 0) return false;
  const base = config.file ? path.dirname(config.file) : process.cwd();
  const rel = path.relative(base, path.resolve(filePath));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  let matcher = matchers.get(config);
  if (!matcher) {
    matcher = picomatch(config.exclude, { dot: true });
    matchers.set(config, matcher);
  }
  const parts = rel.split(path.sep);
  for (let i = 1; i <= parts.length; i++) {
    if (matcher(parts.slice(0, i).join('/'))) return true;
  }
  return false;
}

function firstLine(s: string): string {
  return s.split(/\r?\n/)[0];
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
