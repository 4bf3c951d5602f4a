import type { DialectEditor, FieldFact, FixValue, KmsKeyDefinition, Range, ResourceFacts, TextEdit } from '../model';
import { SUPPRESSION_MARKER } from '../suppressions';
import type { TerraformFieldHandle, TerraformResourceHandle } from './adapter';
import { referenceable } from './evaluate';
import type { HclBlock, HclFile } from './syntax';
import { blocksOf } from './syntax';

function hclLiteral(value: FixValue): string {
  switch (value.kind) {
    case 'literal':
      return typeof value.value === 'string' ? JSON.stringify(value.value) : String(value.value);
    case 'key':
      return value.key.reference.arn;
    case 'placeholder-key':
      return '"arn:aws:kms:REGION:ACCOUNT_ID:key/REPLACE-WITH-YOUR-KEY-ID"';
  }
}

/** The indentation one level deeper than a block's own, following the file's habit. */
function innerIndent(file: HclFile, block: HclBlock): { outer: string; inner: string } {
  const outer = file.lines.indentOf(block.range.start.line);
  const firstAttr = block.attributes.values().next().value;
  const firstChild = firstAttr?.range.start.line ?? block.blocks[0]?.range.start.line;
  if (firstChild !== undefined && firstChild !== block.range.start.line) {
    const inner = file.lines.indentOf(firstChild);
    if (inner.length > outer.length) return { outer, inner };
  }
  return { outer, inner: outer + indentUnit(file) };
}

/** One level of indentation as the file writes it: a tab in tab-indented files, else two spaces. */
export function indentUnit(file: HclFile): string {
  // Scans the whole file: asked once per fix, so kept per parse.
  let unit = indentUnits.get(file);
  if (unit === undefined) {
    unit = /\n(\t+)\S/.test(file.text) && !/\n( {2,})\S/.test(file.text) ? '\t' : '  ';
    indentUnits.set(file, unit);
  }
  return unit;
}

const indentUnits = new WeakMap<HclFile, string>();

/** Text that opens `segments` as nested blocks around `attr = value`, indented from `indent`. */
function nested(segments: string[], line: string, indent: string, unit: string, eol: string): string {
  if (segments.length === 0) return `${indent}${line}`;
  const [head, ...rest] = segments;
  return `${indent}${head} {${eol}${nested(rest, line, indent + unit, unit, eol)}${eol}${indent}}`;
}

/** Inserts lines just before a block's closing brace. */
function insertIntoBlock(file: HclFile, block: HclBlock, segments: string[], line: string): TextEdit[] | undefined {
  // Where the parser recovered from an error inside the block, its braces may not be where the user's are.
  if (block.bodyEnd === undefined || block.hasError) return undefined;
  const eol = file.lines.eol;
  const { outer, inner } = innerIndent(file, block);
  const unit = inner.slice(outer.length) || '  ';
  const text = nested(segments, line, inner, unit, eol);
  const close = file.lines.positionAt(block.bodyEnd);
  if (block.singleLine) {
    const open = file.lines.positionAt(block.bodyStart);
    const bodyText = file.text.slice(block.bodyStart, block.bodyEnd).trim();
    const body = bodyText ? `${eol}${inner}${bodyText}` : '';
    return [{ range: { start: open, end: close }, newText: `${body}${eol}${text}${eol}${outer}` }];
  }
  // Insert on its own line before the closing brace, whatever precedes the brace on its line.
  const closeLineStart = file.lines.lineStart(close.line);
  const beforeBrace = file.text.slice(closeLineStart, block.bodyEnd);
  if (beforeBrace.trim() === '') {
    const at = file.lines.positionAt(closeLineStart);
    return [{ range: { start: at, end: at }, newText: `${text}${eol}` }];
  }
  return [{ range: { start: close, end: close }, newText: `${eol}${text}${eol}${outer}` }];
}

function lineStartPos(line: number): Range {
  const p = { line, character: 0 };
  return { start: p, end: p };
}

/** Writes fixes as minimal HCL edits that keep the file's indentation and line breaks. */
export const terraformEditor: DialectEditor = {
  setField(_resource: ResourceFacts, field: FieldFact, value: FixValue): TextEdit[] | undefined {
    const h = field.handle as TerraformFieldHandle;
    const text = hclLiteral(value);
    if (h.attribute) return [{ range: h.file.lines.range(h.attribute.exprStart, h.attribute.exprEnd), newText: text }];
    // Find the deepest existing block on the path and open the rest.
    let block = h.base;
    let i = 0;
    for (; i < h.segments.length - 1; i++) {
      const next = blocksOf(block, h.segments[i])[0];
      if (!next || next.dynamic) break;
      block = next;
    }
    const attr = h.segments[h.segments.length - 1];
    return insertIntoBlock(h.file, block, h.segments.slice(i, -1), `${attr} = ${text}`);
  },

  removeField(_resource: ResourceFacts, field: FieldFact): TextEdit[] | undefined {
    const h = field.handle as TerraformFieldHandle;
    const attr = h.attribute;
    if (!attr) return undefined;
    const { lines } = h.file;
    const startLine = attr.range.start.line;
    const endLine = attr.range.end.line;
    const before = h.file.text.slice(lines.lineStart(startLine), attr.start);
    const after = h.file.text.slice(attr.end, lines.lineEnd(endLine));
    if (before.trim() === '' && (after.trim() === '' || /^\s*(#|\/\/)/.test(after))) {
      const end = endLine + 1 < lines.lineCount ? { line: endLine + 1, character: 0 } : lines.positionAt(lines.lineEnd(endLine));
      return [{ range: { start: { line: startLine, character: 0 }, end }, newText: '' }];
    }
    return [{ range: attr.range, newText: '' }];
  },

  suppress(resource: ResourceFacts, ruleId: string, at: Range): TextEdit[] {
    const h = resource.handle as TerraformResourceHandle;
    const line = at.start.line;
    const indent = h.file.lines.indentOf(line);
    return [{ range: lineStartPos(line), newText: `${indent}# ${SUPPRESSION_MARKER} ${ruleId} <reason>${h.file.lines.eol}` }];
  },

  createKey(resource: ResourceFacts): { edits: TextEdit[]; key: KmsKeyDefinition } | undefined {
    const h = resource.handle as TerraformResourceHandle;
    // The new key depends only on the file and its module, and a large file asks once per finding.
    // In a file with syntax errors the key goes above the resource, so it depends on the resource too.
    const cached = h.file.hasErrors ? createdKeysAbove.get(h.block) : createdKeys.get(h.file);
    if (cached?.module === h.module) return cached.created;
    const taken = new Set(h.module.resources.keys());
    let name = 'sagemaker';
    for (let n = 2; taken.has(`aws_kms_key.${name}`); n++) name = `sagemaker_${n}`;
    const identity = [...h.module.data.keys()].find((k) => k.startsWith('aws_caller_identity.') && referenceable(k));
    const partition = [...h.module.data.keys()].find((k) => k.startsWith('aws_partition.') && referenceable(k));
    const eol = h.file.lines.eol;
    const account = identity ? `data.${identity}.account_id` : 'data.aws_caller_identity.current.account_id';
    const part = partition ? `\${data.${partition}.partition}` : 'aws';
    const lines = [
      '',
      `resource "aws_kms_key" "${name}" {`,
      '  description         = "Customer-managed key for SageMaker volumes and outputs"',
      '  enable_key_rotation = true',
      '  policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [',
      '      {',
      '        Sid       = "AccountAdministration"',
      '        Effect    = "Allow"',
      `        Principal = { AWS = "arn:${part}:iam::\${${account}}:root" }`,
      '        Action    = "kms:*"',
      '        Resource  = "*"',
      '      },',
      '      {',
      '        Sid       = "SageMakerUse"',
      '        Effect    = "Allow"',
      '        Principal = { Service = "sagemaker.amazonaws.com" }',
      '        Action    = ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]',
      '        Resource  = "*"',
      '      },',
      '    ]',
      '  })',
      '}',
    ];
    if (!identity) lines.push('', 'data "aws_caller_identity" "current" {}');
    const unit = indentUnit(h.file);
    const indented = lines.map((l) => l.replace(/^((?: {2})+)/, (m) => unit.repeat(m.length / 2)));
    if (h.file.hasErrors) {
      // A file with syntax errors may end inside a broken block: define the key just above the resource instead.
      const at = h.block.range.start;
      const before = h.file.lines.lineText(at.line).slice(0, at.character);
      const indent = before.trim() === '' ? before : '';
      const newText = (indent === before ? '' : eol) + indented.slice(1).join(eol) + eol + eol + indent;
      const key: KmsKeyDefinition = {
        label: `aws_kms_key.${name}`,
        reference: { arn: `aws_kms_key.${name}.arn`, any: `aws_kms_key.${name}.arn` },
        file: h.file.path,
        range: { start: at, end: at },
      };
      const created = { edits: [{ range: { start: at, end: at }, newText }], key };
      createdKeysAbove.set(h.block, { module: h.module, created });
      return created;
    }
    const end = h.file.lines.positionAt(h.file.text.length);
    const needsBreak = h.file.text.length > 0 && !h.file.text.endsWith('\n');
    const text = (needsBreak ? eol : '') + indented.join(eol) + eol;
    const key: KmsKeyDefinition = {
      label: `aws_kms_key.${name}`,
      reference: { arn: `aws_kms_key.${name}.arn`, any: `aws_kms_key.${name}.arn` },
      file: h.file.path,
      range: { start: end, end },
    };
    const created = { edits: [{ range: { start: end, end }, newText: text }], key };
    createdKeys.set(h.file, { module: h.module, created });
    return created;
  },
};

type CreatedKey = { module: TerraformResourceHandle['module']; created: { edits: TextEdit[]; key: KmsKeyDefinition } };
const createdKeys = new WeakMap<HclFile, CreatedKey>();
const createdKeysAbove = new WeakMap<HclBlock, CreatedKey>();
