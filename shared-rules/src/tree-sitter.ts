import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';

export type GrammarName = 'terraform' | 'python';

const GRAMMAR_FILES: Record<GrammarName, { file: string; pkg: string }> = {
  terraform: { file: 'tree-sitter-terraform.wasm', pkg: '@tree-sitter-grammars/tree-sitter-hcl' },
  python: { file: 'tree-sitter-python.wasm', pkg: 'tree-sitter-python' },
};

/**
 * Finds a WASM file: next to the bundle (dist/) when built, else in its npm package.
 * Packages' `exports` hide their files from require.resolve, so we walk up to node_modules.
 */
function locate(file: string, pkg: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', pkg, file);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`cannot find ${file} (package ${pkg})`);
}

let init: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<Language>>();

/** Loads tree-sitter's runtime once and the grammar once per process. */
export function loadGrammar(name: GrammarName): Promise<Language> {
  init ??= Parser.init({ locateFile: (file: string) => locate(file, 'web-tree-sitter') });
  let lang = languages.get(name);
  if (!lang) {
    const { file, pkg } = GRAMMAR_FILES[name];
    lang = init.then(() => Language.load(fs.readFileSync(locate(file, pkg))));
    languages.set(name, lang);
  }
  return lang;
}

export async function createParser(name: GrammarName): Promise<Parser> {
  const language = await loadGrammar(name);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
