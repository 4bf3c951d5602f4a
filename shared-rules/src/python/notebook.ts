import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { RuleSettings } from '../analyze';
import { findingsFor } from '../analyze';
import type { AnalysisContext } from '../dialect';
import type { FileFacts, Finding, Position, TextEdit } from '../model';
import { LineIndex } from '../text';
import type { PythonAnalyzer } from './adapter';
import type { PyUnit, Span } from './unit';
import { plainUnit } from './unit';

/** Cell magics whose body is not Python run by the kernel. */
const FOREIGN_CELL_MAGIC = /^%%(?!time\b|timeit\b|capture\b|prun\b|debug\b|python\b|python3\b|markdown\b)/;
const LINE_MAGIC = /^[ \t]*([!%]|[\w.,[\] \t]+=[ \t]*[!%])|^[ \t]*[\w.]+\?\??[ \t]*$/;

/**
 * IPython syntax blanked with spaces so offsets and line numbers stay those of the cell:
 * `!shell`, `%magic`, `x = !cmd`, `obj?`; a cell whose `%%` magic runs another language is blanked whole.
 */
export function blankMagics(source: string): string {
  const first = /^\s*(%%\S*)/.exec(source);
  const blankLine = (line: string): string => line.replace(/[^\r\n]/g, ' ');
  if (first && FOREIGN_CELL_MAGIC.test(first[1])) return blankLine(source);
  let continued = false;
  return source
    .split('\n')
    .map((line, i) => {
      const magic = (i === 0 && first !== null && /^\s*%%/.test(line)) || continued || LINE_MAGIC.test(line);
      continued = magic && /\\\r?$/.test(line);
      return magic ? blankLine(line) : line;
    })
    .join('\n');
}

interface Piece {
  /** Offsets in the notebook text of the string element's content (inside the quotes). */
  rawStart: number;
  rawEnd: number;
  decodedStart: number;
  decodedLength: number;
  /** Decoded index → raw offset, for elements with escapes; built on first use. */
  map?: number[];
}

function rawOffsets(text: string, piece: Piece): number[] {
  if (piece.map) return piece.map;
  const map: number[] = [];
  let i = piece.rawStart;
  while (i < piece.rawEnd) {
    map.push(i);
    if (text[i] === '\\') i += text[i + 1] === 'u' ? 6 : 2;
    else i++;
  }
  map.push(piece.rawEnd);
  piece.map = map;
  return map;
}

/** A notebook cell as a unit whose ranges and edits land inside the `.ipynb` JSON string elements. */
function cellUnit(file: string, notebook: string, lines: LineIndex, fileEol: string, pieces: Piece[], isArray: boolean, indent: string): PyUnit {
  const source = pieces.map((p) => JSON.parse(`"${notebook.slice(p.rawStart, p.rawEnd)}"`) as string).join('');
  const text = blankMagics(source);
  const local = new LineIndex(text);
  const pieceAt = (offset: number, preferEnd: boolean): Piece | undefined => {
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pieces[mid].decodedStart <= offset) lo = mid;
      else hi = mid - 1;
    }
    let p = pieces[lo];
    if (preferEnd && p && offset === p.decodedStart && lo > 0) p = pieces[lo - 1];
    return p;
  };
  const raw = (offset: number, preferEnd: boolean): number => {
    const p = pieceAt(offset, preferEnd);
    if (!p) return 0;
    const i = Math.max(0, Math.min(offset - p.decodedStart, p.decodedLength));
    return p.rawEnd - p.rawStart === p.decodedLength ? p.rawStart + i : rawOffsets(notebook, p)[i];
  };
  const escape = (s: string): string => JSON.stringify(s).slice(1, -1);
  return {
    file,
    text,
    lines: local,
    eol: '\n',
    range: (span: Span) => ({ start: lines.positionAt(raw(span.start, false)), end: lines.positionAt(raw(span.end, span.end > span.start)) }),
    offsetOf: (position: Position) => {
      const at = lines.offsetAt(position);
      const p = pieces.find((x) => x.rawStart <= at && at <= x.rawEnd);
      if (!p) return undefined;
      if (p.rawEnd - p.rawStart === p.decodedLength) return p.decodedStart + (at - p.rawStart);
      const map = rawOffsets(notebook, p);
      let i = 0;
      while (i < map.length - 1 && map[i + 1] <= at) i++;
      return p.decodedStart + i;
    },
    edit(span: Span, newText: string): TextEdit {
      // Lines appended at a line's end go in as their own elements after it.
      if (isArray && span.start === span.end && newText.startsWith('\n') && text[span.start] === '\n') {
        return this.edit({ start: span.start + 1, end: span.start + 1 }, `${newText.slice(1)}\n`);
      }
      const p = pieceAt(span.start, false);
      // Whole lines deleted take their source elements with them.
      if (isArray && p && newText === '' && span.start === p.decodedStart && span.end > span.start) {
        const next = pieces.find((x) => x.decodedStart === span.end && x.decodedStart > p.decodedStart);
        if (next) return { range: { start: lines.positionAt(p.rawStart - 1), end: lines.positionAt(next.rawStart - 1) }, newText: '' };
      }
      // Whole lines inserted at a line start become their own source elements, as Jupyter writes them.
      if (isArray && p && span.start === span.end && span.start === p.decodedStart && newText.endsWith('\n')) {
        const at = lines.positionAt(p.rawStart - 1);
        const elements = newText.split(/(?<=\n)/).map((l) => `${JSON.stringify(l)},${fileEol}${indent}`);
        return { range: { start: at, end: at }, newText: elements.join('') };
      }
      const start = raw(span.start, false);
      const end = span.end > span.start ? raw(span.end, true) : start;
      return { range: { start: lines.positionAt(start), end: lines.positionAt(end) }, newText: escape(newText) };
    },
  };
}

function property(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) return p.children[1];
  return undefined;
}

/** A code cell's `source`: its string elements (offsets of the quotes), and whether it is a list of lines. */
export interface CellSource {
  strings: { offset: number; length: number; value: string }[];
  isArray: boolean;
}

/** What the analysis reads of a notebook: the kernel language and the code cells' sources, in order. */
export interface NotebookOutline {
  language: unknown;
  cells: CellSource[];
}

/** The code cells of a `.ipynb` text as units, or a notice when it is not a notebook we can read. */
export function notebookUnits(file: string, text: string): { units: PyUnit[]; notice?: string } {
  const outline = quickOutline(text) ?? treeOutline(file, text);
  if ('notice' in outline) return { units: [], notice: outline.notice };
  if (typeof outline.language === 'string' && !/^python/i.test(outline.language)) return { units: [] };
  const lines = new LineIndex(text);
  const eol = lines.eol;
  return {
    units: outline.cells.map(({ strings, isArray }) => {
      let decoded = 0;
      const pieces: Piece[] = strings.map((s) => {
        const piece = { rawStart: s.offset + 1, rawEnd: s.offset + s.length - 1, decodedStart: decoded, decodedLength: s.value.length };
        decoded += s.value.length;
        return piece;
      });
      const first = strings[0];
      const indent = first ? lines.indentOf(lines.positionAt(first.offset).line) : '';
      return cellUnit(file, text, lines, eol, pieces, isArray, indent);
    }),
  };
}

/** The outline from jsonc-parser's tree: tolerant (comments, trailing commas), and it names the first error. */
export function treeOutline(file: string, text: string): NotebookOutline | { notice: string } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const e = errors[0];
    return { notice: `${file}: not a readable notebook (${e ? printParseErrorCode(e.error) : 'empty'}${e ? ` at offset ${e.offset}` : ''}); skipped` };
  }
  const cells = property(root, 'cells');
  if (cells?.type !== 'array') return { notice: `${file}: not a Jupyter notebook (no "cells" list); skipped` };
  const metadata = property(root, 'metadata');
  const language: unknown = property(property(metadata, 'kernelspec'), 'language')?.value ?? property(property(metadata, 'language_info'), 'name')?.value;
  const out: CellSource[] = [];
  for (const cell of cells.children ?? []) {
    if (property(cell, 'cell_type')?.value !== 'code') continue;
    const source = property(cell, 'source');
    const strings = source?.type === 'array' ? (source.children ?? []).filter((c) => c.type === 'string') : source?.type === 'string' ? [source] : [];
    out.push({ strings: strings.map((s) => ({ offset: s.offset, length: s.length, value: String(s.value) })), isArray: source?.type === 'array' });
  }
  return { language, cells: out };
}

/**
 * The same outline from a text that is strict JSON, without building a tree of the whole notebook:
 * its outputs (images, tables, logs) are most of its bytes and are skipped string by string.
 * `JSON.parse` checks the text first; undefined when it is not strict JSON or not a notebook, and
 * `treeOutline` then reads it (and explains what is wrong).
 */
export function quickOutline(text: string): NotebookOutline | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  const scan = new OutlineScanner(text);
  const root = scan.object(scan.skipSpace(0), ['cells', 'metadata']);
  const cells = root?.get('cells');
  if (!root || cells === undefined || text[cells] !== '[') return undefined;
  const metadata = root.get('metadata');
  const meta = metadata === undefined ? undefined : scan.object(metadata, ['kernelspec', 'language_info']);
  const field = (at: number | undefined, key: string): unknown => {
    const props = at === undefined ? undefined : scan.object(at, [key]);
    const value = props?.get(key);
    return value === undefined ? undefined : scan.primitive(value);
  };
  const language = field(meta?.get('kernelspec'), 'language') ?? field(meta?.get('language_info'), 'name');
  const out: CellSource[] = [];
  for (const at of scan.elements(cells)) {
    const cell = scan.object(at, ['cell_type', 'source']);
    const type = cell?.get('cell_type');
    if (!cell || type === undefined || scan.primitive(type) !== 'code') continue;
    const source = cell.get('source');
    if (source !== undefined && text[source] === '[') {
      out.push({ strings: scan.elements(source).filter((e) => text[e] === '"').map((e) => scan.string(e)), isArray: true });
    } else out.push({ strings: source !== undefined && text[source] === '"' ? [scan.string(source)] : [], isArray: false });
  }
  return { language, cells: out };
}

/** Walks a text already known to be valid JSON: values are skipped by their brackets and quotes. */
class OutlineScanner {
  constructor(private readonly text: string) {}

  skipSpace(i: number): number {
    const t = this.text;
    for (let c = t.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = t.charCodeAt(++i));
    return i;
  }

  /** The offset just past the string whose opening quote is at `i`. */
  private stringEnd(i: number): number {
    const t = this.text;
    for (let q = t.indexOf('"', i + 1); ; q = t.indexOf('"', q + 1)) {
      let backslashes = 0;
      while (t.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) return q + 1;
    }
  }

  /** The offset just past the value starting at `i`; nested collections are skipped with a counter, not recursion. */
  private valueEnd(i: number): number {
    const t = this.text;
    const c = t[i];
    if (c === '"') return this.stringEnd(i);
    if (c !== '{' && c !== '[') {
      let j = i;
      while (j < t.length && !/[\s,\]}]/.test(t[j])) j++;
      return j;
    }
    let depth = 0;
    for (let j = i; ; ) {
      const d = t[j];
      if (d === '"') {
        j = this.stringEnd(j);
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
  }

  string(i: number): { offset: number; length: number; value: string } {
    const end = this.stringEnd(i);
    const raw = this.text.slice(i, end);
    return { offset: i, length: end - i, value: raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1) };
  }

  /** A string, number, boolean or null as its value; undefined for a collection. */
  primitive(i: number): unknown {
    const c = this.text[i];
    if (c === '{' || c === '[') return undefined;
    if (c === '"') return this.string(i).value;
    return JSON.parse(this.text.slice(i, this.valueEnd(i))) as unknown;
  }

  /** Where the values of `keys` start in the object at `i` (the first of duplicate keys, as jsonc-parser's tree reads). */
  object(i: number, keys: string[]): Map<string, number> | undefined {
    const t = this.text;
    if (t[i] !== '{') return undefined;
    const found = new Map<string, number>();
    let j = this.skipSpace(i + 1);
    while (t[j] === '"') {
      const key = this.string(j);
      j = this.skipSpace(this.skipSpace(j + key.length) + 1);
      if (keys.includes(key.value) && !found.has(key.value)) found.set(key.value, j);
      j = this.skipSpace(this.valueEnd(j));
      if (t[j] === ',') j = this.skipSpace(j + 1);
    }
    return found;
  }

  /** Where each element of the array at `i` starts. */
  elements(i: number): number[] {
    const t = this.text;
    const out: number[] = [];
    let j = this.skipSpace(i + 1);
    while (j < t.length && t[j] !== ']') {
      out.push(j);
      j = this.skipSpace(this.valueEnd(j));
      if (t[j] === ',') j = this.skipSpace(j + 1);
    }
    return out;
  }
}

let sharedAnalyzer: PythonAnalyzer | undefined;

/** Called by `Engine.create()`: the analyzer `analyzeNotebookCells` uses. */
export function registerNotebookAnalyzer(analyzer: PythonAnalyzer): void {
  sharedAnalyzer = analyzer;
}

/**
 * Findings for an open notebook's code cells (LSP notebook sync), keyed by cell URI: the cells are
 * analysed as one program in order, and each finding and fix lands in the cell it is about.
 * Needs `Engine.create()` to have run (it loads the Python grammar).
 */
export function analyzeNotebookCells(cells: { uri: string; text: string }[], context: AnalysisContext, settings: RuleSettings = {}): Map<string, Finding[]> {
  if (!sharedAnalyzer) throw new Error('analyzeNotebookCells needs Engine.create() first');
  const units = cells.map((c) => plainUnit(c.uri, blankMagics(c.text)));
  const facts = sharedAnalyzer.analyzeUnits(units, context);
  const out = new Map<string, Finding[]>();
  for (const c of cells) {
    const perCell: FileFacts = {
      file: c.uri,
      dialect: 'python',
      resources: facts.resources.filter((r) => r.file === c.uri),
      suppressions: facts.suppressions.get(c.uri) ?? [],
      notices: [],
    };
    out.set(c.uri, findingsFor(perCell, settings));
  }
  return out;
}
