import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Node, Parser } from 'web-tree-sitter';
import { Evaluator, literalString, Scope } from '../../shared-rules/src/python/evaluate';
import { notebookUnits } from '../../shared-rules/src/python/notebook';
import type { PyUnit } from '../../shared-rules/src/python/unit';
import { plainUnit } from '../../shared-rules/src/python/unit';
import { createParser } from '../../shared-rules/src/tree-sitter';
import { FIXTURES, fixtureFiles } from './python-support';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** String literals of every shape the text reader must read as the tree does (or leave to it). */
const HANDWRITTEN = [
  `a = "plain"; b = 'single'; c = ""; d = ''`,
  `e = """triple
over lines"""; f = '''also
'''`,
  `g = "esc \\n \\t \\\\ \\" \\x41 \\u00e9 \\U0001F600 \\N{EM DASH} \\101 \\0 \\q"`,
  `h = r"raw \\n \\d+"; i = R'raw'; j = rb"bytes"; k = Br'x'; l = b"x"; m = u"unicode"; n = U'x'`,
  `o = f"no braces"; p = f"{x}"; q = F"{{literal}}"; r = rf"{x}\\n"; s = fR'{{'`,
  `t = "line \\
continued"; u = 'it''s'; v = "a" "b" 'c'`,
  `w = ''''quoted''''; x = """a"b""c"""; y = '\\''`,
  `z = "é ✓ 😀"; aa = f"{'nested'}"; bb = f'{x!r:>{width}}'`,
  `cc = "unterminated`,
  `if True:\n    dd = "x" +\nee = "after"`,
  `f(a=1, b = 2, c\t=3, d=\n4, e\n=5, g # c\n=6, h=(x == y), é=7, _i9=8, **k)`,
  `g(x==1, y= =2, z=lambda q=1: q)`,
];

function units(): PyUnit[] {
  const out = HANDWRITTEN.map((text, i) => plainUnit(`handwritten-${i}.py`, text));
  for (const file of [...fixtureFiles(FIXTURES), ...fixtureFiles(EXAMPLES)]) {
    const text = fs.readFileSync(file, 'utf8');
    if (file.endsWith('.ipynb')) out.push(...notebookUnits(file, text).units);
    else out.push(plainUnit(file, text));
  }
  return out;
}

describe('Python literals and keyword names read from text', () => {
  let parser: Parser;
  before(async () => {
    parser = await createParser('python');
  });
  after(() => parser.delete());

  it('read every literal the text reader accepts exactly as the tree does', () => {
    let fromText = 0;
    let fromTree = 0;
    for (const unit of units()) {
      const tree = parser.parse(unit.text);
      assert.ok(tree);
      try {
        const evaluator = new Evaluator();
        const internals = evaluator as unknown as { unit: PyUnit; stringFromTree(node: Node, scope: Scope): unknown };
        internals.unit = unit;
        for (const node of tree.rootNode.descendantsOfType('string')) {
          if (!node || node.hasError) continue;
          const literal = literalString(unit.text, node.startIndex, node.endIndex);
          if (!literal) {
            fromTree++;
            continue;
          }
          fromText++;
          assert.deepStrictEqual(literal, internals.stringFromTree(node, new Scope()), `${unit.file}: ${node.text}`);
        }
      } finally {
        tree.delete();
      }
    }
    // Both paths are exercised: plain literals from text, interpolating f-strings from the tree.
    assert.ok(fromText > 500, `${fromText} literals read from text`);
    assert.ok(fromTree > 5, `${fromTree} literals left to the tree`);
  });

  it('find every keyword argument name the tree finds', () => {
    let checked = 0;
    for (const unit of units()) {
      const tree = parser.parse(unit.text);
      assert.ok(tree);
      try {
        const evaluator = new Evaluator();
        const internals = evaluator as unknown as { unit: PyUnit; keywordName(node: Node): { start: number; end: number } | undefined };
        internals.unit = unit;
        for (const node of tree.rootNode.descendantsOfType('keyword_argument')) {
          if (!node || node.hasError) continue;
          const name = node.childForFieldName('name');
          assert.ok(name, node.text);
          assert.deepStrictEqual(internals.keywordName(node), { start: name.startIndex, end: name.endIndex }, `${unit.file}: ${node.text}`);
          checked++;
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(checked > 500, `${checked} keyword arguments`);
  });

  it('leaves interpolating f-strings and unknown shapes to the tree', () => {
    const text = `f"{x}" t"{x}" "open`;
    assert.strictEqual(literalString(text, 0, 6), undefined);
    assert.strictEqual(literalString(text, 7, 13), undefined);
    assert.strictEqual(literalString(text, 14, 19), undefined);
    assert.deepStrictEqual(literalString(`f"{{"`, 0, 5), undefined);
    assert.deepStrictEqual(literalString(`f"ok"`, 0, 5), { t: 'str', value: 'ok' });
    assert.deepStrictEqual(literalString(`rb"x"`, 0, 5), { t: 'unknown', reason: 'bytes' });
  });
});
