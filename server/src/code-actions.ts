import type { CodeAction, CodeActionParams, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix } from '../../shared-rules/src/model';
import { sameDiagnostic, toDiagnostic } from './diagnostics';
import { FIX_ALL_KIND } from './protocol';

/** A fix's edits as a WorkspaceEdit, keyed by the URIs the client knows. */
export function toWorkspaceEdit(fix: Fix, uriOf: (file: string) => string): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const { file, edits } of fix.edits) (changes[uriOf(file)] ??= []).push(...edits);
  return { changes };
}

/**
 * Quick fixes for the findings the request is about: those matching a diagnostic in the
 * request's context or, when the client sent none of ours, those overlapping the requested range.
 */
export function quickFixes(params: CodeActionParams, findings: readonly Finding[], uriOf: (file: string) => string, fixAll?: CodeAction): CodeAction[] {
  const only = params.context.only;
  const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
  const actions: CodeAction[] = [];
  if (wantsQuickFix) {
    const fromContext = findings.filter((f) => params.context.diagnostics.some((d) => sameDiagnostic(d, f)));
    const targets = fromContext.length > 0 ? fromContext : findings.filter((f) => overlaps(f.range, params.range));
    for (const finding of targets) {
      const diagnostic = toDiagnostic(finding, uriOf);
      for (const fix of finding.fixes) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred === true, edit: toWorkspaceEdit(fix, uriOf) });
      }
    }
  }
  if (fixAll && wantsFixAll(params)) actions.push(fixAll);
  return actions;
}

/** Whether the request asks for the fix-all source action (VS Code asks only when it means it: on save, or from the Source Action menu). */
export function wantsFixAll(params: CodeActionParams): boolean {
  return params.context.only?.some((k) => FIX_ALL_KIND.startsWith(k) && k !== '') ?? false;
}

/** Passes of a fix-all: each fixes what the last left, analysed again (ESLint's fix-all stops after 10 too). */
const MAX_FIX_ALL_PASSES = 10;

/**
 * Fix-all for a document whose text the server can analyse again: each pass applies the preferred
 * fixes that do not conflict (`fixAllAction`), the text with them is analysed again, and the next
 * pass fixes what is left, until nothing is or after 10 passes. Two fixes that both insert at one
 * point conflict, so the second is made from the text that already has the first: a property the
 * first created is then extended, not created twice, and arguments get their commas. Returns one
 * edit from the document's text to the result.
 */
export function fixAllInPasses(
  document: { uri: string; text: string },
  findings: readonly Finding[],
  analyse: (text: string) => readonly Finding[],
  uriOf: (file: string) => string,
): CodeAction | undefined {
  let text = document.text;
  let fixed = 0;
  let current = findings;
  for (let pass = 0; pass < MAX_FIX_ALL_PASSES; pass++) {
    const step = preferredFixes(current, uriOf);
    const edits = step?.changes[document.uri];
    if (!step || !edits || edits.length === 0) break;
    text = TextDocument.applyEdits(TextDocument.create(document.uri, 'text', 0, text), edits);
    fixed += step.count;
    current = analyse(text).filter((f) => !f.suppressed);
  }
  if (fixed === 0 || text === document.text) return undefined;
  return { title: `Fix all SageMaker Lint problems (${fixed})`, kind: FIX_ALL_KIND, edit: { changes: { [document.uri]: [changedSpan(document.uri, document.text, text)] } } };
}

/** One edit replacing just the part of `before` that differs from `after` (the cursor elsewhere stays put). */
function changedSpan(uri: string, before: string, after: string): TextEdit {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  const document = TextDocument.create(uri, 'text', 0, before);
  return { range: { start: document.positionAt(start), end: document.positionAt(before.length - end) }, newText: after.slice(start, after.length - end) };
}

/**
 * Every preferred fix of the file whose edits do not conflict with an earlier one's, as one
 * action. An edit identical to one already taken (the same new key resource inserted by two
 * findings' fixes) is written once, so both fixes reference the same key.
 */
export function fixAllAction(findings: readonly Finding[], uriOf: (file: string) => string): CodeAction | undefined {
  const fixes = preferredFixes(findings, uriOf);
  return fixes && { title: `Fix all SageMaker Lint problems (${fixes.count})`, kind: FIX_ALL_KIND, edit: { changes: fixes.changes } };
}

/** The edits of the preferred fixes that can apply together, by URI, and how many fixes they are. */
function preferredFixes(findings: readonly Finding[], uriOf: (file: string) => string): { changes: Record<string, TextEdit[]>; count: number } | undefined {
  const taken: { uri: string; edit: TextEdit }[] = [];
  const changes: Record<string, TextEdit[]> = {};
  let count = 0;
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.isPreferred);
    if (!fix) continue;
    const edits = fix.edits.flatMap(({ file, edits }) => edits.map((edit) => ({ uri: uriOf(file), edit })));
    const fresh = edits.filter(({ uri, edit }) => !taken.some((t) => t.uri === uri && sameEdit(t.edit, edit)));
    if (fresh.some(({ uri, edit }) => taken.some((t) => t.uri === uri && conflicts(t.edit.range, edit.range)))) continue;
    for (const { uri, edit } of fresh) {
      taken.push({ uri, edit });
      (changes[uri] ??= []).push(edit);
    }
    count++;
  }
  return count === 0 ? undefined : { changes, count };
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function same(a: Range['start'], b: Range['start']): boolean {
  return a.line === b.line && a.character === b.character;
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return same(a.range.start, b.range.start) && same(a.range.end, b.range.end) && a.newText === b.newText;
}

/** Closed ranges, for matching a request's range (a cursor touching a finding counts). */
function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * Whether two edits cannot both apply as they are: replaced ranges that overlap, an insertion
 * strictly inside a replaced range, or two insertions at one point (each was made for the text
 * without the other: two arguments into an empty call would run together, two fixes creating the
 * same missing YAML mapping would write it twice).
 */
function conflicts(a: Range, b: Range): boolean {
  const aEmpty = same(a.start, a.end);
  const bEmpty = same(b.start, b.end);
  if (aEmpty && bEmpty) return same(a.start, b.start);
  if (aEmpty) return before(b.start, a.start) && before(a.start, b.end);
  if (bEmpty) return before(a.start, b.start) && before(b.start, a.end);
  return before(a.start, b.end) && before(b.start, a.end);
}
