import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { parseTree } from 'jsonc-parser';
import type { Node as YamlNode, Pair, Tags } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Range } from '../model';
import { LineIndex } from '../text';

/**
 * A template as one neutral tree, whether it was written in YAML or JSON. Short-form intrinsics
 * (`!GetAtt Key.Arn`) become one-entry maps (`Fn::GetAtt: Key.Arn`) marked `short`, so evaluation
 * never cares which form the author used; offsets stay exact for fixes.
 */
export type CfnNode = CfnScalar | CfnMap | CfnSeq | CfnOpaque;

export interface CfnScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  start: number;
  end: number;
  /** The quote character when the scalar was written quoted. */
  quote?: '"' | "'";
}

export interface CfnEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** Just after the `:` that separates key and value. */
  colonEnd: number;
  value: CfnNode;
}

export interface CfnMap {
  kind: 'map';
  entries: CfnEntry[];
  start: number;
  end: number;
  /** `{ … }` (always in JSON) rather than an indented block. */
  flow: boolean;
  /** A short-form intrinsic (`!Ref X`): the map is synthetic, its only key is the tag. */
  short?: boolean;
}

export interface CfnSeq {
  kind: 'seq';
  items: CfnNode[];
  start: number;
  end: number;
  flow: boolean;
}

/** Something we refuse to look into (nesting too deep, an alias cycle): evaluates to unknown. */
export interface CfnOpaque {
  kind: 'opaque';
  start: number;
  end: number;
  reason: string;
}

export interface CfnComment {
  text: string;
  start: number;
  end: number;
  line: number;
  /** Code precedes the comment on its line. */
  trailing: boolean;
}

export interface CfnTemplate {
  path: string;
  text: string;
  format: 'yaml' | 'json';
  lines: LineIndex;
  root: CfnNode | undefined;
  hasErrors: boolean;
  /** Why the file was not parsed at all (nesting too deep), when it was not. */
  refused?: string;
  comments: CfnComment[];
  /** Whether the file writes intrinsics as `!Ref` (short) or `Ref:` / `Fn::…` (long). */
  intrinsicStyle: 'short' | 'long';
}

export const INTRINSICS = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Select',
  'Split',
  'FindInMap',
  'ImportValue',
  'Base64',
  'GetAZs',
  'Equals',
  'And',
  'Or',
  'Not',
  'Condition',
  'Cidr',
  'Length',
  'ToJsonString',
  'Transform',
] as const;

/** `!GetAtt` → `Fn::GetAtt`; `!Ref` and `!Condition` keep their bare names. */
export function longName(shortTag: string): string {
  const name = shortTag.replace(/^!/, '');
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** The intrinsic a node is, if any: a map with exactly one `Ref`, `Condition` or `Fn::…` key. */
export function intrinsicOf(node: CfnNode | undefined): { name: string; arg: CfnNode; entry: CfnEntry } | undefined {
  if (node?.kind !== 'map' || node.entries.length !== 1) return undefined;
  const entry = node.entries[0];
  if (entry.key === 'Ref' || entry.key === 'Condition' || entry.key.startsWith('Fn::')) return { name: entry.key, arg: entry.value, entry };
  return undefined;
}

export function entryOf(map: CfnNode | undefined, key: string): CfnEntry | undefined {
  if (map?.kind !== 'map') return undefined;
  // CloudFormation takes the last of duplicate keys, as YAML loaders do.
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i].key === key) return map.entries[i];
  return undefined;
}

export function valueOf(map: CfnNode | undefined, key: string): CfnNode | undefined {
  return entryOf(map, key)?.value;
}

export function scalarText(node: CfnNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

const MAX_DEPTH = 200;
const MAX_BRACKET_DEPTH = 1000;
const MAX_ALIASES = 1000;

function yamlTags(): Tags {
  const tags: Tags = [];
  for (const name of INTRINSICS) {
    tags.push({ tag: `!${name}`, resolve: (s: string) => s });
    tags.push({ tag: `!${name}`, collection: 'seq', resolve: (s: unknown) => s });
    tags.push({ tag: `!${name}`, collection: 'map', resolve: (s: unknown) => s });
  }
  return tags;
}

const TAGS = yamlTags();

/** Deepest `[`/`{` nesting, so pathological input is refused before a recursive parser sees it. */
function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

export function isJsonText(filePath: string, text: string): boolean {
  if (filePath.endsWith('.json')) return true;
  if (filePath.endsWith('.yaml') || filePath.endsWith('.yml')) return false;
  return /^\s*\{/.test(text);
}

/** Parses a YAML or JSON template, tolerating syntax errors; never throws. */
export function parseTemplate(filePath: string, text: string): CfnTemplate {
  const format = isJsonText(filePath, text) ? 'json' : 'yaml';
  const lines = new LineIndex(text);
  const base = { path: filePath, text, format, lines, comments: [] as CfnComment[], intrinsicStyle: detectStyle(text, format) } as const;
  if (bracketDepth(text) > MAX_BRACKET_DEPTH) {
    return { ...base, root: undefined, hasErrors: true, refused: 'nesting too deep to analyse' };
  }
  try {
    if (format === 'json') {
      const errors: ParseError[] = [];
      const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
      return { ...base, root: tree ? fromJson(tree, 0) : undefined, hasErrors: errors.length > 0 };
    }
    return parseYaml(filePath, text, lines, base.intrinsicStyle);
  } catch (error) {
    // A stack overflow in a parser on adversarial input: report, never crash the caller.
    return { ...base, root: undefined, hasErrors: true, refused: error instanceof RangeError ? 'nesting too deep to analyse' : String(error) };
  }
}

function detectStyle(text: string, format: 'yaml' | 'json'): 'short' | 'long' {
  if (format === 'json') return 'long';
  const short = /(^|[\s[{,:-])!(Ref|GetAtt|Sub|Join|If|Select|FindInMap|ImportValue|Base64|Equals|Not|And|Or|Condition|Split|GetAZs|Cidr)\b/m.test(text);
  const long = /(^|[\s{,"'])(Ref|Fn::[A-Za-z]+)["']?\s*:/m.test(text);
  return long && !short ? 'long' : 'short';
}

function fromJson(node: JsonNode, depth: number): CfnNode {
  const start = node.offset;
  const end = node.offset + node.length;
  if (depth > MAX_DEPTH) return { kind: 'opaque', start, end, reason: 'nesting too deep' };
  switch (node.type) {
    case 'object': {
      const entries: CfnEntry[] = [];
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || typeof k.value !== 'string') continue;
        const colonEnd = prop.colonOffset !== undefined ? prop.colonOffset + 1 : k.offset + k.length;
        const value: CfnNode = v ? fromJson(v, depth + 1) : { kind: 'scalar', value: null, start: colonEnd, end: colonEnd };
        entries.push({ key: k.value, keyStart: k.offset, keyEnd: k.offset + k.length, colonEnd, value });
      }
      return { kind: 'map', entries, start, end, flow: true };
    }
    case 'array':
      return { kind: 'seq', items: (node.children ?? []).map((c) => fromJson(c, depth + 1)), start, end, flow: true };
    case 'string':
      return { kind: 'scalar', value: node.value as string, start, end, quote: '"' };
    case 'number':
    case 'boolean':
      return { kind: 'scalar', value: node.value as number | boolean, start, end };
    default:
      return { kind: 'scalar', value: null, start, end };
  }
}

/** How templates are composed (exported for the benchmark's parse-only floor). */
export const YAML_OPTIONS = { customTags: TAGS, uniqueKeys: false, strict: false, prettyErrors: false } as const;

/**
 * A syntax error (an unclosed quote, a tab) can swallow everything after it. The resource holding the
 * error is blanked out (spaces, so offsets do not move) and the text parsed again, a few times over,
 * and the resources the full parse lost are added back.
 */
function salvageResources(text: string, lines: LineIndex, root: CfnMap): void {
  let header = -1;
  for (let l = 0; l < lines.lineCount; l++) {
    if (/^["']?Resources["']?\s*:\s*(#.*)?$/.test(lines.lineText(l))) {
      header = l;
      break;
    }
  }
  if (header < 0) return;
  const starts: number[] = [];
  let indent: string | undefined;
  let end = text.length;
  for (let l = header + 1; l < lines.lineCount; l++) {
    const line = lines.lineText(l);
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    const lead = /^[ \t]*/.exec(line)![0];
    if (lead === '') {
      end = lines.lineStart(l);
      break;
    }
    indent ??= lead;
    if (lead === indent && /^\s*[^\s#-][^:]*:(\s|$)/.test(line)) starts.push(lines.lineStart(l));
  }
  const keyAt = (offset: number) => /^\s*["']?([^"':]+?)["']?\s*:/.exec(text.slice(offset, text.indexOf('\n', offset) + 1 || text.length))?.[1];
  const blanked = new Set<number>();
  let masked = text;
  // Each round re-parses the whole text: few rounds on large files keep a half-typed edit responsive.
  const rounds = text.length > 200_000 ? 1 : 8;
  for (let round = 0; round < rounds; round++) {
    const present = entryOf(root, 'Resources')?.value;
    // The first resource the parses lost: the one before it swallowed it (an unclosed quote or bracket).
    const lost = starts.findIndex((start, i) => !blanked.has(i) && !entryOf(present, keyAt(start) ?? ''));
    if (lost < 0) return;
    let culprit = lost - 1;
    while (culprit >= 0 && blanked.has(culprit)) culprit--;
    if (blanked.has(culprit)) return;
    blanked.add(culprit);
    // Before the first resource, the culprit is whatever precedes `Resources:` (a broken `Parameters`).
    const from = culprit < 0 ? 0 : starts[culprit];
    const to = culprit < 0 ? lines.lineStart(header) : (starts[culprit + 1] ?? end);
    masked = masked.slice(0, from) + blank(masked, from, to) + masked.slice(to);
    const doc = parseDocument(masked, YAML_OPTIONS);
    const part = doc.contents ? new YamlConverter(masked).node(doc.contents, 0) : undefined;
    adoptResources(root, entryOf(part, 'Resources'));
  }
}

function adoptResources(root: CfnMap, salvaged: CfnEntry | undefined): void {
  if (salvaged?.value.kind !== 'map') return;
  const own = entryOf(root, 'Resources');
  if (!own) {
    root.entries.push(salvaged);
    return;
  }
  if (own.value.kind !== 'map' || own.value.flow) return;
  for (const e of salvaged.value.entries) {
    if (entryOf(own.value, e.key)) continue;
    own.value.entries.push(e);
    own.value.end = Math.max(own.value.end, e.value.end);
  }
  own.value.entries.sort((a, b) => a.keyStart - b.keyStart);
}

/** The text between two offsets with everything but line breaks turned into spaces. */
function blank(text: string, from: number, to: number): string {
  return text.slice(from, to).replace(/[^\r\n]/g, ' ');
}

function parseYaml(filePath: string, text: string, lines: LineIndex, intrinsicStyle: 'short' | 'long'): CfnTemplate {
  // Aliases are never expanded (the converter shares the anchored node), so yaml's maxAliasCount, a toJS() option, is not needed.
  const doc = parseDocument(text, YAML_OPTIONS);
  const converter = new YamlConverter(text);
  const root = doc.contents ? converter.node(doc.contents, 0) : undefined;
  if (doc.errors.length > 0 && root?.kind === 'map') salvageResources(text, lines, root);
  return {
    path: filePath,
    text,
    format: 'yaml',
    lines,
    root,
    hasErrors: doc.errors.length > 0,
    comments: yamlComments(lines),
    intrinsicStyle,
  };
}

class YamlConverter {
  private readonly done = new Map<YamlNode, CfnNode>();
  private readonly inProgress = new Set<YamlNode>();
  private aliases = 0;

  constructor(private readonly text: string) {}

  node(node: YamlNode, depth: number): CfnNode {
    const [start, end] = node.range ?? [0, 0];
    if (depth > MAX_DEPTH) return { kind: 'opaque', start, end, reason: 'nesting too deep' };
    if (isAlias(node)) {
      // Aliases share the anchored node instead of copying it, so an alias bomb costs nothing.
      if (++this.aliases > MAX_ALIASES) return { kind: 'opaque', start, end, reason: 'too many aliases' };
      const target = node.resolve(undefined as never) as YamlNode | undefined;
      if (!target || this.inProgress.has(target)) return { kind: 'opaque', start, end, reason: `alias *${node.source}` };
      return this.done.get(target) ?? this.node(target, depth + 1);
    }
    const cached = this.done.get(node);
    if (cached) return cached;
    this.inProgress.add(node);
    const plain = this.plain(node, start, end, depth);
    this.inProgress.delete(node);
    const tag = (node as { tag?: string }).tag;
    const result = tag && tag.startsWith('!') && (INTRINSICS as readonly string[]).includes(tag.slice(1)) ? this.shortForm(tag, plain) : plain;
    this.done.set(node, result);
    return result;
  }

  private shortForm(tag: string, value: CfnNode): CfnNode {
    const before = this.text.slice(Math.max(0, value.start - 64), value.start);
    const m = new RegExp(`${tag}\\s*$`).exec(before);
    const tagStart = m ? value.start - (before.length - m.index) : value.start;
    const tagEnd = tagStart + tag.length;
    return {
      kind: 'map',
      short: true,
      flow: true,
      start: tagStart,
      end: value.end,
      entries: [{ key: longName(tag), keyStart: tagStart, keyEnd: tagEnd, colonEnd: tagEnd, value }],
    };
  }

  private plain(node: YamlNode, start: number, end: number, depth: number): CfnNode {
    if (isScalar(node)) {
      const v = node.value;
      const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === null || v === undefined ? null : (node.source ?? null);
      const quote = node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : undefined;
      return { kind: 'scalar', value, start, end, ...(quote ? { quote } : {}) };
    }
    if (isMap(node)) {
      const entries: CfnEntry[] = [];
      for (const pair of node.items) {
        const entry = this.entry(pair, depth);
        if (entry) entries.push(entry);
      }
      return { kind: 'map', entries, start, end: trimEnd(this.text, start, end), flow: node.flow === true };
    }
    if (isSeq(node)) {
      const empty: CfnScalar = { kind: 'scalar', value: null, start, end: start };
      const items = node.items.map((item) => (item && typeof item === 'object' && 'range' in item ? this.node(item as YamlNode, depth + 1) : empty));
      return { kind: 'seq', items, start, end: trimEnd(this.text, start, end), flow: node.flow === true };
    }
    return { kind: 'opaque', start, end, reason: 'unsupported YAML node' };
  }

  private entry(pair: Pair<unknown, unknown>, depth: number): CfnEntry | undefined {
    if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return undefined;
    const key = String(pair.key.value);
    const [keyStart, keyEnd] = pair.key.range;
    let colonEnd = keyEnd;
    const colon = this.text.indexOf(':', keyEnd);
    if (colon >= 0 && this.text.slice(keyEnd, colon).trim() === '') colonEnd = colon + 1;
    const v = pair.value as YamlNode | null;
    const value: CfnNode = v && (v.range || isAlias(v)) ? this.node(v, depth + 1) : { kind: 'scalar', value: null, start: colonEnd, end: colonEnd };
    return { key, keyStart, keyEnd, colonEnd, value };
  }
}

/** A block collection's range runs to the next token; trailing blank lines and comments are not part of it. */
function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  for (;;) {
    while (e > start && /\s/.test(text[e - 1])) e--;
    const lineStart = text.lastIndexOf('\n', e - 1) + 1;
    const line = text.slice(lineStart, e);
    if (lineStart > start && /^\s*#/.test(line)) {
      e = lineStart;
      continue;
    }
    return e;
  }
}

/** Comments of a YAML text, skipping quoted strings and block scalars. */
export function yamlComments(lines: LineIndex): CfnComment[] {
  const out: CfnComment[] = [];
  let blockIndent = -1;
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    let indent = 0;
    while (content[indent] === ' ' || content[indent] === '\t') indent++;
    if (blockIndent >= 0) {
      if (content.trim() === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    let quote: string | undefined;
    let hash = -1;
    // Quotes matter only for where a `#` starts a comment: a line without one needs no walk.
    for (let i = content.indexOf('#') < 0 ? content.length : 0; i < content.length; i++) {
      const c = content[i];
      if (quote) {
        if (c === quote) quote = undefined;
        continue;
      }
      if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,-]/.test(content[i - 1]))) quote = c;
      else if (c === '#' && (i === 0 || /\s/.test(content[i - 1]))) {
        hash = i;
        break;
      }
    }
    const code = hash >= 0 ? content.slice(0, hash) : content;
    if (/[|>][-+0-9]*\s*$/.test(code) && /(:|^\s*-)\s*(![A-Za-z]+\s+)?[|>][-+0-9]*\s*$/.test(code)) blockIndent = indent;
    if (hash < 0) continue;
    const start = lines.lineStart(line) + hash;
    out.push({ text: content.slice(hash), start, end: lines.lineStart(line) + content.length, line, trailing: code.trim() !== '' });
  }
  return out;
}

export function rangeOf(t: CfnTemplate, start: number, end: number): Range {
  return t.lines.range(start, end);
}
