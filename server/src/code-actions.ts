import type { CodeAction, CodeActionParams, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
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
export function quickFixes(params: CodeActionParams, findings: readonly Finding[], uriOf: (file: string) => string): CodeAction[] {
  const only = params.context.only;
  const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
  const wantsFixAll = only?.some((k) => FIX_ALL_KIND.startsWith(k) && k !== '') ?? false;
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
  if (wantsFixAll) {
    const fixAll = fixAllAction(findings, uriOf);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/**
 * Every preferred fix of the file whose edits do not conflict with an earlier one's, as one
 * action. An edit identical to one already taken (the same new key resource inserted by two
 * findings' fixes) is written once, so both fixes reference the same key.
 */
export function fixAllAction(findings: readonly Finding[], uriOf: (file: string) => string): CodeAction | undefined {
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
  if (count === 0) return undefined;
  return { title: `Fix all SageMaker Lint problems (${count})`, kind: FIX_ALL_KIND, edit: { changes } };
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
 * Whether two edits cannot both apply: replaced ranges that overlap, or an insertion strictly
 * inside a replaced range. Insertions at one point are fine (LSP keeps their order).
 */
function conflicts(a: Range, b: Range): boolean {
  const aEmpty = same(a.start, a.end);
  const bEmpty = same(b.start, b.end);
  if (aEmpty && bEmpty) return false;
  if (aEmpty) return before(b.start, a.start) && before(a.start, b.end);
  if (bEmpty) return before(a.start, b.start) && before(b.start, a.end);
  return before(a.start, b.end) && before(b.start, a.end);
}
