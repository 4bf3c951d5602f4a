import type { RuleFailure, RuleSettings } from '../../shared-rules/src/analyze';
import type { AnalysisContext } from '../../shared-rules/src/dialect';
import type { Engine } from '../../shared-rules/src/engine';
import type { Finding, Range } from '../../shared-rules/src/model';

export interface NotebookCellText {
  /** The cell's document URI (`vscode-notebook-cell:…`). */
  id: string;
  text: string;
  /** Only code cells are analysed. */
  kind: 'code' | 'markup';
}

export interface CellFinding {
  cell: string;
  finding: Finding;
}

/**
 * Findings of a notebook, each mapped back to its cell. The cells are analysed as one Python
 * program in order (names flow from cell to cell): they are joined, and every finding, fix edit
 * and related location is shifted back into the cell it falls in.
 */
export function analyzeNotebook(engine: Engine, notebookPath: string, cells: NotebookCellText[], context: AnalysisContext, settings: RuleSettings, onRuleFailure?: (f: RuleFailure) => void): CellFinding[] {
  const code = cells.filter((c) => c.kind === 'code');
  const starts: number[] = [];
  let line = 0;
  const parts: string[] = [];
  for (const cell of code) {
    starts.push(line);
    const text = cell.text.endsWith('\n') ? cell.text : `${cell.text}\n`;
    parts.push(text);
    line += text.split('\n').length - 1;
  }
  const virtualPath = `${notebookPath}.py`;
  const result = engine.analyze({ path: virtualPath, text: parts.join('') }, context, settings, onRuleFailure);
  const cellAt = (l: number) => {
    let i = starts.length - 1;
    while (i > 0 && starts[i] > l) i--;
    return i;
  };
  const shift = (range: Range, i: number): Range => ({
    start: { line: range.start.line - starts[i], character: range.start.character },
    end: range.end.line - starts[i] > lastLine(code[i].text) ? { line: lastLine(code[i].text), character: lastLineLength(code[i].text) } : { line: range.end.line - starts[i], character: range.end.character },
  });
  const out: CellFinding[] = [];
  for (const finding of result.findings) {
    const i = cellAt(finding.range.start.line);
    if (i < 0 || code.length === 0) continue;
    const cell = code[i].id;
    out.push({
      cell,
      finding: {
        ...finding,
        file: cell,
        range: shift(finding.range, i),
        related: finding.related.map((r) => (r.file === virtualPath ? { ...r, file: code[cellAt(r.range.start.line)].id, range: shift(r.range, cellAt(r.range.start.line)) } : r)),
        fixes: finding.fixes
          .map((fix) => ({
            ...fix,
            edits: fix.edits.flatMap((e) => {
              if (e.file !== virtualPath) return [e];
              const byCell = new Map<string, typeof e.edits>();
              for (const edit of e.edits) {
                const j = cellAt(edit.range.start.line);
                if (cellAt(edit.range.end.line) !== j) return [];
                const id = code[j].id;
                byCell.set(id, [...(byCell.get(id) ?? []), { ...edit, range: shift(edit.range, j) }]);
              }
              return [...byCell].map(([file, edits]) => ({ file, edits }));
            }),
          }))
          .filter((fix) => fix.edits.length > 0),
      },
    });
  }
  return out;
}

function lastLine(text: string): number {
  return text.split('\n').length - 1;
}

function lastLineLength(text: string): number {
  return text.length - text.lastIndexOf('\n') - 1;
}
