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

/** The code cells of a `.ipynb` text as units, or a notice when it is not a notebook we can read. */
export function notebookUnits(file: string, text: string): { units: PyUnit[]; notice?: string } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const e = errors[0];
    return { units: [], notice: `${file}: not a readable notebook (${e ? printParseErrorCode(e.error) : 'empty'}${e ? ` at offset ${e.offset}` : ''}); skipped` };
  }
  const cells = property(root, 'cells');
  if (cells?.type !== 'array') return { units: [], notice: `${file}: not a Jupyter notebook (no "cells" list); skipped` };
  const metadata = property(root, 'metadata');
  const language: unknown = property(property(metadata, 'kernelspec'), 'language')?.value ?? property(property(metadata, 'language_info'), 'name')?.value;
  if (typeof language === 'string' && !/^python/i.test(language)) return { units: [] };
  const lines = new LineIndex(text);
  const eol = lines.eol;
  const units: PyUnit[] = [];
  for (const cell of cells.children ?? []) {
    if (property(cell, 'cell_type')?.value !== 'code') continue;
    const source = property(cell, 'source');
    const strings = source?.type === 'array' ? (source.children ?? []).filter((c) => c.type === 'string') : source?.type === 'string' ? [source] : [];
    let decoded = 0;
    const pieces: Piece[] = strings.map((s) => {
      const value = String(s.value);
      const piece = { rawStart: s.offset + 1, rawEnd: s.offset + s.length - 1, decodedStart: decoded, decodedLength: value.length };
      decoded += value.length;
      return piece;
    });
    const first = strings[0];
    const indent = first ? lines.indentOf(lines.positionAt(first.offset).line) : '';
    units.push(cellUnit(file, text, lines, eol, pieces, source?.type === 'array', indent));
  }
  return { units };
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
