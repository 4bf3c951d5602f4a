import type { DialectEditor, FieldFact, FixValue, KmsKeyDefinition, Range, ResourceFacts, TextEdit } from '../model';
import { SUPPRESSION_MARKER } from '../suppressions';
import type { CfnFieldHandle, CfnResourceHandle } from './adapter';
import { keyReference } from './evaluate';
import type { CfnEntry, CfnMap, CfnNode, CfnSeq, CfnTemplate } from './syntax';
import { entryOf, intrinsicOf } from './syntax';

/** A value to write: one-line text as it appears in the file, or a structure rendered in the file's layout. */
type Out = { raw: string } | { map: [string, Out][] } | { seq: Out[] };

const raw = (text: string): Out => ({ raw: text });

const YAML_RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/** Layout habits of a file, computed once per parse: every finding's fixes consult them. */
const habits = new WeakMap<CfnTemplate, { quote: '"' | "'"; unit: string }>();

function habitsOf(t: CfnTemplate): { quote: '"' | "'"; unit: string } {
  let h = habits.get(t);
  if (!h) {
    const single = (t.text.match(/:\s'[^'\n]*'/g) ?? []).length;
    const double = (t.text.match(/:\s"[^"\n]*"/g) ?? []).length;
    h = { quote: double > single ? '"' : "'", unit: measureIndentUnit(t) };
    habits.set(t, h);
  }
  return h;
}

/** The quote character the file uses most for YAML strings. */
function preferredQuote(t: CfnTemplate): '"' | "'" {
  return habitsOf(t).quote;
}

function yamlString(t: CfnTemplate, value: string, quote?: '"' | "'"): string {
  if (!quote && /^[A-Za-z_/][A-Za-z0-9._/:-]*$/.test(value) && !YAML_RESERVED.test(value)) return value;
  const q = quote ?? preferredQuote(t);
  return q === '"' ? JSON.stringify(value) : `'${value.replace(/'/g, "''")}'`;
}

/** A string in the file's syntax (always quoted in YAML where plain text could be misread). */
function str(t: CfnTemplate, value: string): string {
  return t.format === 'json' ? JSON.stringify(value) : yamlString(t, value, /^[A-Za-z][A-Za-z0-9.:-]*$/.test(value) ? undefined : preferredQuote(t));
}

function fixText(t: CfnTemplate, value: FixValue, existing?: CfnNode): string {
  const quote = existing?.kind === 'scalar' ? existing.quote : undefined;
  switch (value.kind) {
    case 'literal':
      if (typeof value.value !== 'string') return String(value.value);
      return t.format === 'json' ? JSON.stringify(value.value) : yamlString(t, value.value, quote);
    case 'key':
      return value.key.reference.arn;
    case 'placeholder-key':
      return t.format === 'json' ? '"arn:aws:kms:REGION:ACCOUNT_ID:key/REPLACE-WITH-YOUR-KEY-ID"' : "'arn:aws:kms:REGION:ACCOUNT_ID:key/REPLACE-WITH-YOUR-KEY-ID'";
  }
}

/** One level of indentation as the file writes it. */
function indentUnit(t: CfnTemplate): string {
  return habitsOf(t).unit;
}

function measureIndentUnit(t: CfnTemplate): string {
  const lines = t.text.split(/\r?\n/);
  let prev = -1;
  let best = 0;
  for (const line of lines) {
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    if (t.format === 'json' && line.startsWith('\t')) return '\t';
    const indent = /^ */.exec(line)![0].length;
    if (prev >= 0 && indent > prev && (best === 0 || indent - prev < best)) best = indent - prev;
    prev = indent;
  }
  return ' '.repeat(best >= 1 && best <= 8 ? best : 2);
}

function column(t: CfnTemplate, offset: number): number {
  return t.lines.positionAt(offset).character;
}

/** The indentation of a map's entries (or, for an empty map, one level below its key). */
function entryIndent(t: CfnTemplate, map: CfnMap, unit: string): string {
  if (map.entries.length > 0) {
    const first = map.entries[0];
    if (t.format === 'json' || map.flow) return t.lines.indentOf(t.lines.positionAt(first.keyStart).line);
    return ' '.repeat(column(t, propertiesStart(t.text, first.keyStart)));
  }
  return t.lines.indentOf(t.lines.positionAt(map.start).line) + unit;
}

/**
 * Where a block mapping key's node begins: before the anchor and tag written in front of it on its
 * line (`&a InstanceType: …` puts the entries at the anchor's column, not the key's).
 */
function propertiesStart(text: string, keyStart: number): number {
  let start = keyStart;
  for (;;) {
    let i = start;
    while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
    let token = i;
    while (token > 0 && !/[\s]/.test(text[token - 1])) token--;
    if (token === i || (text[token] !== '&' && text[token] !== '!')) return start;
    start = token;
  }
}

function yamlKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_:.-]*$/.test(key) && !YAML_RESERVED.test(key) ? key : JSON.stringify(key);
}

function renderYamlEntry(key: string, value: Out, indent: string, unit: string, eol: string): string {
  if ('raw' in value) return `${indent}${yamlKey(key)}: ${value.raw}`;
  return `${indent}${yamlKey(key)}:${eol}${renderYamlBlock(value, indent + unit, unit, eol)}`;
}

function renderYamlBlock(value: Out, indent: string, unit: string, eol: string): string {
  if ('raw' in value) return `${indent}${value.raw}`;
  if ('map' in value) return value.map.map(([k, v]) => renderYamlEntry(k, v, indent, unit, eol)).join(eol);
  return value.seq
    .map((item) => {
      if ('raw' in item) return `${indent}- ${item.raw}`;
      const inner = renderYamlBlock(item, `${indent}  `, unit, eol);
      return `${indent}- ${inner.slice(indent.length + 2)}`;
    })
    .join(eol);
}

function renderFlow(t: CfnTemplate, value: Out, indent: string, unit: string, eol: string): string {
  if ('raw' in value) return value.raw;
  const json = t.format === 'json';
  const key = (k: string) => (json ? JSON.stringify(k) : yamlKey(k));
  if (!json) {
    if ('map' in value) return `{ ${value.map.map(([k, v]) => `${key(k)}: ${renderFlow(t, v, indent, unit, eol)}`).join(', ')} }`;
    return `[${value.seq.map((v) => renderFlow(t, v, indent, unit, eol)).join(', ')}]`;
  }
  const inner = indent + unit;
  if ('map' in value) return `{${eol}${value.map.map(([k, v]) => `${inner}${key(k)}: ${renderFlow(t, v, inner, unit, eol)}`).join(`,${eol}`)}${eol}${indent}}`;
  return `[${eol}${value.seq.map((v) => `${inner}${renderFlow(t, v, inner, unit, eol)}`).join(`,${eol}`)}${eol}${indent}]`;
}

/** `{A: {B: value}}` from the names still to create. */
function nest(segments: string[], leaf: Out): Out {
  return segments.reduceRight<Out>((acc, seg) => ({ map: [[seg, acc]] }), leaf);
}

function at(t: CfnTemplate, offset: number): Range {
  const p = t.lines.positionAt(offset);
  return { start: p, end: p };
}

function span(t: CfnTemplate, start: number, end: number): Range {
  return t.lines.range(start, end);
}

/** Adds `key: value` as the last entry of a map, in its block or flow layout. */
function insertEntry(t: CfnTemplate, map: CfnMap, key: string, value: Out): TextEdit[] | undefined {
  if (intrinsicOf(map) || map.short) return undefined;
  const eol = t.lines.eol;
  const unit = indentUnit(t);
  const indent = entryIndent(t, map, unit);
  if (t.format === 'yaml' && !map.flow) {
    if (map.entries.length === 0) return undefined;
    const lastLine = t.lines.positionAt(map.end).line;
    const end = t.lines.lineEnd(lastLine);
    return [{ range: at(t, end), newText: `${eol}${renderYamlEntry(key, value, indent, unit, eol)}` }];
  }
  const keyText = t.format === 'json' ? JSON.stringify(key) : yamlKey(key);
  const last = map.entries[map.entries.length - 1];
  const multiline = t.lines.positionAt(map.start).line !== t.lines.positionAt(map.end).line;
  if (!last) {
    const outer = t.lines.indentOf(t.lines.positionAt(map.start).line);
    const inner = outer + unit;
    const body = t.format === 'json' ? `{${eol}${inner}${keyText}: ${renderFlow(t, value, inner, unit, eol)}${eol}${outer}}` : `{ ${keyText}: ${renderFlow(t, value, inner, unit, eol)} }`;
    return [{ range: span(t, map.start, map.end), newText: body }];
  }
  if (multiline) return [{ range: at(t, last.value.end), newText: `,${eol}${indent}${keyText}: ${renderFlow(t, value, indent, unit, eol)}` }];
  return [{ range: at(t, last.value.end), newText: `, ${keyText}: ${renderFlow(t, value, indent, unit, eol)}` }];
}

/**
 * Adds `key: value` as the first entry of a map, just after its opening (the `Resources:` line or `{`),
 * so it never shares an insertion point with a field written at the end of the last resource, and
 * comments above the first entry stay with it.
 */
function prependEntry(t: CfnTemplate, map: CfnMap, key: string, value: Out): TextEdit[] | undefined {
  const first = map.entries[0];
  if (!first || map.short) return undefined;
  const eol = t.lines.eol;
  const unit = indentUnit(t);
  const indent = entryIndent(t, map, unit);
  if (t.format === 'yaml' && !map.flow) {
    const headerLine = t.lines.positionAt(first.keyStart).line - 1;
    if (headerLine < 0) return undefined;
    let line = headerLine;
    // The map's own key line: the last line before the first entry that is neither blank nor a comment.
    while (line > 0 && /^\s*(#.*)?$/.test(t.lines.lineText(line))) line--;
    return [{ range: at(t, t.lines.lineEnd(line)), newText: `${eol}${renderYamlEntry(key, value, indent, unit, eol)}` }];
  }
  const keyText = t.format === 'json' ? JSON.stringify(key) : yamlKey(key);
  const multiline = t.lines.positionAt(map.start).line !== t.lines.positionAt(first.keyStart).line;
  const entry = `${keyText}: ${renderFlow(t, value, indent, unit, eol)}`;
  return [{ range: at(t, map.start + 1), newText: multiline ? `${eol}${indent}${entry},` : ` ${entry},` }];
}

/** Appends an element to a list. */
function appendItem(t: CfnTemplate, seq: CfnSeq, value: Out): TextEdit[] | undefined {
  const eol = t.lines.eol;
  const unit = indentUnit(t);
  const last = seq.items[seq.items.length - 1];
  if (t.format === 'yaml' && !seq.flow) {
    if (!last) return undefined;
    const dash = t.text.lastIndexOf('-', last.start);
    const indent = ' '.repeat(column(t, dash));
    const end = t.lines.lineEnd(t.lines.positionAt(seq.end).line);
    return [{ range: at(t, end), newText: `${eol}${renderYamlBlock({ seq: [value] }, indent, unit, eol)}` }];
  }
  const indent = last ? t.lines.indentOf(t.lines.positionAt(last.start).line) : t.lines.indentOf(t.lines.positionAt(seq.start).line) + unit;
  if (!last) return [{ range: span(t, seq.start, seq.end), newText: `[${renderFlow(t, value, indent, unit, eol)}]` }];
  const multiline = t.lines.positionAt(seq.start).line !== t.lines.positionAt(seq.end).line;
  return [{ range: at(t, last.end), newText: multiline ? `,${eol}${indent}${renderFlow(t, value, indent, unit, eol)}` : `, ${renderFlow(t, value, indent, unit, eol)}` }];
}

/** Writes `segments` (nested property names ending with the field) below `container`, reusing what exists. */
function writePath(t: CfnTemplate, container: CfnMap, segments: string[], leaf: Out): TextEdit[] | undefined {
  let map = container;
  let i = 0;
  for (; i < segments.length - 1; i++) {
    const e = entryOf(map, segments[i]);
    if (!e) break;
    if (e.value.kind === 'scalar' && e.value.value === null) return replaceValue(t, e, nest(segments.slice(i + 1), leaf));
    if (e.value.kind !== 'map' || intrinsicOf(e.value)) return undefined;
    map = e.value;
  }
  const existing = entryOf(map, segments[i]);
  if (existing) return replaceValue(t, existing, nest(segments.slice(i + 1), leaf));
  return insertEntry(t, map, segments[i], nest(segments.slice(i + 1), leaf));
}

/** Replaces an entry's value, keeping the key, its quoting and anything after the value on its line. */
function replaceValue(t: CfnTemplate, e: CfnEntry, value: Out): TextEdit[] {
  const eol = t.lines.eol;
  const unit = indentUnit(t);
  const keyLine = t.lines.positionAt(e.keyStart).line;
  const keyIndent = t.format === 'yaml' ? ' '.repeat(column(t, e.keyStart)) : t.lines.indentOf(keyLine);
  const isNull = e.value.kind === 'scalar' && e.value.value === null;
  if (t.format === 'json') return [{ range: span(t, e.value.start, e.value.end), newText: renderFlow(t, value, keyIndent, unit, eol) }];
  const flowParent = t.text.slice(t.lines.lineStart(keyLine), e.keyStart).includes('{');
  const text = 'raw' in value ? ` ${value.raw}` : flowParent ? ` ${renderFlow(t, value, keyIndent, unit, eol)}` : `${eol}${renderYamlBlock(value, keyIndent + unit, unit, eol)}`;
  const end = isNull ? e.colonEnd : e.value.end;
  return [{ range: span(t, e.colonEnd, end), newText: text }];
}

/** Removes an entry with its line (block YAML) or with the comma that joins it to its neighbours. */
function removeEntry(t: CfnTemplate, map: CfnMap, e: CfnEntry): TextEdit[] | undefined {
  const i = map.entries.indexOf(e);
  if (i < 0) return undefined;
  const n = map.entries.length;
  if (t.format === 'yaml' && !map.flow) {
    if (n === 1) return [{ range: span(t, e.keyStart, e.value.end), newText: '{}' }];
    const startLine = t.lines.positionAt(e.keyStart).line;
    const endLine = t.lines.positionAt(Math.max(e.value.end, e.keyEnd)).line;
    const before = t.text.slice(t.lines.lineStart(startLine), e.keyStart);
    if (before.trim() === '') {
      const end = endLine + 1 < t.lines.lineCount ? t.lines.lineStart(endLine + 1) : t.text.length;
      const start = endLine + 1 < t.lines.lineCount ? t.lines.lineStart(startLine) : Math.max(0, t.lines.lineStart(startLine) - t.lines.eol.length);
      return [{ range: span(t, start, end), newText: '' }];
    }
    // `- Key: value` opening a list element: the next entry moves up onto the dash line.
    if (i + 1 < n) return [{ range: span(t, e.keyStart, map.entries[i + 1].keyStart), newText: '' }];
    return [{ range: span(t, map.entries[i - 1].value.end, e.value.end), newText: '' }];
  }
  if (n === 1) return [{ range: span(t, e.keyStart, e.value.end), newText: '' }];
  if (i + 1 < n) return [{ range: span(t, e.keyStart, map.entries[i + 1].keyStart), newText: '' }];
  return [{ range: span(t, map.entries[i - 1].value.end, e.value.end), newText: '' }];
}

function uniqueLogicalId(h: CfnResourceHandle, base: string): string {
  let name = base;
  for (let n = 2; h.model.resources.has(name); n++) name = `${base}${n}`;
  return name;
}

/** An `AWS::KMS::Key` with rotation and a key policy that lets the account administer it and SageMaker use it. */
function keyResource(t: CfnTemplate): Out {
  const root = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root';
  const rootRef = t.format === 'json' ? `{ "Fn::Sub": ${JSON.stringify(root)} }` : t.intrinsicStyle === 'short' ? `!Sub ${yamlString(t, root, preferredQuote(t))}` : `{ "Fn::Sub": ${yamlString(t, root, preferredQuote(t))} }`;
  const actions = ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];
  const s = (v: string) => raw(str(t, v));
  const quoted = (v: string) => raw(t.format === 'json' ? JSON.stringify(v) : yamlString(t, v, preferredQuote(t)));
  return {
    map: [
      ['Type', s('AWS::KMS::Key')],
      [
        'Properties',
        {
          map: [
            ['Description', quoted('Customer-managed key for SageMaker volumes and outputs')],
            ['EnableKeyRotation', raw('true')],
            [
              'KeyPolicy',
              {
                map: [
                  ['Version', quoted('2012-10-17')],
                  [
                    'Statement',
                    {
                      seq: [
                        {
                          map: [
                            ['Sid', s('AccountAdministration')],
                            ['Effect', s('Allow')],
                            ['Principal', { map: [['AWS', raw(rootRef)]] }],
                            ['Action', quoted('kms:*')],
                            ['Resource', quoted('*')],
                          ],
                        },
                        {
                          map: [
                            ['Sid', s('SageMakerUse')],
                            ['Effect', s('Allow')],
                            ['Principal', { map: [['Service', s('sagemaker.amazonaws.com')]] }],
                            ['Action', { seq: actions.map(quoted) }],
                            ['Resource', quoted('*')],
                          ],
                        },
                      ],
                    },
                  ],
                ],
              },
            ],
          ],
        },
      ],
    ],
  };
}

function suppressionItem(t: CfnTemplate, ruleId: string): Out {
  return { map: [['id', raw(str(t, ruleId))], ['reason', raw(t.format === 'json' ? '"<reason>"' : "'<reason>'")]] };
}

/**
 * Writes fixes as minimal edits that keep the template's layout, quoting and intrinsic style.
 * A template with syntax errors gets no structural edits: where the parser recovered, our
 * offsets may sit inside the broken text, and the fuzzer showed such edits add errors.
 */
export const cloudFormationEditor: DialectEditor = {
  setField(_resource: ResourceFacts, field: FieldFact, value: FixValue): TextEdit[] | undefined {
    const h = field.handle as CfnFieldHandle;
    const t = h.template;
    if (t.hasErrors) return undefined;
    if (h.entry) return replaceValue(t, h.entry, raw(fixText(t, value, h.entry.value)));
    return writePath(t, h.container, h.segments, raw(fixText(t, value)));
  },

  removeField(_resource: ResourceFacts, field: FieldFact): TextEdit[] | undefined {
    const h = field.handle as CfnFieldHandle;
    if (h.template.hasErrors) return undefined;
    return h.entry ? removeEntry(h.template, h.container, h.entry) : undefined;
  },

  suppress(resource: ResourceFacts, ruleId: string, where: Range): TextEdit[] {
    const h = resource.handle as CfnResourceHandle;
    const t = h.template;
    // Even a comment line can end a scalar the parser was still reading in a broken file (found by the fuzzer).
    if (t.hasErrors) return [];
    if (t.format === 'yaml') {
      const line = where.start.line;
      const lineText = t.lines.lineText(line);
      // A comment goes above the line; on a `- ` list line it lines up with the dash.
      const indent = /^[ \t]*/.exec(lineText)![0];
      return [{ range: at(t, t.lines.lineStart(line)), newText: `${indent}# ${SUPPRESSION_MARKER} ${ruleId} <reason>${t.lines.eol}` }];
    }
    const body = h.resource.entry.value;
    if (body.kind !== 'map') return [];
    const item = suppressionItem(t, ruleId);
    const metadata = entryOf(body, 'Metadata');
    if (!metadata) return insertEntry(t, body, 'Metadata', { map: [['sagemaker-lint', { map: [['ignore', { seq: [item] }]] }]] }) ?? [];
    if (metadata.value.kind !== 'map') return [];
    const ours = entryOf(metadata.value, 'sagemaker-lint');
    if (!ours) return insertEntry(t, metadata.value, 'sagemaker-lint', { map: [['ignore', { seq: [item] }]] }) ?? [];
    if (ours.value.kind !== 'map') return [];
    const ignore = entryOf(ours.value, 'ignore');
    if (!ignore) return insertEntry(t, ours.value, 'ignore', { seq: [item] }) ?? [];
    if (ignore.value.kind !== 'seq') return [];
    return appendItem(t, ignore.value, item) ?? [];
  },

  createKey(resource: ResourceFacts): { edits: TextEdit[]; key: KmsKeyDefinition } | undefined {
    const h = resource.handle as CfnResourceHandle;
    const t = h.template;
    const resources = h.model.resourcesEntry?.value;
    if (resources?.kind !== 'map' || t.hasErrors) return undefined;
    const name = uniqueLogicalId(h, 'SageMakerKey');
    const edits = prependEntry(t, resources, name, keyResource(t));
    if (!edits) return undefined;
    const key: KmsKeyDefinition = { label: name, reference: keyReference(t, name, false), file: t.path, range: edits[0].range };
    return { edits, key };
  },
};
