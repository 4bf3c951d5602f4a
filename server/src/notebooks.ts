import type { RuleSettings } from '../../shared-rules/src/analyze';
import type { AnalysisContext } from '../../shared-rules/src/dialect';
import type { Finding } from '../../shared-rules/src/model';
import { analyzeNotebookCells } from '../../shared-rules/src/python/notebook';

export interface NotebookCellText {
  /** The cell's document URI (`vscode-notebook-cell:…`). */
  uri: string;
  text: string;
}

/**
 * Findings of an open notebook, keyed by cell URI. The engine analyses the code cells as one
 * Python program in order and maps each finding and fix back to its cell.
 */
export function analyzeNotebook(cells: NotebookCellText[], context: AnalysisContext, settings: RuleSettings): Map<string, Finding[]> {
  return analyzeNotebookCells(cells, context, settings);
}
