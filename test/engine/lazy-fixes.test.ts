import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Node, Tree, TreeCursor } from 'web-tree-sitter';
import { materializeFixes, withLazyFixes } from '../../shared-rules/src/analyze';
import { analyzeFolder } from '../../shared-rules/src/cli/analyze-folder';
import type { AnalysisContext, SourceText } from '../../shared-rules/src/dialect';
import type { Engine } from '../../shared-rules/src/engine';
import type { DialectEditor, Finding, Fix } from '../../shared-rules/src/model';
import { analyzeNotebookCells } from '../../shared-rules/src/python/notebook';
import { terraformEditor } from '../../shared-rules/src/terraform/editor';
import { createParser } from '../../shared-rules/src/tree-sitter';
import { engine } from './terraform/harness';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

function filesBelow(dir: string, pattern: RegExp): SourceText[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return filesBelow(p, pattern);
      return pattern.test(e.name) ? [{ path: p, text: fs.readFileSync(p, 'utf8') }] : [];
    });
}

/**
 * Runs `fn` with every tree-sitter Node, Tree and TreeCursor member throwing: computing fixes
 * after the analysis must not call into the WASM heap, where the tree may already be freed.
 */
function withoutTreeSitter<T>(fn: () => T): T {
  const saved: [object, string, PropertyDescriptor][] = [];
  for (const proto of [Node.prototype, Tree.prototype, TreeCursor.prototype] as object[]) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
      saved.push([proto, name, descriptor]);
      const trap = (): never => {
        throw new Error(`tree-sitter ${name} used while computing fixes`);
      };
      Object.defineProperty(proto, name, descriptor.get || descriptor.set ? { configurable: true, get: trap, set: trap } : { configurable: true, writable: true, value: trap });
    }
  }
  try {
    return fn();
  } finally {
    for (const [proto, name, descriptor] of saved) Object.defineProperty(proto, name, descriptor);
  }
}

type FixesOf = { finding: string; fixes: Fix[] }[];

function fixesOf(findings: readonly Finding[]): FixesOf {
  return findings.map((f) => ({ finding: `${f.ruleId} ${f.resource} ${f.fieldPath ?? ''} ${f.range.start.line}`, fixes: f.fixes }));
}

/** Titles of the fixes, reduced to their kind (`Use customer-managed key aws_kms_key.a` → `Use customer-managed key`). */
function kinds(all: FixesOf[]): Set<string> {
  const kind = /^(Suppress|Create a customer-managed KMS key|Use customer-managed key|Remove|Switch to|Set|Enable|Disable)/;
  return new Set(all.flatMap((list) => list.flatMap((f) => f.fixes.map((x) => kind.exec(x.title)?.[1] ?? x.title))));
}

/**
 * Analyses every file and reads the fixes at once; analyses again without reading them, deletes
 * the trees (forget, then a re-analysis of each file with other text), and reads them only then,
 * with tree-sitter out of reach. Returns both readings.
 */
function eagerAndLate(eng: Engine, files: SourceText[], contextOf: (texts: SourceText[]) => AnalysisContext): { eager: FixesOf[]; late: FixesOf[] } {
  const context = contextOf(files);
  const eager = files.map((f) => fixesOf(eng.analyze(f, context).findings));
  for (const f of files) eng.forget(f.path);
  const unread = files.map((f) => eng.analyze(f, context).findings);
  const changed = files.map((f) => ({ path: f.path, text: `${f.text}\n\n` }));
  for (const f of changed) {
    eng.forget(f.path);
    eng.analyze(f, contextOf(changed));
  }
  for (const f of files) eng.forget(f.path);
  const late = withoutTreeSitter(() => unread.map(fixesOf));
  return { eager, late };
}

const sameFolder = (texts: SourceText[]): AnalysisContext => ({ folderFiles: (dir: string) => texts.filter((t) => path.dirname(t.path) === path.resolve(dir)) });

describe('fixes computed when read', () => {
  let eng: Engine;
  before(async () => {
    eng = await engine();
  });

  it('traps tree-sitter while checking fixes (the check itself can fail)', async () => {
    const parser = await createParser('terraform');
    const tree = parser.parse('a = 1\n')!;
    try {
      assert.throws(() => withoutTreeSitter(() => tree.rootNode.hasError), /tree-sitter/);
      assert.strictEqual(tree.rootNode.hasError, false);
    } finally {
      tree.delete();
      parser.delete();
    }
  });

  it('Terraform: the same fixes after the trees are deleted, without touching them', () => {
    const folders = new Map<string, SourceText[]>();
    for (const f of filesBelow(path.join(FIXTURES, 'terraform'), /\.(tf|tfvars|tfvars\.json)$/)) folders.set(path.dirname(f.path), [...(folders.get(path.dirname(f.path)) ?? []), f]);
    const eager: FixesOf[] = [];
    const late: FixesOf[] = [];
    for (const files of folders.values()) {
      const r = eagerAndLate(eng, files, sameFolder);
      eager.push(...r.eager);
      late.push(...r.late);
    }
    assert.deepStrictEqual(late, eager);
    for (const k of ['Suppress', 'Create a customer-managed KMS key', 'Use customer-managed key', 'Remove', 'Switch to']) assert.ok(kinds(eager).has(k), `no "${k}" fix in the Terraform fixtures`);
  });

  it('CloudFormation: the same fixes after a re-analysis, without touching tree-sitter', () => {
    const files = filesBelow(path.join(FIXTURES, 'cloudformation'), /\.(ya?ml|json|template)$/);
    const { eager, late } = eagerAndLate(eng, files, () => ({ folderFiles: () => [] }));
    assert.deepStrictEqual(late, eager);
    for (const k of ['Suppress', 'Create a customer-managed KMS key', 'Use customer-managed key', 'Remove', 'Switch to']) assert.ok(kinds(eager).has(k), `no "${k}" fix in the CloudFormation fixtures`);
  });

  it('Python and notebooks: the same fixes after the trees are deleted, without touching them', () => {
    const files = filesBelow(path.join(FIXTURES, 'python'), /\.(py|ipynb)$/);
    const { eager, late } = eagerAndLate(eng, files, () => ({ folderFiles: () => [] }));
    assert.deepStrictEqual(late, eager);
    assert.ok(files.some((f) => f.path.endsWith('.ipynb')));
    for (const k of ['Suppress', 'Create a customer-managed KMS key', 'Use customer-managed key', 'Remove', 'Switch to']) assert.ok(kinds(eager).has(k), `no "${k}" fix in the Python fixtures`);
  });

  it('notebook cells: the same fixes when read after the next analysis', () => {
    const cells = [
      { uri: 'vscode-notebook-cell:/nb.ipynb#a', text: 'from sagemaker.estimator import Estimator\n' },
      { uri: 'vscode-notebook-cell:/nb.ipynb#b', text: 'est = Estimator(image_uri="i", role="r", instance_count=1, instance_type="ml.m5.xlarge")\nest.fit()\n' },
    ];
    const read = (m: Map<string, Finding[]>): FixesOf[] => [...m.values()].map(fixesOf);
    const eager = read(analyzeNotebookCells(cells, { folderFiles: () => [] }));
    const unread = analyzeNotebookCells(cells, { folderFiles: () => [] });
    analyzeNotebookCells([{ uri: cells[0].uri, text: 'x = 1\n' }], { folderFiles: () => [] });
    const late = withoutTreeSitter(() => read(unread));
    assert.deepStrictEqual(late, eager);
    assert.ok(late.flat().some((f) => f.fixes.length > 1));
  });

  it('computes fixes once, on first read, and not at all when replaced', () => {
    let runs = 0;
    const base = { ruleId: 'SML001', severity: 'error' as const, message: 'm', file: 'f', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, related: [], resource: 'r' };
    const fix: Fix = { title: 'Suppress SML001 here', edits: [{ file: 'f', edits: [] }] };
    const finding = withLazyFixes({ ...base }, () => {
      runs++;
      return [fix];
    });
    assert.strictEqual(runs, 0);
    assert.deepStrictEqual((JSON.parse(JSON.stringify(finding)) as Finding).fixes, [fix]);
    assert.deepStrictEqual(finding.fixes, [fix]);
    assert.strictEqual(runs, 1);
    const replaced = withLazyFixes({ ...base }, () => {
      runs++;
      return [fix];
    });
    replaced.fixes = [];
    assert.deepStrictEqual(structuredClone(replaced).fixes, []);
    assert.strictEqual(runs, 1);
  });

  it('findings share one fixes accessor and hide their pending state from copies', () => {
    const file = path.join(FIXTURES, 'terraform', 'edits', 'main.tf');
    const source = { path: file, text: fs.readFileSync(file, 'utf8') };
    const findings = eng.analyze(source, sameFolder([source])).findings;
    assert.ok(findings.length > 1);
    // One getter for every finding keeps them on one fast shape (new closures per finding made each a dictionary).
    const first = Object.getOwnPropertyDescriptor(findings[0], 'fixes');
    assert.ok(typeof first?.get === 'function');
    assert.ok(findings.every((f) => Object.getOwnPropertyDescriptor(f, 'fixes')?.get === first.get));
    for (const f of findings) {
      const keys = ['ruleId', 'severity', 'message', 'file', 'range', 'related', 'resource', 'fieldPath', 'fixes', ...(f.suppressed ? ['suppressed'] : [])];
      assert.deepStrictEqual(Object.keys(f), keys);
      const copy = { ...f };
      assert.deepStrictEqual(Object.getOwnPropertySymbols(copy), []);
      assert.deepStrictEqual(Object.keys(structuredClone(f)), keys);
    }
  });

  it('a fix computation that throws leaves the finding without fixes and is reported', () => {
    const errors: unknown[] = [];
    const finding = withLazyFixes(
      { ruleId: 'SML001', severity: 'error', message: 'm', file: 'f', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, related: [], resource: 'r' },
      () => {
        throw new Error('editor bug');
      },
      (e) => errors.push(e),
    );
    assert.deepStrictEqual(finding.fixes, []);
    assert.deepStrictEqual(finding.fixes, []);
    assert.strictEqual(errors.length, 1);
  });

  it('materialised findings carry their fixes as plain data through a structured clone', () => {
    const file = path.join(FIXTURES, 'terraform', 'edits', 'main.tf');
    const source = { path: file, text: fs.readFileSync(file, 'utf8') };
    const expected = fixesOf(eng.analyze(source, sameFolder([source])).findings);
    const findings = eng.analyze(source, sameFolder([source])).findings;
    materializeFixes(findings);
    eng.forget(file);
    assert.ok(findings.every((f) => Object.getOwnPropertyDescriptor(f, 'fixes')?.value !== undefined));
    assert.deepStrictEqual(fixesOf(structuredClone(findings)), expected);
  });

  it('a scan writes fixes only for SARIF, and sends them to the reporter as plain data', () => {
    const calls = { count: 0 };
    const editor = terraformEditor as unknown as Record<keyof DialectEditor, (...args: unknown[]) => unknown>;
    const saved = { ...editor };
    for (const name of Object.keys(saved) as (keyof DialectEditor)[]) {
      editor[name] = (...args: unknown[]) => {
        calls.count++;
        return saved[name](...args);
      };
    }
    try {
      const dir = path.join(FIXTURES, 'terraform', 'edits');
      const files = fs.readdirSync(dir).filter((n) => n.endsWith('.tf')).map((n) => path.join(dir, n)).sort();
      const job = (keepFixes: boolean) => ({ dir, files, rules: {}, maxFileSize: 5 * 1024 * 1024, keepFixes });
      const listed = structuredClone(analyzeFolder(eng, job(false)));
      assert.ok(listed.findings.length > 0);
      assert.strictEqual(calls.count, 0, 'text and JSON output computed fixes');
      const sarif = analyzeFolder(eng, job(true));
      assert.ok(calls.count > 0);
      const written = calls.count;
      const cloned = structuredClone(sarif);
      assert.strictEqual(calls.count, written);
      assert.ok(cloned.findings.some((f) => f.fixes.length > 1));
      assert.deepStrictEqual(cloned.findings.map((f) => f.fixes), sarif.findings.map((f) => f.fixes));
    } finally {
      Object.assign(editor, saved);
    }
  });
});
