import type { Random } from '../support/random';

/** Characters that break parsers and position arithmetic: surrogates, combining marks, bidi, NUL, odd line breaks. */
const NASTY = [
  '\u0000',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ud83d\ude80',
  '\ud800',
  '\udc00',
  '\u0301',
  '\u202e',
  '\u200b',
  '\ufffd',
  '\t',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '${',
  '%{',
  '<<EOF\n',
  '#',
  '//',
  '/*',
  '\\',
  ':',
  '- ',
  '&a ',
  '*a',
  '!Ref ',
  '!If [',
  '"""',
  '**',
  'lambda:',
  '\u00e9',
  '\u4e2d\u6587',
];

/**
 * Escape sequences, well-formed and not, of Python, HCL, YAML and JSON strings. Not an unclosed
 * `\N{`: tree-sitter's Python lexer reads it up to the next `}`, past the closing quote,
 * so any `}` typed or inserted after it moves where the string ends (Python refuses the
 * literal in the first place).
 */
const ESCAPES = ['\\U', '\\Users', '\\UFFFFFFFF', '\\U0010FFFF', '\\U00110000', '\\x', '\\x4', '\\u12', '\\uD800', '\\u{41}', '\\N{NO SUCH NAME}', '\\777', '\\0', '\\', '\\$', '\\${', '\\%{', "\\'", '\\"', '\\\n', '\\\r\n'];

export interface Mutation {
  name: string;
  apply(text: string, r: Random, corpus: readonly string[]): string;
}

const lines = (text: string): string[] => text.split('\n');

export const MUTATIONS: Mutation[] = [
  {
    name: 'byte-flip',
    apply(text, r) {
      const bytes = Buffer.from(text, 'utf8');
      if (bytes.length === 0) return text;
      for (let i = 0, n = r.between(1, 8); i < n; i++) bytes[r.int(bytes.length)] ^= 1 << r.int(8);
      // Decoding replaces invalid sequences with U+FFFD, as reading an invalid UTF-8 file does.
      return bytes.toString('utf8');
    },
  },
  {
    name: 'truncate',
    apply(text, r) {
      return text.slice(0, r.int(text.length + 1));
    },
  },
  {
    name: 'splice',
    apply(text, r, corpus) {
      const other = r.pick(corpus);
      return text.slice(0, r.int(text.length + 1)) + other.slice(r.int(other.length + 1));
    },
  },
  {
    name: 'delete-lines',
    apply(text, r) {
      const ls = lines(text);
      for (let i = 0, n = r.between(1, 4); i < n && ls.length > 0; i++) ls.splice(r.int(ls.length), r.between(1, 5));
      return ls.join('\n');
    },
  },
  {
    name: 'duplicate-lines',
    apply(text, r) {
      const ls = lines(text);
      const start = r.int(ls.length);
      const chunk = ls.slice(start, start + r.between(1, 12));
      ls.splice(r.int(ls.length + 1), 0, ...chunk);
      return ls.join('\n');
    },
  },
  {
    name: 'random-unicode',
    apply(text, r) {
      let out = text;
      for (let i = 0, n = r.between(1, 10); i < n; i++) {
        const at = r.int(out.length + 1);
        const piece = r.chance(0.7) ? r.pick(NASTY) : String.fromCodePoint(r.int(0x110000 - 0x800) + (r.chance(0.5) ? 0 : 0x800));
        out = out.slice(0, at) + piece + out.slice(at);
      }
      return out;
    },
  },
  {
    // Escapes that the parsers accept and the languages refuse (`"C:\Users"`, `\UFFFFFFFF`), put just inside quotes.
    name: 'escape-in-string',
    apply(text, r) {
      const quotes: number[] = [];
      for (let i = text.indexOf('"'); i >= 0 && quotes.length < 10_000; i = text.indexOf('"', i + 1)) quotes.push(i);
      for (let i = text.indexOf("'"); i >= 0 && quotes.length < 20_000; i = text.indexOf("'", i + 1)) quotes.push(i);
      let out = text;
      for (let i = 0, n = r.between(1, 4); i < n; i++) {
        const at = quotes.length > 0 ? Math.min(r.pick(quotes) + 1, out.length) : r.int(out.length + 1);
        out = out.slice(0, at) + r.pick(ESCAPES) + out.slice(at);
      }
      return out;
    },
  },
  {
    name: 'swap-lines',
    apply(text, r) {
      const ls = lines(text);
      if (ls.length < 2) return text;
      for (let i = 0, n = r.between(1, 4); i < n; i++) {
        const a = r.int(ls.length);
        const b = r.int(ls.length);
        [ls[a], ls[b]] = [ls[b], ls[a]];
      }
      return ls.join('\n');
    },
  },
];

/** One mutant: one to three mutations in a row. Returns the text and the names applied. */
export function mutate(text: string, r: Random, corpus: readonly string[]): { text: string; applied: string[] } {
  let out = text;
  const applied: string[] = [];
  for (let i = 0, n = r.between(1, 3); i < n; i++) {
    const m = r.pick(MUTATIONS);
    out = m.apply(out, r, corpus);
    applied.push(m.name);
  }
  return { text: out, applied };
}
