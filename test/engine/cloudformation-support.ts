import { parseTree, type ParseError } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import type { FileAnalysis } from '../../shared-rules/src/engine';
import { Engine } from '../../shared-rules/src/engine';
import type { AnalysisContext } from '../../shared-rules/src/dialect';
import type { Finding } from '../../shared-rules/src/model';
import { INTRINSICS } from '../../shared-rules/src/cloudformation/syntax';

let shared: Promise<Engine> | undefined;

/** One engine for every CloudFormation test file. */
export function engine(): Promise<Engine> {
  shared ??= Engine.create();
  return shared;
}

export async function analyze(path: string, text: string, extra: Partial<AnalysisContext> = {}): Promise<FileAnalysis> {
  const e = await engine();
  e.forget(path);
  const file = { path, text };
  return e.analyze(file, { folderFiles: () => [file], ...extra });
}

export function active(findings: Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed);
}

export { applyEdits } from '../support/edits';

const tags = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, resolve: (s: string) => s },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (s: unknown) => s as never },
  { tag: `!${name}`, collection: 'map' as const, resolve: (s: unknown) => s as never },
]);

/** Syntax errors of a template text, by a strict parse of its format. */
export function syntaxErrors(path: string, text: string): string[] {
  if (path.endsWith('.json')) {
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    try {
      JSON.parse(text);
    } catch (error) {
      return [String(error), ...errors.map((e) => `error ${e.error} at ${e.offset}`)];
    }
    return errors.map((e) => `error ${e.error} at ${e.offset}`);
  }
  const doc = parseDocument(text, { customTags: tags, uniqueKeys: true });
  return [...doc.errors, ...doc.warnings].map((e) => e.message);
}
