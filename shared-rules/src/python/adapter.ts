import type { Node, Parser } from 'web-tree-sitter';
import type { AnalysisContext, SourceText } from '../dialect';
import type { FileFacts, ResourceFacts, Suppression } from '../model';
import { parseSuppressionComment } from '../suppressions';
import { Evaluator } from './evaluate';
import { resourceFacts } from './facts';
import { notebookUnits } from './notebook';
import type { PyUnit } from './unit';
import { plainUnit } from './unit';

export function isNotebookFile(file: string): boolean {
  return file.endsWith('.ipynb');
}

/** Python dialect: SageMaker SDK and boto3 call sites in `.py` files and notebook code cells. */
export class PythonAnalyzer {
  constructor(private readonly parser: Parser) {}

  analyze(file: SourceText, context: AnalysisContext): FileFacts {
    const facts: FileFacts = { file: file.path, dialect: 'python', resources: [], suppressions: [], notices: [] };
    let units: PyUnit[];
    if (isNotebookFile(file.path)) {
      const notebook = notebookUnits(file.path, file.text);
      if (notebook.notice) facts.notices.push(notebook.notice);
      units = notebook.units;
    } else units = [plainUnit(file.path, file.text)];
    const result = this.analyzeUnits(units, context);
    facts.resources = result.resources;
    facts.suppressions = [...result.suppressions.values()].flat();
    if (result.errors > 0 && !isNotebookFile(file.path)) facts.notices.push(`${file.path}: syntax errors; statements that do not parse were skipped`);
    return facts;
  }

  /** Analyses units in order as one program (names flow from one to the next). */
  analyzeUnits(units: PyUnit[], context: AnalysisContext): { resources: ResourceFacts[]; suppressions: Map<string, Suppression[]>; errors: number } {
    const evaluator = new Evaluator();
    const suppressions = new Map<string, Suppression[]>();
    let errors = 0;
    // Nothing resolves to the SDK or a SageMaker client without the word in the source: skip the parse.
    if (!units.some((u) => u.text.includes('sagemaker'))) return { resources: [], suppressions, errors };
    for (const unit of units) {
      if (unit.text.trim() === '') continue;
      const tree = this.parser.parse(unit.text);
      if (!tree) continue;
      try {
        if (tree.rootNode.hasError) errors++;
        evaluator.walkUnit(unit, tree.rootNode);
        if (/sagemaker-lint:|checkov:/i.test(unit.text)) {
          const list = suppressions.get(unit.file) ?? [];
          list.push(...unitSuppressions(unit, tree.rootNode));
          suppressions.set(unit.file, list);
        }
      } finally {
        tree.delete();
      }
    }
    const resources = evaluator.sites.flatMap((site) => {
      const r = resourceFacts(site, context.sdkConfig);
      return r ? [r] : [];
    });
    return { resources, suppressions, errors };
  }
}

/**
 * `# sagemaker-lint:ignore …` comments: trailing ones cover their line; one on its own line covers
 * the statement or argument that starts on the next code line (a whole call when above it).
 */
function unitSuppressions(unit: PyUnit, root: Node): Suppression[] {
  const out: Suppression[] = [];
  const { lines } = unit;
  for (const c of root.descendantsOfType('comment')) {
    if (!c) continue;
    const parsed = parseSuppressionComment(c.text);
    if (!parsed) continue;
    const line = c.startPosition.row;
    const trailing = lines.text.slice(lines.lineStart(line), c.startIndex).trim() !== '';
    let toOffset = c.endIndex;
    if (!trailing) {
      let next = line + 1;
      while (next < lines.lineCount && /^\s*(#.*)?$/.test(lines.lineText(next))) next++;
      if (next < lines.lineCount) {
        const column = lines.indentOf(next).length;
        let node: Node | null = root.descendantForPosition({ row: next, column });
        while (node?.parent && node.parent.startPosition.row === next && node.parent.type !== 'module' && node.parent.type !== 'block') node = node.parent;
        toOffset = node ? Math.max(node.endIndex, lines.lineEnd(next)) : lines.lineEnd(next);
      }
    }
    const range = unit.range({ start: c.startIndex, end: c.endIndex });
    const to = unit.range({ start: toOffset, end: toOffset });
    out.push({ ...parsed, fromLine: range.start.line, toLine: to.end.line, range });
  }
  return out;
}
