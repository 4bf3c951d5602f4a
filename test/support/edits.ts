import type { TextEdit } from '../../shared-rules/src/model';
import { LineIndex } from '../../shared-rules/src/text';

/** Applies LSP text edits to a text; throws when edits overlap (an editor would reject them). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start < spans[i - 1].end) throw new Error(`overlapping edits at offset ${spans[i].start}`);
  }
  let out = text;
  for (let i = spans.length - 1; i >= 0; i--) out = out.slice(0, spans[i].start) + spans[i].text + out.slice(spans[i].end);
  return out;
}

/** Where each edit's new text lies in the original (`start`, `end`) and in the edited text (`at`, `atEnd`). */
export function editSpans(text: string, edits: TextEdit[]): { start: number; end: number; at: number; atEnd: number }[] {
  const index = new LineIndex(text);
  const spans = edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText })).sort((a, b) => a.start - b.start || a.end - b.end);
  let shift = 0;
  return spans.map((s) => {
    const at = s.start + shift;
    shift += s.text.length - (s.end - s.start);
    return { start: s.start, end: s.end, at, atEnd: at + s.text.length };
  });
}
