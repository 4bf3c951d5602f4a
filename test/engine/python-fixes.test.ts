import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Parser } from 'web-tree-sitter';
import { Engine } from '../../shared-rules/src/engine';
import type { Finding } from '../../shared-rules/src/model';
import { blankMagics } from '../../shared-rules/src/python/notebook';
import { createParser } from '../../shared-rules/src/tree-sitter';
import { active, applyEdits, contextFor, FIXTURES, fixtureFiles } from './python-support';

/** Syntax errors per code unit: the file, or each code cell of a notebook (which must stay valid JSON). */
export function syntaxErrors(parser: Parser, file: string, text: string): number[] {
  const sources: string[] = [];
  if (file.endsWith('.ipynb')) {
    const nb = JSON.parse(text) as { cells: { cell_type: string; source: string | string[] }[] };
    for (const c of nb.cells) if (c.cell_type === 'code') sources.push(blankMagics(Array.isArray(c.source) ? c.source.join('') : c.source));
  } else sources.push(text);
  return sources.map((s) => {
    const tree = parser.parse(s)!;
    const count = tree.rootNode.descendantsOfType('ERROR').length + (tree.rootNode.hasError ? 1 : 0);
    tree.delete();
    return count;
  });
}

const key = (f: Finding): string => `${f.ruleId} ${f.resource} ${f.fieldPath ?? ''}`;

/** Every fix offered on every fixture: applied, the file still parses, and the finding it was for is gone. */
describe('python fixes', () => {
  let engine: Engine;
  let parser: Parser;
  before(async () => {
    engine = await Engine.create();
    parser = await createParser('python');
  });

  for (const file of fixtureFiles(FIXTURES)) {
    const rel = path.relative(FIXTURES, file);
    it(`fixes in ${rel} apply cleanly and clear their finding`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const context = contextFor(file);
      const findings = active(engine.analyze({ path: file, text }, context).findings);
      const before = syntaxErrors(parser, file, text);
      for (const finding of findings) {
        for (const fix of finding.fixes) {
          const label = `${finding.ruleId} "${fix.title}" at ${finding.range.start.line}`;
          assert.ok(fix.edits.every((e) => e.file === file), `${label}: edits another file`);
          const fixed = applyEdits(text, fix.edits.flatMap((e) => e.edits));
          assert.notStrictEqual(fixed, text, `${label}: changes nothing`);
          const after = syntaxErrors(parser, file, fixed);
          assert.deepStrictEqual(after, before, `${label}: introduces syntax errors\n${fixed}`);
          const again = active(engine.analyze({ path: file, text: fixed }, context).findings);
          const count = (list: Finding[]): number => list.filter((f) => key(f) === key(finding)).length;
          assert.ok(count(again) < count(findings), `${label}: finding still reported\n${fixed}`);
        }
      }
    });
  }
});
