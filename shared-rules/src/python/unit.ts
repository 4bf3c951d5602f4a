import type { Position, Range, TextEdit } from '../model';
import { LineIndex } from '../text';

/** A half-open span of UTF-16 offsets in a unit's text. */
export interface Span {
  start: number;
  end: number;
}

/**
 * One piece of Python source analysed in order with the others: a `.py` file, or one notebook cell.
 * Offsets are the unit's own; `range` and `edit` translate them into the file the user sees
 * (for a notebook on disk, positions inside the `.ipynb` JSON and JSON-escaped text).
 */
export interface PyUnit {
  /** The file findings and edits go to (the `.py`, the `.ipynb`, or a notebook cell's URI). */
  file: string;
  text: string;
  lines: LineIndex;
  /** The unit's line break, for inserted lines. */
  eol: string;
  range(span: Span): Range;
  /** The unit offset at a file position, when the position lies in this unit. */
  offsetOf(position: Position): number | undefined;
  edit(span: Span, newText: string): TextEdit;
}

/** A unit whose text is the file itself (a `.py` file or a notebook cell document). */
export function plainUnit(file: string, text: string): PyUnit {
  const lines = new LineIndex(text);
  return {
    file,
    text,
    lines,
    eol: lines.eol,
    range: (span) => lines.range(span.start, span.end),
    offsetOf: (position) => lines.offsetAt(position),
    edit: (span, newText) => ({ range: lines.range(span.start, span.end), newText }),
  };
}
