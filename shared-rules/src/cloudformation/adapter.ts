import type { AnalysisContext, SourceText } from '../dialect';
import type { FieldFact, FileFacts, Range, ResourceFacts, Suppression, Value } from '../model';
import { unknown } from '../model';
import { rulesForCheckovId } from '../rules/registry';
import { parseSuppressionComment } from '../suppressions';
import { seenAt } from '../values';
import { cloudFormationEditor } from './editor';
import type { CfnResource } from './evaluate';
import { CfnEvaluator, TemplateModel } from './evaluate';
import type { CfnFieldRow, CfnResourceRow } from './field-table';
import { CFN_RESOURCE_TYPES } from './field-table';
import type { CfnEntry, CfnMap, CfnNode, CfnTemplate } from './syntax';
import { entryOf, intrinsicOf, parseTemplate, scalarText, valueOf } from './syntax';

/** What the editor needs to write a fix for one field. */
export interface CfnFieldHandle {
  template: CfnTemplate;
  /** The deepest map that exists on the field's path. */
  container: CfnMap;
  /** Property names still to write below `container`, ending with the field itself. */
  segments: string[];
  /** The field's entry, when it is written. */
  entry?: CfnEntry;
}

export interface CfnResourceHandle {
  template: CfnTemplate;
  model: TemplateModel;
  resource: CfnResource;
}

const EXTENSIONS = /\.(ya?ml|json|template)$/i;
/** CDK writes these next to its templates: they mention `AWS::SageMaker::` types but are not templates. */
const NOT_TEMPLATES = /(^|[\\/])(tree\.json|manifest\.json|cdk\.json|cdk\.context\.json|package(-lock)?\.json|tsconfig\.json|[^\\/]*\.assets\.json)$/i;

const MAX_CACHED_TEMPLATES = 64;

/** Cheap test on the name and text; `analyze` confirms the structure. */
export function claimsTemplate(filePath: string, text: string): boolean {
  if (!EXTENSIONS.test(filePath) || NOT_TEMPLATES.test(filePath)) return false;
  if (/(^|[\s"'{,])AWSTemplateFormatVersion["']?\s*:/m.test(text)) return true;
  return /(^|[{,]\s*)["']?Resources["']?\s*:/m.test(text) && /["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::/.test(text);
}

/** CloudFormation dialect: YAML and JSON templates, including CDK and SAM output. */
export class CloudFormationAdapter {
  private readonly parsed = new Map<string, CfnTemplate>();

  /** Parses a template, reusing the last parse of an unchanged text (most recently used first out last). */
  parse(file: SourceText): CfnTemplate {
    const cached = this.parsed.get(file.path);
    this.parsed.delete(file.path);
    const t = cached && cached.text === file.text ? cached : parseTemplate(file.path, file.text);
    this.parsed.set(file.path, t);
    if (this.parsed.size > MAX_CACHED_TEMPLATES) this.parsed.delete(this.parsed.keys().next().value!);
    return t;
  }

  forget(filePath: string): void {
    this.parsed.delete(filePath);
  }

  analyze(file: SourceText, context: Pick<AnalysisContext, 'parameters'>): FileFacts {
    const template = this.parse(file);
    const facts: FileFacts = { file: file.path, dialect: 'cloudformation', resources: [], suppressions: [], notices: [] };
    if (template.refused) {
      facts.notices.push(`${file.path}: ${template.refused}`);
      return facts;
    }
    const model = new TemplateModel(template);
    if (!model.isTemplate) return facts;
    if (template.hasErrors) facts.notices.push(`${file.path}: syntax errors; incomplete resources were skipped`);
    facts.suppressions = templateSuppressions(template, model);
    const evaluator = new CfnEvaluator(model, context.parameters ?? {});
    let customerKeys: ResourceFacts['customerKeys'] | undefined;
    for (const resource of model.resources.values()) {
      const row = resource.type ? CFN_RESOURCE_TYPES.get(resource.type) : undefined;
      if (!row || resource.entry.value.kind !== 'map') continue;
      customerKeys ??= evaluator.customerKeys();
      facts.resources.push(resourceFacts(row, resource, template, model, evaluator, customerKeys));
    }
    return facts;
  }
}

function keyRange(t: CfnTemplate, e: CfnEntry): Range {
  return t.lines.range(e.keyStart, e.keyEnd);
}

function resourceFacts(
  row: CfnResourceRow,
  resource: CfnResource,
  t: CfnTemplate,
  model: TemplateModel,
  evaluator: CfnEvaluator,
  customerKeys: ResourceFacts['customerKeys'],
): ResourceFacts {
  const header = keyRange(t, resource.entry);
  const body = resource.entry.value as CfnMap;
  const props = entryOf(body, 'Properties');
  // Without `Properties` the base is the resource itself and every path starts with `Properties`.
  const base: Base = props?.value.kind === 'map' && !intrinsicOf(props.value) ? { map: props.value, anchor: header, prefix: [] } : { map: body, anchor: header, prefix: ['Properties'] };
  const propsUnknown = props !== undefined && (props.value.kind !== 'map' || intrinsicOf(props.value) !== undefined) && !(props.value.kind === 'scalar' && props.value.value === null);
  const fields: FieldFact[] = [];
  if (!propsUnknown) {
    const bodyRows = row.each ? (row.resourceFields ?? []) : row.fields;
    for (const r of bodyRows) fields.push(...fieldFacts(r, base, t, evaluator));
    for (const list of row.each ?? []) {
      const w = walk(t, base, [list], evaluator);
      w.found.forEach((element, i) => {
        const group = `${list}[${i}]`;
        for (const r of row.fields) fields.push(...fieldFacts(r, element, t, evaluator).map((f) => ({ ...f, group })));
      });
    }
  }
  const handle: CfnResourceHandle = { template: t, model, resource };
  return {
    dialect: 'cloudformation',
    file: t.path,
    kind: row.kind,
    instanceList: row.instanceList,
    type: row.type,
    label: resource.logicalId,
    header,
    fields,
    region: unknown('a template can be deployed to any region'),
    customerKeys,
    handle,
    editor: cloudFormationEditor,
  };
}

/** A map a path is walked from, where findings about its absent properties go, and the names leading to it. */
interface Base {
  map: CfnMap;
  anchor: Range;
  /** Names that do not exist yet between `map` and the row's path (`Properties` when the resource has none). */
  prefix: string[];
}

interface Walk {
  /** Maps at the end of the path. */
  found: Base[];
  /** The deepest map reached and the names still missing below it, when the path does not exist. */
  deepest: Base;
  missing: string[];
  /** The path runs through a value computed at deploy time (`!If`, `!Ref` to a list). */
  unknown?: string;
}

function walk(t: CfnTemplate, base: Base, segments: string[], evaluator: CfnEvaluator): Walk {
  if (base.prefix.length > 0) return { found: [], deepest: base, missing: [...base.prefix, ...segments] };
  let current: Base[] = [base];
  let deepest = base;
  for (let i = 0; i < segments.length; i++) {
    const next: Base[] = [];
    for (const b of current) {
      const e = entryOf(b.map, segments[i]);
      if (!e) continue;
      const anchor = keyRange(t, e);
      const v = evaluator.branch(e.value);
      if (v === undefined) continue;
      if (intrinsicOf(v) || v.kind === 'opaque') return { found: [], deepest, missing: [], unknown: `${segments.slice(0, i + 1).join('.')} is computed` };
      if (v.kind === 'map') next.push({ map: v, anchor, prefix: [] });
      else if (v.kind === 'seq') {
        for (const item of v.items) {
          if (intrinsicOf(item) || item.kind === 'opaque') return { found: [], deepest, missing: [], unknown: `an element of ${segments[i]} is computed` };
          if (item.kind === 'map') next.push({ map: item, anchor: item.entries[0] ? keyRange(t, item.entries[0]) : anchor, prefix: [] });
        }
      }
    }
    if (next.length === 0) return { found: [], deepest, missing: segments.slice(i) };
    current = next;
    deepest = next[0];
  }
  return { found: current, deepest, missing: [] };
}

function fieldFacts(row: CfnFieldRow, base: Base, t: CfnTemplate, evaluator: CfnEvaluator): FieldFact[] {
  if (row.when) {
    const w = walk(t, base, row.when.path.split('.'), evaluator);
    if (w.unknown || w.found.length === 0) return [];
  }
  const optional = row.optional || row.role === 'instance-type' || row.role === 'instance-count';
  let path = row.paths[0];
  const make = (segments: string[], value: Value, anchor: Range, container: CfnMap, entry?: CfnEntry): FieldFact => ({
    role: row.role,
    name: segments[segments.length - 1],
    path,
    value,
    anchor,
    forcesReplacement: !row.inPlace,
    handle: { template: t, container, segments, entry } satisfies CfnFieldHandle,
  });
  let firstMiss: FieldFact[] | undefined;
  for (const p of row.paths) {
    path = p;
    const segments = p.split('.');
    const leaf = segments[segments.length - 1];
    if (row.presence) {
      const w = walk(t, base, segments, evaluator);
      if (w.unknown) return [make([leaf], unknown(w.unknown), base.anchor, base.map)];
      const found = w.found[0];
      if (found) return [make([leaf], { state: 'known', value: true, range: found.anchor, trail: [] }, found.anchor, found.map)];
      const holder = walk(t, base, segments.slice(0, -1), evaluator);
      firstMiss ??= [make([...holder.missing, leaf], { state: 'missing', trail: [] }, holder.deepest.anchor, holder.deepest.map)];
      continue;
    }
    const w = walk(t, base, segments.slice(0, -1), evaluator);
    if (w.unknown) {
      firstMiss ??= [make([leaf], unknown(w.unknown), w.deepest.anchor, w.deepest.map)];
      continue;
    }
    const present = w.found.map((h) => ({ h, e: entryOf(h.map, leaf) })).filter((x) => x.e !== undefined);
    if (present.length > 0) {
      return present.map(({ h, e }) => {
        const value = evaluator.value(e!.value);
        return make([leaf], seenAt(value, evaluator.range(e!.value)), keyRange(t, e!), h.map, e);
      });
    }
    firstMiss ??=
      w.found.length > 0
        ? w.found.map((h) => make([leaf], { state: 'missing', trail: [] }, h.anchor, h.map))
        : [make([...w.missing, leaf], { state: 'missing', trail: [] }, w.deepest.anchor, w.deepest.map)];
  }
  if (optional || !firstMiss) return [];
  return firstMiss;
}

/** Comments (`# sagemaker-lint:ignore`, `# checkov:skip=`) and resource `Metadata` suppressions. */
function templateSuppressions(t: CfnTemplate, model: TemplateModel): Suppression[] {
  const out: Suppression[] = [];
  const lines = t.lines;
  const resources = [...model.resources.values()];
  const lineSpan = (r: CfnResource) => ({ from: lines.positionAt(r.entry.keyStart).line, to: lines.positionAt(r.entry.value.end).line });
  const enclosingResource = (line: number) => resources.find((r) => lineSpan(r).from <= line && line <= lineSpan(r).to);
  const spans = entrySpans(t);
  const commentLines = new Set(t.comments.filter((c) => !c.trailing).map((c) => c.line));
  for (const c of t.comments) {
    const parsed = parseSuppressionComment(c.text);
    if (!parsed) continue;
    let fromLine = c.line;
    let toLine = c.line;
    if (!c.trailing) {
      let next = c.line + 1;
      while (next < lines.lineCount && (commentLines.has(next) || lines.lineText(next).trim() === '')) next++;
      fromLine = next;
      toLine = spans.get(next) ?? next;
    }
    if (parsed.kind === 'checkov') {
      const r = enclosingResource(c.line);
      if (r) ({ from: fromLine, to: toLine } = lineSpan(r));
    }
    out.push({ ...parsed, fromLine, toLine, range: lines.range(c.start, c.end) });
  }
  for (const r of resources) {
    const metadata = valueOf(r.entry.value, 'Metadata');
    if (!metadata) continue;
    const { from, to } = lineSpan(r);
    const place = (node: CfnNode): Range => lines.range(node.start, node.end);
    const ours = valueOf(valueOf(metadata, 'sagemaker-lint'), 'ignore');
    for (const item of ours?.kind === 'seq' ? ours.items : ours ? [ours] : []) {
      const id = valueOf(item, 'id');
      const ids = (id?.kind === 'seq' ? id.items.map((i) => scalarText(i) ?? '').join(',') : (scalarText(id) ?? scalarText(item) ?? ''))
        .split(/[\s,]+/)
        .map((s) => s.trim().toUpperCase())
        .filter((s) => /^SML\d{3}$/.test(s));
      if (ids.length === 0) continue;
      out.push({ ruleIds: ids, reason: scalarText(valueOf(item, 'reason')) ?? '', kind: 'metadata', fromLine: from, toLine: to, range: place(item) });
    }
    const skips = valueOf(valueOf(metadata, 'checkov'), 'skip');
    for (const item of skips?.kind === 'seq' ? skips.items : []) {
      const id = scalarText(valueOf(item, 'id'))?.toUpperCase();
      const ruleIds = id ? rulesForCheckovId(id) : [];
      if (ruleIds.length === 0) continue;
      out.push({ ruleIds, reason: scalarText(valueOf(item, 'comment')) ?? `checkov skip ${id}`, kind: 'checkov', fromLine: from, toLine: to, range: place(item) });
    }
  }
  return out;
}

/** For each line that starts an entry or a list element, the last line of the largest one starting there. */
function entrySpans(t: CfnTemplate): Map<number, number> {
  const spans = new Map<number, number>();
  const note = (start: number, end: number) => {
    const from = t.lines.positionAt(start).line;
    const to = t.lines.positionAt(end).line;
    if ((spans.get(from) ?? -1) < to) spans.set(from, to);
  };
  const visit = (node: CfnNode, depth: number): void => {
    if (depth > 64) return;
    if (node.kind === 'map') {
      for (const e of node.entries) {
        note(e.keyStart, Math.max(e.keyEnd, e.value.end));
        visit(e.value, depth + 1);
      }
    } else if (node.kind === 'seq') {
      for (const item of node.items) {
        note(item.start, item.end);
        visit(item, depth + 1);
      }
    }
  };
  if (t.root) visit(t.root, 0);
  return spans;
}
