import type { Node, Parser, Tree } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import type { AnalysisContext, SourceText } from '../dialect';
import type { FileFacts, ResourceFacts, Suppression } from '../model';
import { parseSuppressionComment } from '../suppressions';
import { LineIndex } from '../text';
import { Evaluator } from './evaluate';
import { resourceFacts } from './facts';
import { notebookUnits } from './notebook';
import type { PyUnit } from './unit';
import { plainUnit } from './unit';

const CACHED_TREES = 16;

export function isNotebookFile(file: string): boolean {
  return file.endsWith('.ipynb');
}

/** Python dialect: SageMaker SDK and boto3 call sites in `.py` files and notebook code cells. */
export class PythonAnalyzer {
  /** Last tree per `.py` file, so an edited file re-parses incrementally (bounded: the CLI scans many files). */
  private readonly trees = new Map<string, { text: string; tree: Tree }>();

  constructor(private readonly parser: Parser) {}

  forget(file: string): void {
    this.trees.get(file)?.tree.delete();
    this.trees.delete(file);
  }

  private parse(unit: PyUnit, reuse: boolean): Tree | null {
    if (!reuse) return this.parser.parse(unit.text);
    const cached = this.trees.get(unit.file);
    if (cached?.text === unit.text) return cached.tree;
    let tree: Tree | null;
    if (cached) {
      const old = cached.text;
      const neu = unit.text;
      let start = 0;
      while (start < old.length && start < neu.length && old.charCodeAt(start) === neu.charCodeAt(start)) start++;
      let oldEnd = old.length;
      let newEnd = neu.length;
      while (oldEnd > start && newEnd > start && old.charCodeAt(oldEnd - 1) === neu.charCodeAt(newEnd - 1)) {
        oldEnd--;
        newEnd--;
      }
      const before = new LineIndex(old);
      const point = (lines: LineIndex, offset: number): { row: number; column: number } => {
        const p = lines.positionAt(offset);
        return { row: p.line, column: p.character };
      };
      cached.tree.edit(
        new Edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: newEnd,
        startPosition: point(before, start),
        oldEndPosition: point(before, oldEnd),
        newEndPosition: point(unit.lines, newEnd),
        }),
      );
      tree = this.parser.parse(neu, cached.tree);
      this.forget(unit.file);
    } else tree = this.parser.parse(unit.text);
    if (!tree) return null;
    if (this.trees.size >= CACHED_TREES) this.forget(this.trees.keys().next().value!);
    this.trees.set(unit.file, { text: unit.text, tree });
    return tree;
  }

  analyze(file: SourceText, context: AnalysisContext): FileFacts {
    const facts: FileFacts = { file: file.path, dialect: 'python', resources: [], suppressions: [], notices: [] };
    let units: PyUnit[];
    if (isNotebookFile(file.path)) {
      const notebook = notebookUnits(file.path, file.text);
      if (notebook.notice) facts.notices.push(notebook.notice);
      units = notebook.units;
    } else units = [plainUnit(file.path, file.text)];
    const result = this.analyzeUnits(units, context, !isNotebookFile(file.path));
    facts.resources = result.resources;
    facts.suppressions = [...result.suppressions.values()].flat();
    if (result.errors > 0 && !isNotebookFile(file.path)) facts.notices.push(`${file.path}: syntax errors; statements that do not parse were skipped`);
    return facts;
  }

  /** Analyses units in order as one program (names flow from one to the next). */
  analyzeUnits(units: PyUnit[], context: AnalysisContext, reuseTrees = false): { resources: ResourceFacts[]; suppressions: Map<string, Suppression[]>; errors: number } {
    const evaluator = new Evaluator();
    const suppressions = new Map<string, Suppression[]>();
    let errors = 0;
    // Nothing resolves to the SDK or a SageMaker client without the word in the source: skip the parse.
    if (!units.some((u) => u.text.includes('sagemaker'))) return { resources: [], suppressions, errors };
    for (const unit of units) {
      if (unit.text.trim() === '') continue;
      const tree = this.parse(unit, reuseTrees);
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
        if (!reuseTrees) tree.delete();
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
