import * as path from 'path';
import type { Parser, Point, Tree } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import type { SourceText } from '../dialect';
import type { FieldFact, FileFacts, Range, ResourceFacts, Suppression, Value } from '../model';
import { unknown } from '../model';
import { parseSuppressionComment } from '../suppressions';
import { terraformEditor } from './editor';
import { Evaluator } from './evaluate';
import type { TerraformFieldRow, TerraformResourceRow } from './field-table';
import { TERRAFORM_RESOURCE_TYPES } from './field-table';
import { isTfvarsFile, TerraformModule, tfvarsJsonAsHcl } from './module';
import type { HclAttribute, HclBlock, HclFile } from './syntax';
import { blocksOf, fitted, parseHcl } from './syntax';
import { blockKey, deleteTree, moduleContext, parseHclLazy } from './reuse';

/** What the editor needs to write a fix for one field. */
export interface TerraformFieldHandle {
  /** The block the row's path is relative to. */
  base: HclBlock;
  /** Block names below `base`, then the attribute (or the presence block). */
  segments: string[];
  /** Its `exprStart`/`exprEnd` offsets are plain numbers: a fix reads them after the tree is gone. */
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

/** Module contexts remembered for reuse keys (a few per file being edited). */
const MAX_CONTEXTS = 64;

const isTableType = (type: string): boolean => TERRAFORM_RESOURCE_TYPES.has(type);

export function isTerraformFile(file: string): boolean {
  return file.endsWith('.tf') || isTfvarsFile(file);
}

/** Terraform dialect: parses `.tf` files with tree-sitter and yields resource facts per file. */
export class TerraformAdapter {
  private readonly parsed = new Map<string, HclFile>();
  private readonly modules = new Map<string, TerraformModule>();
  /** Module context text → a short id for resource cache keys. */
  private readonly contexts = new Map<string, number>();
  private nextContext = 1;

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
      if (cached) deleteTree(cached.tree);
      hcl = { ...parseHcl(this.parser, file.path, tfvarsJsonAsHcl(file.text)), text: file.text };
    } else if (cached) {
      // Re-parse incrementally from the previous tree: typing changes a few characters of a large file.
      cached.tree.edit(editBetween(cached.text, file.text));
      hcl = this.parseText(file, cached.tree);
      deleteTree(cached.tree);
    } else {
      hcl = this.parseText(file);
    }
    this.parsed.set(file.path, hcl);
    return hcl;
  }

  /**
   * A re-parse (the file is being edited) reads SageMaker resources when first asked for, so a
   * reused one never is. A first parse (opening, scanning) reads the whole file in one pass, which
   * costs fewer calls into tree-sitter than reading each block on demand.
   */
  private parseText(file: SourceText, editedTree?: Tree): HclFile {
    if (!file.path.endsWith('.tf') || !editedTree) return parseHcl(this.parser, file.path, file.text, editedTree);
    return parseHclLazy(this.parser, file.path, file.text, editedTree, isTableType);
  }

  /**
   * Bounds the parse cache (least recently used out) so a workspace scan does not keep every tree
   * alive. Runs before an analysis, never during one: facts hold nodes of the trees they came from.
   */
  private trim(keep: Set<string>): void {
    for (const [file, hcl] of this.parsed) {
      if (this.parsed.size <= MAX_CACHED_FILES) break;
      if (keep.has(file)) continue;
      deleteTree(hcl.tree);
      this.parsed.delete(file);
      this.modules.delete(path.dirname(file));
    }
  }

  forget(filePath: string): void {
    const hcl = this.parsed.get(filePath);
    if (hcl) deleteTree(hcl.tree);
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
    let keys: ResourceFacts['customerKeys'] | undefined;
    const customerKeys = (): ResourceFacts['customerKeys'] => (keys ??= evaluator.customerKeys());
    // Only an analysis whose findings are reused reads the keys (a scan's single analysis does not).
    let context: number | undefined;
    const contextId = (): number => (context ??= this.contextId(file, module));
    for (const block of file.blocks) {
      if (block.type !== 'resource' || block.labels.length < 2) continue;
      const row = TERRAFORM_RESOURCE_TYPES.get(block.labels[0]);
      if (!row) continue;
      const key = blockKey(block);
      if (key === undefined) {
        facts.resources.push(this.resourceFacts(row, block, file, module, evaluator, customerKeys()));
        continue;
      }
      const cacheKey = (): string => `${contextId()}\u0001${key}`;
      facts.resources.push(this.lazyResourceFacts(row, block, file, module, cacheKey, () => this.resourceFacts(row, block, file, module, evaluator, customerKeys())));
    }
    return facts;
  }

  private contextId(file: HclFile, module: TerraformModule): number {
    const others = [...module.files.filter((f) => f !== file), ...module.tfvarsFiles];
    const context = moduleContext(file, others);
    let id = this.contexts.get(context);
    if (id === undefined) {
      id = this.nextContext++;
      if (this.contexts.size >= MAX_CONTEXTS) this.contexts.delete(this.contexts.keys().next().value!);
      this.contexts.set(context, id);
    }
    return id;
  }

  /**
   * Facts computed on first access, with a cache key: equal keys (for one file) mean equal
   * findings, so findings reused by key never read the block.
   */
  private lazyResourceFacts(
    row: TerraformResourceRow,
    block: HclBlock,
    file: HclFile,
    module: TerraformModule,
    cacheKey: () => string,
    compute: () => ResourceFacts,
  ): ResourceFacts {
    const facts = resourceIdentity(row, block, file, module) as ResourceFacts;
    Object.defineProperties(facts, LAZY_FACTS);
    lazyFacts.set(facts, { compute, cacheKey });
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
    for (const r of bodyRows) fieldFacts(r, block, block, file, evaluator, fields);
    for (const type of row.each ?? []) {
      const elements = blocksOf(block, type);
      for (let i = 0; i < elements.length; i++) {
        const group = elements.length > 1 || type.endsWith('s') ? `${type}[${i}]` : type;
        if (elements[i].dynamic) continue;
        for (const r of row.fields) fieldFacts(r, elements[i], block, file, evaluator, fields, group);
      }
    }
    // Written out rather than spread from `resourceIdentity`: a spread followed by more properties
    // gave every resource's facts a shape of its own (a new hidden class per resource).
    const handle: TerraformResourceHandle = { block, file, module };
    return {
      dialect: 'terraform',
      file: file.path,
      kind: row.kind,
      instanceList: row.instanceList,
      type: row.type,
      label: `${block.labels[0]}.${block.labels[1]}`,
      handle,
      editor: terraformEditor,
      header: block.header,
      fields: fitted(fields),
      region: resourceRegion(block, file, module, evaluator),
      customerKeys,
    };
  }
}

/** What a resource's facts say without reading its body: lazy facts have these before the rest. */
function resourceIdentity(
  row: TerraformResourceRow,
  block: HclBlock,
  file: HclFile,
  module: TerraformModule,
): Omit<ResourceFacts, 'header' | 'fields' | 'region' | 'customerKeys'> {
  const handle: TerraformResourceHandle = { block, file, module };
  return {
    dialect: 'terraform',
    file: file.path,
    kind: row.kind,
    instanceList: row.instanceList,
    type: row.type,
    label: `${block.labels[0]}.${block.labels[1]}`,
    handle,
    editor: terraformEditor,
  };
}

const lazyFacts = new WeakMap<ResourceFacts, { compute: () => ResourceFacts; full?: ResourceFacts; cacheKey: () => string; key?: string }>();

const fullFacts = (facts: ResourceFacts): ResourceFacts => {
  const state = lazyFacts.get(facts)!;
  return (state.full ??= state.compute());
};

const LAZY_FACTS: PropertyDescriptorMap = {
  ...Object.fromEntries(
    (['header', 'fields', 'region', 'customerKeys'] as const).map((field) => [field, { get(this: ResourceFacts): unknown { return fullFacts(this)[field]; }, enumerable: true, configurable: true }]),
  ),
  cacheKey: {
    get(this: ResourceFacts): string {
      const state = lazyFacts.get(this)!;
      return (state.key ??= state.cacheKey());
    },
    enumerable: true,
    configurable: true,
  },
};

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

/** The value of every field the resource does not write: one object, never modified (values are copied, not changed). */
const NOT_WRITTEN: Value = Object.freeze({ state: 'missing', trail: Object.freeze([]) as unknown as Value['trail'] });

function sameFiles(a: HclFile[], b: HclFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

interface Walk {
  blocks: HclBlock[];
  deepest: HclBlock;
  dynamic: boolean;
}

/** Blocks reached by walking the first `count` of `segments` from `base`; `dynamic` when a `dynamic` block stands on the way. */
function walk(base: HclBlock, segments: readonly string[], count = segments.length): Walk {
  // Runs for every path of every row: no arrays until a block matches (most paths name none).
  let current: HclBlock[] | undefined;
  let deepest = base;
  for (let i = 0; i < count; i++) {
    let next: HclBlock[] | undefined;
    let dynamic = false;
    const from = current ?? base;
    const levels = Array.isArray(from) ? from.length : 1;
    for (let l = 0; l < levels; l++) {
      const children = (Array.isArray(from) ? from[l] : from).blocks;
      for (let c = 0; c < children.length; c++) {
        const child = children[c];
        if (child.type !== segments[i]) continue;
        (next ??= []).push(child);
        if (child.dynamic) dynamic = true;
      }
    }
    if (dynamic) return { blocks: NO_BLOCKS, deepest, dynamic: true };
    if (!next) return { blocks: NO_BLOCKS, deepest, dynamic: false };
    current = next;
    deepest = next[0];
  }
  return { blocks: current ?? [base], deepest, dynamic: false };
}

/** The blocks of a walk that reached none: shared, never written. */
const NO_BLOCKS: HclBlock[] = Object.freeze([]) as unknown as HclBlock[];

/** Each row path split once: the facts' handles share these arrays and never change them. */
const SEGMENTS = new Map<string, string[]>();

function segmentsOf(path: string): string[] {
  let segments = SEGMENTS.get(path);
  if (!segments) {
    segments = path.split('.');
    SEGMENTS.set(path, segments);
  }
  return segments;
}

function fieldFact(
  row: TerraformFieldRow,
  path: string,
  segments: string[],
  value: Value,
  anchor: Range,
  base: HclBlock,
  file: HclFile,
  group: string | undefined,
  attribute?: HclAttribute,
): FieldFact {
  const fact: FieldFact = {
    role: row.role,
    name: segments[segments.length - 1],
    path,
    value,
    anchor,
    arnOnly: row.arnOnly,
    forcesReplacement: !row.inPlace,
    handle: { base, segments, attribute, file } satisfies TerraformFieldHandle,
  };
  if (group !== undefined) fact.group = group;
  return fact;
}

function fieldFacts(row: TerraformFieldRow, base: HclBlock, resource: HclBlock, file: HclFile, evaluator: Evaluator, into: FieldFact[], group?: string): void {
  if (row.when) {
    const w = walk(base, segmentsOf(row.when.block));
    if (w.dynamic || w.blocks.length === 0) return;
  }
  const optional = row.role === 'instance-type' || row.role === 'instance-count';
  // Of alternative paths none of which is set, report (and fix) the one whose enclosing block the
  // user already wrote: `hyper_parameter_tuning_resource_config` excludes `resource_config`.
  // The path reported as missing, in locals rather than an object per field.
  let missPath: string | undefined;
  let missSegments: string[] | undefined;
  let missAnchor: Range | undefined;
  let missDynamic = false;
  let missParentExists = false;
  for (let i = 0; i < row.paths.length; i++) {
    const p = row.paths[i];
    const segments = segmentsOf(p);
    const leaf = segments[segments.length - 1];
    let anchor: Range;
    let dynamic = false;
    let parentExists: boolean;
    if (row.presence) {
      const w = walk(base, segments);
      if (w.dynamic) {
        into.push(fieldFact(row, p, segments, unknown('set by a dynamic block'), resource.header, base, file, group));
        return;
      }
      if (w.blocks.length > 0) {
        const header = w.blocks[0].header;
        into.push(fieldFact(row, p, segments, { state: 'known', value: true, range: header, trail: [] }, header, base, file, group));
        return;
      }
      anchor = w.deepest.header;
      parentExists = segments.length === 1 || walk(base, segments, segments.length - 1).blocks.length > 0;
    } else if (segments.length === 1) {
      // The common case: an attribute of the base block itself.
      const attr = base.attributes.get(leaf);
      if (attr) {
        into.push(fieldFact(row, p, segments, evaluator.attributeValue(attr, file), attr.range, base, file, group, attr));
        return;
      }
      anchor = base.header;
      parentExists = true;
    } else {
      const w = walk(base, segments, segments.length - 1);
      if (w.dynamic) {
        anchor = w.deepest.header;
        dynamic = true;
        parentExists = true;
      } else {
        let found = false;
        for (let j = 0; j < w.blocks.length; j++) {
          const attr = w.blocks[j].attributes.get(leaf);
          if (!attr) continue;
          into.push(fieldFact(row, p, segments, evaluator.attributeValue(attr, file), attr.range, base, file, group, attr));
          found = true;
        }
        if (found) return;
        anchor = w.deepest.header;
        parentExists = w.blocks.length > 0;
      }
    }
    if (missPath === undefined || (parentExists && !missParentExists)) {
      missPath = p;
      missSegments = segments;
      missAnchor = anchor;
      missDynamic = dynamic;
      missParentExists = parentExists;
    }
  }
  if (optional || missPath === undefined || !missSegments || !missAnchor) return;
  const value: Value = missDynamic ? unknown('set by a dynamic block') : NOT_WRITTEN;
  into.push(fieldFact(row, missPath, missSegments, value, missAnchor, base, file, group));
}

/** The resource's own `region` (provider 6), else its provider's (aliased with `provider = aws.x`). */
function resourceRegion(block: HclBlock, file: HclFile, module: TerraformModule, evaluator: Evaluator): Value {
  const own = block.attributes.get('region');
  if (own) return evaluator.attributeValue(own, file);
  const providerAttr = block.attributes.get('provider');
  const providerRef = providerAttr ? file.text.slice(providerAttr.exprStart, providerAttr.exprEnd).trim() : 'aws';
  const provider = module.providers.get(providerRef);
  const region = provider?.item.attributes.get('region');
  if (!provider || !region) return unknown('region comes from the environment');
  return evaluator.attributeValue(region, provider.file);
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
