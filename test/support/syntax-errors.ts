import { parse as parseJsonc } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import type { Parser, Tree } from 'web-tree-sitter';
import { parseAllDocuments } from 'yaml';
import { createParser } from '../../shared-rules/src/tree-sitter';

/** Counts syntax errors the way each dialect's parser sees them, to check that fixes never make a file parse worse. */
export class SyntaxErrorCounter {
  private constructor(
    private readonly hcl: Parser,
    private readonly python: Parser,
  ) {}

  static async create(): Promise<SyntaxErrorCounter> {
    return new SyntaxErrorCounter(await createParser('terraform'), await createParser('python'));
  }

  /** Number of errors in `text` for a file named `file`; undefined when we have no parser for it. */
  count(file: string, text: string): number | undefined {
    if (/\.(tf|tfvars|hcl)$/.test(file)) return treeErrors(this.hcl, text);
    if (file.endsWith('.py')) return treeErrors(this.python, text);
    if (/\.(ya?ml)$/.test(file)) return yamlErrors(text);
    if (file.endsWith('.ipynb')) return this.notebookErrors(text);
    if (/\.(json|template)$/.test(file)) return jsonErrors(text);
    return undefined;
  }

  /** Offsets of the ERROR and MISSING nodes of a Terraform or Python text; undefined for other files. */
  errorSpans(file: string, text: string): { start: number; end: number }[] | undefined {
    const parser = /\.(tf|tfvars|hcl)$/.test(file) ? this.hcl : file.endsWith('.py') ? this.python : undefined;
    if (!parser) return undefined;
    const tree = parser.parse(text);
    if (!tree) return undefined;
    const spans: { start: number; end: number }[] = [];
    const cursor = tree.walk();
    try {
      for (;;) {
        if (cursor.nodeType === 'ERROR' || cursor.nodeIsMissing) spans.push({ start: cursor.startIndex, end: cursor.endIndex });
        if (cursor.gotoFirstChild()) continue;
        while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return spans;
      }
    } finally {
      cursor.delete();
      tree.delete();
    }
  }

  private notebookErrors(text: string): number {
    const errors = jsonErrors(text);
    if (errors > 0) return errors;
    let cells: unknown;
    try {
      cells = (JSON.parse(text) as { cells?: unknown }).cells;
    } catch {
      return 1;
    }
    if (!Array.isArray(cells)) return 0;
    let total = 0;
    for (const cell of cells as { cell_type?: unknown; source?: unknown }[]) {
      if (cell?.cell_type !== 'code') continue;
      const source = Array.isArray(cell.source) ? cell.source.join('') : typeof cell.source === 'string' ? cell.source : '';
      // IPython magics and shell escapes are not Python; blank them as the adapter does.
      total += treeErrors(this.python, source.replace(/^[ \t]*[!%].*$/gm, ''));
    }
    return total;
  }

  delete(): void {
    this.hcl.delete();
    this.python.delete();
  }
}

function treeErrors(parser: Parser, text: string): number {
  const tree: Tree | null = parser.parse(text);
  if (!tree) return Number.MAX_SAFE_INTEGER;
  let errors = 0;
  const cursor = tree.walk();
  // Iterative walk: fuzzed and adversarial inputs nest deeper than the JS stack.
  for (;;) {
    if (cursor.nodeType === 'ERROR' || cursor.nodeIsMissing) errors++;
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        tree.delete();
        return errors;
      }
    }
  }
}

function yamlErrors(text: string): number {
  try {
    return parseAllDocuments(text).reduce((n, doc) => n + ('errors' in doc ? doc.errors.length : 0), 0);
  } catch {
    return Number.MAX_SAFE_INTEGER;
  }
}

function jsonErrors(text: string): number {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true });
  return errors.length;
}
