import * as assert from 'assert';
import { LineIndex } from '../../shared-rules/src/text';
import { hashSeed, Random } from '../support/random';

/** Positions by walking the text one character at a time: `\r\n`, `\r` and `\n` each end a line. */
function naivePositions(text: string): { line: number; character: number }[] {
  const out: { line: number; character: number }[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i <= text.length; i++) {
    out.push({ line, character });
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      character = 0;
    } else {
      character++;
    }
  }
  return out;
}

describe('LineIndex', () => {
  const texts = ['', 'x', '\n', '\n\n', 'a\nb', 'a\r\nb\rc\n', '\r', '\r\n\r\n', 'a\r', 'é\n\ud83d\ude80\r\nz'];
  const r = new Random(hashSeed('line-index'));
  for (let i = 0; i < 40; i++) {
    const pieces = ['a', 'bc', ' ', '\t', '\n', '\r', '\r\n', '\u2028', '\ud83d\ude80'];
    texts.push(Array.from({ length: r.between(0, 30) }, () => r.pick(pieces)).join(''));
  }

  it('maps every offset to the position a character-by-character walk finds, with and without carriage returns', () => {
    for (const text of texts) {
      const lines = new LineIndex(text);
      const expected = naivePositions(text);
      for (let o = 0; o <= text.length; o++) {
        assert.deepStrictEqual(lines.positionAt(o), expected[o], `${JSON.stringify(text)} at ${o}`);
        // Between the `\r` and `\n` of a line break is no position of its own.
        const insideBreak = text[o - 1] === '\r' && text[o] === '\n';
        if (!insideBreak) assert.strictEqual(lines.offsetAt(expected[o]), o, `${JSON.stringify(text)} back from ${o}`);
      }
      assert.strictEqual(lines.lineCount, expected[text.length].line + 1, JSON.stringify(text));
    }
  });

  it('gives each line\'s leading spaces and tabs as its indentation', () => {
    for (const text of [...texts, '  a\n\t b\n \t\n\t', '\t\t\r\n  x\r  ']) {
      const lines = new LineIndex(text);
      for (let line = 0; line < lines.lineCount; line++) {
        assert.strictEqual(lines.indentOf(line), /^[ \t]*/.exec(lines.lineText(line))?.[0], `${JSON.stringify(text)} line ${line}`);
      }
    }
  });
});
