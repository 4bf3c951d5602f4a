import * as assert from 'assert';
import * as path from 'path';
import type { Parser } from 'web-tree-sitter';
import type { SourceText } from '../../../shared-rules/src/dialect';
import type { Engine } from '../../../shared-rules/src/engine';
import type { Finding, Fix } from '../../../shared-rules/src/model';
import { createParser } from '../../../shared-rules/src/tree-sitter';
import { analyzeModule, applyEdits, engine, EXAMPLES, FIXTURES, moduleFolders, readFolder, syntaxProblems, withCrlf, withTabs } from './harness';

const sameSpot = (a: Finding) => (b: Finding): boolean => a.ruleId === b.ruleId && a.resource === b.resource && a.fieldPath === b.fieldPath;

function apply(files: SourceText[], fix: Fix): SourceText[] {
  return files.map((f) => {
    const edits = fix.edits.filter((e) => e.file === f.path).flatMap((e) => e.edits);
    return edits.length > 0 ? { ...f, text: applyEdits(f.text, edits) } : f;
  });
}

/** Applies one fix and checks the file still parses and the finding is gone (or now suppressed). */
function checkFix(eng: Engine, parser: Parser, files: SourceText[], before: Finding[], finding: Finding, fix: Fix, style: { eol: string; indent: string }): void {
  const label = `${finding.ruleId} ${finding.resource} ${finding.fieldPath ?? ''}: "${fix.title}"`;
  for (const e of fix.edits.flatMap((x) => x.edits)) {
    if (style.eol === '\r\n') assert.ok(!/(^|[^\r])\n/.test(e.newText), `${label} writes a bare LF into a CRLF file`);
    if (style.indent === '\t') assert.ok(!/(^|\n) +\S/.test(e.newText), `${label} indents with spaces in a tab-indented file`);
  }
  const after = apply(files, fix);
  for (const [i, f] of after.entries()) {
    if (f.text === files[i].text) continue;
    assert.ok(syntaxProblems(parser, f.text) <= syntaxProblems(parser, files[i].text), `${label} breaks the syntax of ${path.basename(f.path)}:\n${f.text}`);
  }
  const findings = analyzeModule(eng, after);
  const open = (list: Finding[]): number => list.filter((f) => sameSpot(finding)(f) && !f.suppressed).length;
  const silenced = (list: Finding[]): number => list.filter((f) => sameSpot(finding)(f) && f.suppressed).length;
  assert.ok(open(findings) < open(before), `${label} leaves the finding in place`);
  if (fix.title.startsWith('Suppress ')) assert.ok(silenced(findings) > silenced(before), `${label} does not suppress the finding`);
  if (fix.title.startsWith('Create a customer-managed KMS key')) {
    const policy = findings.filter((f) => f.ruleId === 'SML020' && f.resource === finding.resource && f.fieldPath === finding.fieldPath);
    assert.deepStrictEqual(policy.map((f) => f.message), [], `${label}: the created key's policy must let SageMaker use it`);
  }
}

const variants: { name: string; transform: (files: SourceText[]) => SourceText[]; eol: string; indent: string }[] = [
  { name: 'as written', transform: (f) => f, eol: '\n', indent: '  ' },
  { name: 'CRLF', transform: withCrlf, eol: '\r\n', indent: '  ' },
  { name: 'tabs', transform: withTabs, eol: '\n', indent: '\t' },
];

describe('terraform fixes', () => {
  let parser: Parser;
  const titles = new Set<string>();
  before(async () => {
    parser = await createParser('terraform');
  });

  for (const dir of [...moduleFolders(FIXTURES), ...moduleFolders(EXAMPLES)]) {
    for (const variant of variants) {
      it(`${path.relative(path.resolve(FIXTURES, '../..'), dir)} (${variant.name})`, async () => {
        const eng = await engine();
        const files = variant.transform(readFolder(dir));
        const before = analyzeModule(eng, files);
        for (const finding of before.filter((f) => !f.suppressed)) {
          for (const fix of finding.fixes) {
            titles.add(fix.title.replace(/ \(recreates the resource\)$/, '').replace(/ [\w.]+$/, ''));
            checkFix(eng, parser, files, before, finding, fix, variant);
          }
        }
      });
    }
  }

  it('exercises every kind of fix', () => {
    const kinds = ['Use customer-managed key', 'Create a customer-managed KMS key for', 'Remove', 'Switch to', 'Set', 'Suppress'];
    const seen = kinds.filter((k) => [...titles].some((t) => t.startsWith(k)));
    assert.deepStrictEqual(seen, kinds);
  });
});
