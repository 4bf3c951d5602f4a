import type { DialectEditor, FieldFact, FixValue, KmsKeyDefinition, Range, ResourceFacts, TextEdit } from '../model';
import { SUPPRESSION_MARKER } from '../suppressions';
import type { CallSite, Container, Entry } from './evaluate';
import type { PythonFieldHandle, PythonResourceHandle } from './facts';
import type { ConfigClass } from './field-table';

/** The value a created key constant holds until the user puts their key's ARN there. */
export const PLACEHOLDER_KEY_ARN = 'arn:aws:kms:REGION:ACCOUNT_ID:key/REPLACE-WITH-YOUR-KEY-ID';
const KEY_CONSTANT = 'SAGEMAKER_KMS_KEY_ARN';

function pythonLiteral(value: FixValue): string {
  switch (value.kind) {
    case 'literal':
      if (typeof value.value === 'boolean') return value.value ? 'True' : 'False';
      return typeof value.value === 'string' ? JSON.stringify(value.value) : String(value.value);
    case 'key':
      return value.key.reference.any;
    case 'placeholder-key':
      return JSON.stringify(PLACEHOLDER_KEY_ARN);
  }
}

/** A nested SDK config class by the name it has (or will have) at the call, and the import it needs. */
function configClass(site: CallSite, cls: ConfigClass): { name: string; importLine?: string } {
  const v3 = site.qualified?.startsWith('sagemaker.core.') && !cls.module.startsWith('sagemaker.core.');
  const module = v3 ? cls.module.replace(/^sagemaker\./, 'sagemaker.core.') : cls.module;
  const bound = site.scope.lookup(cls.cls)?.value;
  if (bound?.t === 'module' && bound.name.endsWith(`.${cls.cls}`)) return { name: cls.cls };
  const name = bound ? `SageMaker${cls.cls}` : cls.cls;
  return { name, importLine: `from ${module} import ${cls.cls}${name === cls.cls ? '' : ` as ${name}`}` };
}

/** Text for `segments` set to `value`, building config objects (SDK) or dicts (boto3) for the inner levels. */
function build(site: CallSite, consumed: string[], segments: string[], value: string, style: Container['style'], imports: string[]): string {
  const [head, ...tail] = segments;
  let inner = value;
  if (tail.length > 0) {
    const cls = site.row.form !== 'boto3' ? site.row.classes?.[[...consumed, head].join('.')] : undefined;
    if (cls) {
      const c = configClass(site, cls);
      if (c.importLine) imports.push(c.importLine);
      inner = `${c.name}(${build(site, [...consumed, head], tail, value, 'kwargs', imports)})`;
    } else inner = `{${build(site, [...consumed, head], tail, value, 'dict', imports)}}`;
  }
  return style === 'kwargs' ? `${head}=${inner}` : `${JSON.stringify(head)}: ${inner}`;
}

/** Adds an item to a call's arguments or a dict, one per line or inline as the existing items are. */
function insertItem(c: Container, item: string): TextEdit[] {
  const u = c.unit;
  const { lines } = u;
  const eol = u.eol;
  if (c.items.length === 0) return [u.edit({ start: c.openOffset, end: c.openOffset }, item)];
  const last = c.items[c.items.length - 1];
  const openLine = lines.positionAt(c.openOffset).line;
  const lastLine = lines.positionAt(last.start).line;
  const comma = /^[ \t]*,/.exec(u.text.slice(last.end, c.closeOffset));
  if (lastLine === openLine) return [u.edit({ start: last.end, end: last.end }, `, ${item}`)];
  const indent = lines.indentOf(lastLine);
  const lastEndLine = lines.positionAt(last.end).line;
  const closeLine = lines.positionAt(c.closeOffset).line;
  if (closeLine === lastEndLine) {
    const at = comma ? last.end + comma[0].length : last.end;
    return [u.edit({ start: at, end: at }, `${comma ? '' : ','}${eol}${indent}${item}${comma ? ',' : ''}`)];
  }
  const lineEnd = lines.lineEnd(lastEndLine);
  if (comma) return [u.edit({ start: lineEnd, end: lineEnd }, `${eol}${indent}${item},`)];
  if (lineEnd === last.end) return [u.edit({ start: last.end, end: last.end }, `,${eol}${indent}${item}`)];
  return [u.edit({ start: last.end, end: last.end }, ','), u.edit({ start: lineEnd, end: lineEnd }, `${eol}${indent}${item}`)];
}

/** Lines inserted at the call's module-level insertion point (after the imports before it). */
function moduleLines(site: CallSite, text: string[], separate: boolean): TextEdit {
  const u = site.unit;
  const eol = u.eol;
  const at = site.insertAt;
  const atEnd = at >= u.text.length && u.text.length > 0 && !/\n$/.test(u.text);
  const afterCode = separate && at > 0 && u.lines.lineText(u.lines.positionAt(at - 1).line).trim() !== '';
  const beforeCode = separate && at < u.text.length && u.lines.lineText(u.lines.positionAt(at).line).trim() !== '';
  return u.edit({ start: at, end: at }, (atEnd ? eol : '') + (afterCode ? eol : '') + text.map((l) => l + eol).join('') + (beforeCode ? eol : ''));
}

function removeEntry(entry: Entry): TextEdit[] | undefined {
  if (!entry.removal) return undefined;
  const u = entry.unit;
  const { lines, text } = u;
  const { span, statement } = entry.removal;
  const startLine = lines.positionAt(span.start).line;
  const before = text.slice(lines.lineStart(startLine), span.start);
  const trailing = /^[ \t]*,?[ \t]*(#.*)?/.exec(text.slice(span.end))![0];
  const endLine = lines.positionAt(span.end).line;
  const ownLines = before.trim() === '' && span.end + trailing.length >= lines.lineEnd(endLine);
  if (ownLines || statement) {
    const end = endLine + 1 < lines.lineCount ? lines.lineStart(endLine + 1) : text.length;
    return [u.edit({ start: lines.lineStart(startLine), end }, '')];
  }
  const after = /^\s*,\s*/.exec(text.slice(span.end));
  if (after) return [u.edit({ start: span.start, end: span.end + after[0].length }, '')];
  const prior = /,\s*$/.exec(text.slice(0, span.start));
  return [u.edit({ start: prior ? span.start - prior[0].length : span.start, end: span.end }, '')];
}

/** Writes fixes as minimal Python edits that keep the call's layout. */
export const pythonEditor: DialectEditor = {
  setField(resource: ResourceFacts, field: FieldFact, value: FixValue): TextEdit[] | undefined {
    const h = field.handle as PythonFieldHandle;
    // Edits are filed under the resource's file; a dict defined in another cell document cannot be edited from here.
    const target = h.entry ?? h.container.insertInto ?? h.container;
    if (target.unit.file !== resource.file || h.site.unit.file !== resource.file) return undefined;
    const text = pythonLiteral(value);
    const imports: string[] = [];
    let edits: TextEdit[];
    if (h.entry && h.rest.length === 0) {
      if (!h.entry.valueSpan) return undefined;
      edits = [h.entry.unit.edit(h.entry.valueSpan, text)];
    } else if (h.entry && h.entry.valueSpan) {
      const built = build(h.site, h.consumed, h.rest, text, 'kwargs', imports);
      edits = [h.entry.unit.edit(h.entry.valueSpan, built.slice(built.indexOf('=') + 1))];
    } else {
      const target = h.container.insertInto ?? h.container;
      if (target.closeOffset <= target.openOffset && target.items.length === 0 && target.openOffset === 0) return undefined;
      edits = insertItem(target, build(h.site, h.consumed, h.rest, text, target.style, imports));
    }
    const unique = [...new Set(imports)];
    return unique.length > 0 ? [moduleLines(h.site, unique, false), ...edits] : edits;
  },

  removeField(resource: ResourceFacts, field: FieldFact): TextEdit[] | undefined {
    const h = field.handle as PythonFieldHandle;
    return h.entry && h.rest.length === 0 && h.entry.unit.file === resource.file ? removeEntry(h.entry) : undefined;
  },

  suppress(resource: ResourceFacts, ruleId: string, at: Range): TextEdit[] {
    const { site } = resource.handle as PythonResourceHandle;
    const u = site.unit;
    const offset = u.offsetOf(at.start) ?? site.header.start;
    const line = u.lines.positionAt(offset).line;
    const start = u.lines.lineStart(line);
    return [u.edit({ start, end: start }, `${u.lines.indentOf(line)}# ${SUPPRESSION_MARKER} ${ruleId} <reason>${u.eol}`)];
  },

  createKey(resource: ResourceFacts): { edits: TextEdit[]; key: KmsKeyDefinition } | undefined {
    const own = (resource.handle as PythonResourceHandle).site;
    // A tuner's fix writes into the estimator call: the constant must come before that call.
    const site = own.inherited && own.inherited.site.unit === own.unit ? own.inherited.site : own;
    let name = KEY_CONSTANT;
    for (let n = 2; site.scope.module.vars.has(name); n++) name = `${KEY_CONSTANT}_${n}`;
    const edit = moduleLines(site, [
      "# Customer-managed KMS key for SageMaker volumes and outputs: replace the placeholder with your key's ARN.",
      `${name} = ${JSON.stringify(PLACEHOLDER_KEY_ARN)}`,
    ], true);
    const key: KmsKeyDefinition = { label: name, reference: { arn: name, any: name }, file: site.unit.file, range: edit.range };
    return { edits: [edit], key };
  },
};
