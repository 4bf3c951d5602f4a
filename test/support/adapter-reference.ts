/*
 * The Terraform adapter as it was before its field facts were rebuilt without intermediate arrays
 * and read plain expressions from the text (with the reference evaluator). Tests compare with it.
 */
import * as path from 'path';
import type { Parser, Point } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import type { SourceText } from '../../shared-rules/src/dialect';
import type { FieldFact, FileFacts, Range, ResourceFacts, Suppression, Value } from '../../shared-rules/src/model';
import { unknown } from '../../shared-rules/src/model';
import { parseSuppressionComment } from '../../shared-rules/src/suppressions';
import { seenAt } from '../../shared-rules/src/values';
import { terraformEditor } from '../../shared-rules/src/terraform/editor';
import { ReferenceEvaluator as Evaluator } from './evaluate-reference';
import type { TerraformFieldRow, TerraformResourceRow } from '../../shared-rules/src/terraform/field-table';
import { TERRAFORM_RESOURCE_TYPES } from '../../shared-rules/src/terraform/field-table';
import { isTfvarsFile, TerraformModule, tfvarsJsonAsHcl } from '../../shared-rules/src/terraform/module';
import type { HclAttribute, HclBlock, HclFile } from '../../shared-rules/src/terraform/syntax';
import { blocksOf, parseHcl } from '../../shared-rules/src/terraform/syntax';

/** What the editor needs to write a fix for one field. */
export interface TerraformFieldHandle {
  /** The block the row's path is relative to. */
  base: HclBlock;
  /** Block names below `base`, then the attribute (or the presence block). */
  segments: string[];
  attribute?: HclAttribute;
  file: HclFile;
}

export interface TerraformResourceHandle {
  block: HclBlock;
  file: HclFile;
  module: TerraformModule;
}

/** Parsed files kept between analyses; a module folder larger than this is re-parsed as needed. */
const MAX_CACHED_FILES = 512;

export function isTerraformFile(file: string): boolean {
  return file.endsWith('.tf') || isTfvarsFile(file);
}

/** Terraform dialect: parses `.tf` files with tree-sitter and yields resource facts per file. */
export class ReferenceAdapter {
  private readonly parsed = new Map<string, HclFile>();
  private readonly modules = new Map<string, TerraformModule>();

  constructor(private readonly parser: Parser) {}

  /** Parses a file, reusing the previous parse when its text has not changed. */
  parse(file: SourceText): HclFile {
    const cached = this.parsed.get(file.path);
    this.parsed.delete(file.path);
    if (cached && cached.text === file.text) {
      this.parsed.set(file.path, cached);
      return cached;
    }
    let hcl: HclFile;
    if (file.path.endsWith('.tfvars.json')) {
      if (cached) cached.tree.delete();
      hcl = { ...parseHcl(this.parser, file.path, tfvarsJsonAsHcl(file.text)), text: file.text };
    } else if (cached) {
      // Re-parse incrementally from the previous tree: typing changes a few characters of a large file.
      cached.tree.edit(editBetween(cached.text, file.text));
      hcl = parseHcl(this.parser, file.path, file.text, cached.tree);
      cached.tree.delete();
    } else {
      hcl = parseHcl(this.parser, file.path, file.text);
    }
    this.parsed.set(file.path, hcl);
    return hcl;
  }

  /**
   * Bounds the parse cache (least recently used out) so a workspace scan does not keep every tree
   * alive. Runs before an analysis, never during one: facts hold nodes of the trees they came from.
   */
  private trim(keep: Set<string>): void {
    for (const [file, hcl] of this.parsed) {
      if (this.parsed.size <= MAX_CACHED_FILES) break;
      if (keep.has(file)) continue;
      hcl.tree.delete();
      this.parsed.delete(file);
      this.modules.delete(path.dirname(file));
    }
  }

  forget(filePath: string): void {
    this.parsed.get(filePath)?.tree.delete();
    this.parsed.delete(filePath);
    this.modules.delete(path.dirname(filePath));
  }

  /** The module a file belongs to: every `.tf` and `.tfvars` file of its folder. */
  module(target: SourceText, folder: SourceText[]): TerraformModule {
    const dir = path.dirname(target.path);
    const others = folder.filter((f) => f.path !== target.path && path.dirname(f.path) === dir);
    const all = [target, ...others];
    const tf = all.filter((f) => f.path.endsWith('.tf')).map((f) => this.parse(f));
    const tfvars = all.filter((f) => isTfvarsFile(f.path)).map((f) => this.parse(f));
    // The index is rebuilt only when a file of the folder changed: scanning a folder of n files stays linear.
    const cached = this.modules.get(dir);
    if (cached && sameFiles(cached.files, tf) && sameFiles(cached.tfvarsFiles, tfvars)) return cached;
    const module = new TerraformModule(dir, tf, tfvars);
    this.modules.set(dir, module);
    return module;
  }

  analyze(target: SourceText, folder: SourceText[]): FileFacts {
    this.trim(new Set([target.path, ...folder.map((f) => f.path)]));
    const module = this.module(target, folder);
    const file = this.parse(target);
    const facts: FileFacts = { file: target.path, dialect: 'terraform', resources: [], suppressions: fileSuppressions(file), notices: [] };
    if (!target.path.endsWith('.tf')) return facts;
    if (file.hasErrors) facts.notices.push(`${target.path}: syntax errors; incomplete blocks were skipped`);
    const evaluator = new Evaluator(module);
    let customerKeys: ReturnType<Evaluator['customerKeys']> | undefined;
    for (const block of file.blocks) {
      if (block.type !== 'resource' || block.labels.length < 2) continue;
      const row = TERRAFORM_RESOURCE_TYPES.get(block.labels[0]);
      if (!row) continue;
      customerKeys ??= evaluator.customerKeys();
      facts.resources.push(this.resourceFacts(row, block, file, module, evaluator, customerKeys));
    }
    return facts;
  }

  private resourceFacts(
    row: TerraformResourceRow,
    block: HclBlock,
    file: HclFile,
    module: TerraformModule,
    evaluator: Evaluator,
    customerKeys: ResourceFacts['customerKeys'],
  ): ResourceFacts {
    const fields: FieldFact[] = [];
    const bodyRows = row.each ? (row.resourceFields ?? []) : row.fields;
    for (const r of bodyRows) fields.push(...fieldFacts(r, block, block, file, evaluator));
    for (const type of row.each ?? []) {
      const elements = blocksOf(block, type);
      elements.forEach((element, i) => {
        const group = elements.length > 1 || type.endsWith('s') ? `${type}[${i}]` : type;
        if (element.dynamic) return;
        for (const r of row.fields) fields.push(...fieldFacts(r, element, block, file, evaluator).map((f) => ({ ...f, group })));
      });
    }
    const handle: TerraformResourceHandle = { block, file, module };
    return {
      dialect: 'terraform',
      file: file.path,
      kind: row.kind,
      instanceList: row.instanceList,
      type: row.type,
      label: `${block.labels[0]}.${block.labels[1]}`,
      header: block.header,
      fields,
      region: resourceRegion(block, file, module, evaluator),
      customerKeys,
      handle,
      editor: terraformEditor,
    };
  }
}

/** The one changed span between two texts (common prefix and suffix kept), as tree-sitter takes it (UTF-16 offsets). */
function editBetween(before: string, after: string): Edit {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < limit - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const pointAt = (text: string, offset: number): Point => {
    const row = countLineBreaks(text, offset);
    return { row, column: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
  };
  return new Edit({
    startIndex: start,
    oldEndIndex: before.length - suffix,
    newEndIndex: after.length - suffix,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, before.length - suffix),
    newEndPosition: pointAt(after, after.length - suffix),
  });
}

function countLineBreaks(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Blocks reached by walking `segments` from `base`; `dynamic` when a `dynamic` block stands on the way. */
function sameFiles(a: HclFile[], b: HclFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

function walk(base: HclBlock, segments: string[]): { blocks: HclBlock[]; deepest: HclBlock; dynamic: boolean } {
  let current = [base];
  let deepest = base;
  for (const seg of segments) {
    const next = current.flatMap((b) => blocksOf(b, seg));
    if (next.some((b) => b.dynamic)) return { blocks: [], deepest, dynamic: true };
    if (next.length === 0) return { blocks: [], deepest, dynamic: false };
    current = next;
    deepest = next[0];
  }
  return { blocks: current, deepest, dynamic: false };
}

function fieldFacts(row: TerraformFieldRow, base: HclBlock, resource: HclBlock, file: HclFile, evaluator: Evaluator): FieldFact[] {
  if (row.when) {
    const w = walk(base, row.when.block.split('.'));
    if (w.dynamic || w.blocks.length === 0) return [];
  }
  const optional = row.role === 'instance-type' || row.role === 'instance-count';
  const make = (segments: string[], value: Value, anchor: Range, attribute?: HclAttribute): FieldFact => ({
    role: row.role,
    name: segments[segments.length - 1],
    path: segments.join('.'),
    value,
    anchor,
    arnOnly: row.arnOnly,
    forcesReplacement: !row.inPlace,
    handle: { base, segments, attribute, file } satisfies TerraformFieldHandle,
  });
  // Of alternative paths none of which is set, report (and fix) the one whose enclosing block the
  // user already wrote: `hyper_parameter_tuning_resource_config` excludes `resource_config`.
  let firstMiss: { segments: string[]; anchor: Range; dynamic: boolean; parentExists: boolean } | undefined;
  const miss = (m: NonNullable<typeof firstMiss>): void => {
    if (!firstMiss || (m.parentExists && !firstMiss.parentExists)) firstMiss = m;
  };
  for (const p of row.paths) {
    const segments = p.split('.');
    const leaf = segments[segments.length - 1];
    if (row.presence) {
      const w = walk(base, segments);
      if (w.dynamic) return [make(segments, unknown('set by a dynamic block'), resource.header)];
      if (w.blocks.length > 0) return [make(segments, { state: 'known', value: true, range: w.blocks[0].header, trail: [] }, w.blocks[0].header)];
      miss({ segments, anchor: w.deepest.header, dynamic: false, parentExists: segments.length === 1 || walk(base, segments.slice(0, -1)).blocks.length > 0 });
      continue;
    }
    const w = walk(base, segments.slice(0, -1));
    if (w.dynamic) {
      miss({ segments, anchor: w.deepest.header, dynamic: true, parentExists: true });
      continue;
    }
    const present = w.blocks.map((b) => b.attributes.get(leaf)).filter((a): a is HclAttribute => a?.expr !== undefined);
    if (present.length > 0) {
      return present.map((attr) => {
        const value = evaluator.value(attr.expr!, file);
        return make(segments, seenAt(value, file.lines.range(attr.expr!.startIndex, attr.expr!.endIndex)), attr.range, attr);
      });
    }
    miss({ segments, anchor: w.deepest.header, dynamic: false, parentExists: w.blocks.length > 0 });
  }
  if (optional || !firstMiss) return [];
  const value: Value = firstMiss.dynamic ? unknown('set by a dynamic block') : { state: 'missing', trail: [] };
  return [make(firstMiss.segments, value, firstMiss.anchor)];
}

/** The resource's own `region` (provider 6), else its provider's (aliased with `provider = aws.x`). */
function resourceRegion(block: HclBlock, file: HclFile, module: TerraformModule, evaluator: Evaluator): Value {
  const own = block.attributes.get('region');
  if (own?.expr) return evaluator.value(own.expr, file);
  const providerRef = block.attributes.get('provider')?.expr?.text.trim() ?? 'aws';
  const provider = module.providers.get(providerRef);
  const region = provider?.item.attributes.get('region');
  if (!provider || !region?.expr) return unknown('region comes from the environment');
  return evaluator.value(region.expr, provider.file);
}

/** Comment suppressions: above a block they cover the block; trailing, their line; above an attribute, it. */
function fileSuppressions(file: HclFile): Suppression[] {
  const out: Suppression[] = [];
  const blockStartingAt = (line: number): HclBlock | undefined => {
    const find = (blocks: HclBlock[]): HclBlock | undefined => {
      for (const b of blocks) {
        if (b.range.start.line === line) return b;
        if (b.range.start.line < line && line <= b.range.end.line) return find(b.blocks);
      }
      return undefined;
    };
    return find(file.blocks);
  };
  const enclosingResource = (line: number): HclBlock | undefined =>
    file.blocks.find((b) => b.type === 'resource' && b.range.start.line <= line && line <= b.range.end.line);
  const commentLines = new Set(file.comments.filter((c) => !c.trailing).map((c) => c.range.start.line));
  for (const c of file.comments) {
    const parsed = parseSuppressionComment(c.text);
    if (!parsed) continue;
    let fromLine = c.range.start.line;
    let toLine = c.range.end.line;
    if (!c.trailing) {
      let next = c.range.end.line + 1;
      while (commentLines.has(next) || (next < file.lines.lineCount && file.lines.lineText(next).trim() === '' && commentLines.has(next + 1))) next++;
      const block = blockStartingAt(next);
      toLine = block ? block.range.end.line : next;
    }
    // Checkov reads its skip comments anywhere inside the resource block.
    if (parsed.kind === 'checkov') {
      const resource = enclosingResource(c.range.start.line);
      if (resource) {
        fromLine = resource.range.start.line;
        toLine = resource.range.end.line;
      }
    }
    out.push({ ...parsed, fromLine, toLine, range: c.range });
  }
  return out;
}
