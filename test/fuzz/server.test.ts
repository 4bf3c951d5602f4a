/**
 * The fuzz corpus through the language server (dist/server.js over stdio), as an editor drives it:
 * each mutant is opened (a notebook through notebook sync when its JSON has cells, else a text
 * document), its diagnostics awaited, the code actions of each diagnostic and the document's fix-all
 * asked for and applied to the text, and the document closed. Asserts: the server answers every
 * request and publishes for every document, logs no failure, and every fix leaves the text parsing
 * no worse than before.
 *
 * Budget: FUZZ_SERVER_MUTANTS per file (default 1 in `npm test`, 20 with `npm run fuzz`), with the
 * engine fuzz test's FUZZ_SEED and FUZZ_FILE; FUZZ_DUMP=<folder> writes each failing fix's texts there.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SourceText } from '../../shared-rules/src/dialect';
import { TestClient, uriOf } from '../protocol/lsp-client';
import { hashSeed, Random } from '../support/random';
import { SyntaxErrorCounter } from '../support/syntax-errors';
import { corpus, LONG, recoveredElsewhere, ROOT, SEED } from './corpus';
import { mutate } from './mutate';

const MUTANTS = Number(process.env.FUZZ_SERVER_MUTANTS ?? (LONG ? 20 : 1));
const MAX_FIXES_CHECKED = 12;
/** Failures the server reports in its log (`guarded` handlers, analyses, uncaught errors). */
const FAILURE = /failed|uncaught|unhandled rejection|internal error/i;

/** The language an editor would give the file (CloudFormation `.template` files are JSON or YAML). */
function languageOf(file: SourceText): string {
  if (/\.(tf|hcl)$/.test(file.path)) return 'terraform';
  if (file.path.endsWith('.tfvars')) return 'terraform-vars';
  if (file.path.endsWith('.py')) return 'python';
  if (/\.(ya?ml)$/.test(file.path)) return 'yaml';
  if (file.path.endsWith('.template')) return file.text.trimStart().startsWith('{') ? 'json' : 'yaml';
  return 'json';
}

/** A notebook's cells when its JSON is one an editor opens as a notebook; undefined otherwise. */
function notebookCells(text: string): { kind: 'code' | 'markdown'; text: string }[] | undefined {
  try {
    const cells = (JSON.parse(text) as { cells?: unknown }).cells;
    if (!Array.isArray(cells)) return undefined;
    return cells.map((c: { cell_type?: unknown; source?: unknown }) => ({
      kind: c?.cell_type === 'code' ? 'code' : 'markdown',
      text: Array.isArray(c?.source) ? c.source.join('') : typeof c?.source === 'string' ? c.source : '',
    }));
  } catch {
    return undefined;
  }
}

interface Target {
  /** The document the actions edit: a file or a notebook cell. */
  uri: string;
  /** The name the error counter goes by (a cell is Python). */
  countAs: string;
  text: string;
  diagnostics: Diagnostic[];
}

describe(`fuzz through the language server (seed ${SEED}, ${MUTANTS} mutants per file)`, function () {
  this.timeout(LONG ? 0 : 120_000);
  let client: TestClient;
  let counter: SyntaxErrorCounter;
  const files = corpus();
  const texts = files.map((f) => f.text);

  before(async () => {
    counter = await SyntaxErrorCounter.create();
    client = await TestClient.start({ folders: [ROOT], settings: { '*': { debounceMs: 0 } } });
  });

  after(async () => {
    counter.delete();
    await client.stop();
  });

  for (const original of files) {
    const rel = path.relative(ROOT, original.path);
    it(rel, async () => {
      const failures: string[] = [];
      for (let i = 0; i < MUTANTS && failures.length < 5; i++) {
        const { text, applied } = mutate(original.text, new Random(hashSeed(SEED, 'server', rel, i)), texts);
        const where = `mutant ${i} (${applied.join('+')}; reproduce: FUZZ_SEED=${SEED} FUZZ_FILE=${rel} FUZZ_SERVER_MUTANTS=${i + 1})`;
        const logged = client.logs.length;
        const problems = await checkMutant(client, counter, { path: original.path, text });
        const failure = client.logs.slice(logged).find((line) => FAILURE.test(line));
        if (failure) problems.push(`server logged: ${failure.slice(0, 600)}`);
        for (const p of problems) failures.push(`${where}: ${p}`);
      }
      assert.deepStrictEqual(failures, []);
    });
  }

  it('still analyses a clean file afterwards', async () => {
    const file = path.join(ROOT, 'fuzz-after', 'main.tf');
    await client.open(file, 'resource "aws_sagemaker_model" "m" {\n  name = "m"\n}\n');
    const diagnostics = await client.diagnosticsOf(file, (d) => d.length > 0);
    assert.ok(diagnostics.some((d) => d.code === 'SML010'), JSON.stringify(diagnostics));
    await client.close(file);
  });
});

async function checkMutant(client: TestClient, counter: SyntaxErrorCounter, file: SourceText): Promise<string[]> {
  const targets: Target[] = [];
  const cells = file.path.endsWith('.ipynb') ? notebookCells(file.text) : undefined;
  const notebookUri = uriOf(file.path);
  if (cells) {
    const prefix = `vscode-notebook-cell:${new URL(notebookUri).pathname}#`;
    for (const uri of [...client.diagnostics.keys()]) if (uri.startsWith(prefix)) client.diagnostics.delete(uri);
    const uris = await client.openNotebook(file.path, cells);
    const code = uris.filter((_, i) => cells[i].kind === 'code');
    await client.until(`diagnostics of every code cell of ${path.basename(file.path)}`, () => code.every((u) => client.diagnostics.has(u)));
    for (const [i, uri] of uris.entries()) {
      if (cells[i].kind === 'code') targets.push({ uri, countAs: 'cell.py', text: blankMagics(cells[i].text), diagnostics: client.diagnostics.get(uri) ?? [] });
    }
  } else {
    await client.open(file.path, file.text, languageOf(file));
    const diagnostics = await client.diagnosticsOf(file.path);
    targets.push({ uri: notebookUri, countAs: file.path, text: file.text, diagnostics });
  }
  const problems: string[] = [];
  try {
    let checked = 0;
    for (const target of targets) {
      const before = counter.count(target.countAs, target.text);
      if (before === undefined) continue;
      const actions: CodeAction[] = [];
      for (const d of target.diagnostics) {
        if (checked >= MAX_FIXES_CHECKED) break;
        actions.push(...(await actionsFor(client, target.uri, d.range, [d])));
        checked++;
      }
      if (target.diagnostics.length > 0) actions.push(...(await actionsFor(client, target.uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll'])));
      for (const action of actions) {
        const own = ownEdits(action, target.uri);
        if (own.length === 0) continue;
        let fixed: string;
        try {
          fixed = TextDocument.applyEdits(TextDocument.create(target.uri, 'text', 1, target.text), own);
        } catch (error) {
          problems.push(`"${action.title}": ${String(error)}`);
          continue;
        }
        const after = counter.count(target.countAs, fixed);
        const source = { path: target.countAs, text: target.text };
        if (after !== undefined && after > before && !recoveredElsewhere(counter, source, fixed, own, before)) {
          problems.push(`"${action.title}" on ${target.uri === notebookUri ? 'the file' : 'a cell'}: ${before} → ${after} syntax errors`);
          // FUZZ_DUMP=<folder> keeps the text before and after the fix, to look at.
          if (process.env.FUZZ_DUMP) {
            const base = path.join(process.env.FUZZ_DUMP, `${path.basename(file.path)}.${problems.length}`);
            fs.mkdirSync(process.env.FUZZ_DUMP, { recursive: true });
            fs.writeFileSync(`${base}.before`, target.text);
            fs.writeFileSync(`${base}.after`, fixed);
          }
        }
      }
    }
  } finally {
    if (cells) {
      const cellUris = targets.map((t) => t.uri);
      await client.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: notebookUri }, cellTextDocuments: cellUris.map((uri) => ({ uri })) });
    } else await client.close(file.path);
  }
  return problems;
}

async function actionsFor(client: TestClient, uri: string, range: Diagnostic['range'], diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  return actions ?? [];
}

/** The edits an action makes to one document (other files it creates or edits are left out). */
function ownEdits(action: CodeAction, uri: string): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

/** IPython magics and shell escapes are not Python: blanked as the adapter does. */
function blankMagics(text: string): string {
  return text.replace(/^[ \t]*[!%].*$/gm, '');
}
