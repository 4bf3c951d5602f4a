import { classifyKeyText, parseKeyReference } from '../kms';
import { hasLocalNvmeStorage } from '../instance-types';
import type { FieldFact, KmsKeyDefinition, Origin, ResourceFacts, Value } from '../model';
import { unknown } from '../model';
import { seenAt } from '../values';
import { pythonEditor, PLACEHOLDER_KEY_ARN } from './editor';
import type { Binding, CallSite, Container, Entry, PyValue } from './evaluate';
import type { PythonCallRow, PythonFieldRow } from './field-table';
import type { PyUnit, Span } from './unit';

/** What the editor needs to write a fix for one field. */
export interface PythonFieldHandle {
  site: CallSite;
  /** The deepest mapping on the path that exists (call keywords or dict). */
  container: Container;
  /** The field itself when written; or the entry holding `None` where the rest of the path must go. */
  entry?: Entry;
  /** Path segments still to write below `container` (empty when `entry` is the field). */
  rest: string[];
  /** Segments from the call down to `container`, to look up nested SDK config classes. */
  consumed: string[];
}

export interface PythonResourceHandle {
  site: CallSite;
}

interface Walk {
  container: Container;
  entry?: Entry;
  rest: readonly string[];
  consumed: string[];
  /** Where an absent field is reported: the callee, or the key of the dict/config object that lacks it. */
  anchor: { unit: PyUnit; span: Span };
  unknownReason?: string;
}

/** Follows a path of keywords/keys through calls, config objects, dicts and lists. */
function walkPath(container: Container, segments: readonly string[], anchor: Walk['anchor'], sdk: boolean, consumed: string[] = []): Walk[] {
  const [head, ...tail] = segments;
  const isList = head.endsWith('[]');
  const name = isList ? head.slice(0, -2) : head;
  const entry = container.entries.get(name);
  if (!entry) return [{ container, rest: segments, consumed, anchor, unknownReason: container.openReason }];
  if (tail.length === 0 && !isList) return [{ container, entry, rest: [], consumed: [...consumed, name], anchor }];
  const v = entry.value;
  if (v.t === 'none') return [{ container, entry, rest: segments, consumed, anchor }];
  const items = isList ? (v.t === 'list' ? v.items.map((i) => i.value) : undefined) : [v];
  if (!items) return [{ container, rest: segments, consumed, anchor, unknownReason: 'not a list written here' }];
  const out: Walk[] = [];
  for (const item of items) {
    const inner = containerOf(item, sdk);
    if (!inner) {
      out.push({ container, rest: segments, consumed, anchor, unknownReason: 'a value built elsewhere' });
      continue;
    }
    if (tail.length === 0) continue;
    out.push(...walkPath(inner, tail, entry.keySpan ? { unit: entry.unit, span: entry.keySpan } : anchor, sdk, [...consumed, name]));
  }
  return out;
}

/** A field table path's segments, and the path without its `[]` list marks: split once per path, not per call site. */
const SEGMENTS = new Map<string, readonly string[]>();
const PLAIN_PATHS = new Map<string, string>();

function segments(path: string): readonly string[] {
  let s = SEGMENTS.get(path);
  if (!s) {
    s = path.split('.');
    SEGMENTS.set(path, s);
  }
  return s;
}

function plainPath(path: string): string {
  let p = PLAIN_PATHS.get(path);
  if (p === undefined) {
    p = path.replace(/\[\]/g, '');
    PLAIN_PATHS.set(path, p);
  }
  return p;
}

function containerOf(v: PyValue, sdk: boolean): Container | undefined {
  if (v.t === 'dict') return v.container;
  if (sdk && v.t === 'call' && /^[A-Z]/.test(v.callee)) return v.container;
  return undefined;
}

function configValue(config: Record<string, unknown> | undefined, path: string): unknown {
  if (!config) return undefined;
  const root = (config.SageMaker ?? config) as Record<string, unknown>;
  let node: unknown = root;
  for (const seg of path.split('.')) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

function originOf(via: { name: string; unit: { file: string; range(s: Span): import('../model').Range }; span: Span } | undefined): Origin[] {
  return via ? [{ file: via.unit.file, range: via.unit.range(via.span), description: `constant ${via.name}` }] : [];
}

/** A Python value as the rules see it. */
export function toValue(v: PyValue, entry: Entry, presence: boolean, keys: KmsKeyDefinition[]): Value {
  const range = entry.valueSpan ? entry.unit.range(entry.valueSpan) : undefined;
  const via = 'via' in v ? v.via : undefined;
  const trail = originOf(via);
  if (v.t === 'none') return { state: 'missing', range, trail, reason: via ? `${via.name} is None` : undefined };
  if (presence) {
    if (v.t === 'unknown') return unknown(v.reason, range, trail);
    if (v.t === 'list' && v.items.length === 0 && !v.openReason) return { state: 'missing', range, trail };
    return { state: 'known', value: true, range: range!, trail };
  }
  if (!range) return unknown('not written in the call');
  switch (v.t) {
    case 'str': {
      const key = keys.find((k) => k.label === via?.name && k.reference.any === via?.name);
      if (key && v.value === PLACEHOLDER_KEY_ARN) return { state: 'key', key, range, trail };
      return { state: 'known', value: v.value, range, trail };
    }
    case 'num':
    case 'bool':
      return { state: 'known', value: v.value, range, trail };
    case 'partial':
      return unknown('partly computed', range, trail, v.partial);
    case 'unknown':
      return unknown(v.reason, range, trail);
    default:
      return unknown(`a ${v.t} value`, range, trail);
  }
}

/** Module constants that hold a customer-managed key (or our placeholder) and can be referenced by fixes. */
export function customerKeys(constants: Binding[]): KmsKeyDefinition[] {
  const keys: KmsKeyDefinition[] = [];
  for (const b of constants) {
    if (b.value.t !== 'str') continue;
    const text = b.value.value;
    const cls = classifyKeyText(text);
    if (text !== PLACEHOLDER_KEY_ARN && cls !== 'customer-managed' && cls !== 'undecidable') continue;
    keys.push({
      label: b.name,
      reference: { arn: b.name, any: b.name },
      file: b.unit.file,
      range: b.unit.range(b.span),
      region: parseKeyReference(text)?.region,
    });
  }
  return keys;
}

function isFalsy(v: PyValue): boolean {
  return v.t === 'none' || (v.t === 'bool' && !v.value) || (v.t === 'str' && v.value === '');
}

function fieldFacts(
  r: PythonFieldRow,
  site: CallSite,
  base: Container,
  anchor: Walk['anchor'],
  sdk: boolean,
  keys: KmsKeyDefinition[],
  sdkConfig: Record<string, unknown> | undefined,
): FieldFact[] {
  const unit = site.unit;
  if (r.unless) {
    const w = walkPath(base, segments(r.unless), anchor, sdk);
    if (w.some((x) => x.entry && x.rest.length === 0 && x.entry.value.t !== 'none')) return [];
  }
  let gate: Value | undefined;
  if (r.when) {
    const w = walkPath(base, segments(r.when), anchor, sdk)[0];
    if (!w?.entry || w.rest.length > 0) {
      if (!w?.unknownReason) return [];
      gate = unknown(w.unknownReason);
    } else if (isFalsy(w.entry.value)) return [];
    else if (w.entry.value.t === 'unknown') gate = unknown(w.entry.value.reason, w.entry.valueSpan ? unit.range(w.entry.valueSpan) : undefined);
  }
  const optional = r.role === 'instance-type' || r.role === 'instance-count';
  const make = (path: string, value: Value, walk: Walk): FieldFact => {
    const segs = segments(path);
    // Findings belong to the call's file: a value or dict from another notebook cell document is reported at the call.
    const elsewhere = walk.entry && walk.entry.unit.file !== unit.file;
    if (elsewhere && value.range) {
      const origin: Origin = { file: walk.entry!.unit.file, range: value.range, description: `${walk.entry!.name} set here` };
      value = { ...value, range: unit.range(site.header), trail: [origin, ...value.trail] };
    }
    return {
      role: r.role,
      name: segs[segs.length - 1].replace('[]', ''),
      path: plainPath(path),
      value,
      anchor: walk.anchor.unit.file === unit.file ? walk.anchor.unit.range(walk.anchor.span) : unit.range(site.header),
      forcesReplacement: false,
      handle: { site, container: walk.container, entry: walk.entry, rest: walk.rest.map((s) => s.replace('[]', '')), consumed: walk.consumed } satisfies PythonFieldHandle,
    };
  };
  let firstMiss: { path: string; walk: Walk } | undefined;
  for (const path of r.paths) {
    const walks = walkPath(base, segments(path), anchor, sdk);
    const found = walks.filter((w) => w.entry && w.rest.length === 0);
    if (found.length > 0) {
      return found.map((w) => make(path, gate ?? toValue(w.entry!.value, w.entry!, r.presence === true, keys), w));
    }
    const noneOnWay = walks.find((w) => w.entry && w.rest.length > 0);
    if (noneOnWay && !firstMiss) firstMiss = { path, walk: noneOnWay };
    if (walks.length > 0) firstMiss ??= { path, walk: walks[0] };
  }
  if (optional || !firstMiss) return [];
  const { walk, path } = firstMiss;
  if (gate) return [make(path, gate, walk)];
  if (walk.unknownReason) return [make(path, unknown(walk.unknownReason), walk)];
  if (sdk && r.config && (walk.consumed.length === 0 || r.configFillsNested)) {
    const configured = configValue(sdkConfig, r.config);
    if (configured !== undefined && configured !== null && configured !== '') {
      const value = typeof configured === 'string' || typeof configured === 'number' || typeof configured === 'boolean' ? configured : true;
      const range = unit.range(site.header);
      const origin: Origin = { file: unit.file, range, description: `SageMaker SDK config SageMaker.${r.config}` };
      return [make(path, { state: 'known', value, range, trail: [origin] }, walk)];
    }
  }
  return [make(path, { state: 'missing', trail: [] }, walk)];
}

function rowFields(row: PythonCallRow, site: CallSite, keys: KmsKeyDefinition[], sdkConfig: Record<string, unknown> | undefined): FieldFact[] {
  const sdk = row.form !== 'boto3';
  const fields: FieldFact[] = [];
  const header = { unit: site.unit, span: site.header };
  if (!row.each) {
    for (const r of row.fields) fields.push(...fieldFacts(r, site, site.container, header, sdk, keys, sdkConfig));
  } else {
    for (const each of row.each) {
      const walks = walkPath(site.container, [each.replace('[]', '')], header, sdk);
      const entry = walks[0]?.entry;
      if (!entry) continue;
      const name = each.replace('[]', '');
      const groups =
        entry.value.t === 'list' ? entry.value.items.map((i, n) => ({ v: i.value, g: `${name}[${n}]` })) : [{ v: entry.value, g: name }];
      for (const { v, g } of groups) {
        const inner = containerOf(v, sdk);
        if (!inner) continue;
        for (const r of row.fields) fields.push(...fieldFacts(r, site, inner, entry.keySpan ? { unit: entry.unit, span: entry.keySpan } : header, sdk, keys, sdkConfig).map((f) => ({ ...f, group: g })));
      }
    }
  }
  // The SDK drops a configured volume key when every instance type has NVMe storage (reference §5b).
  const types = fields.filter((f) => f.role === 'instance-type');
  const allNvme = types.length > 0 && types.every((t) => t.value.state === 'known' && typeof t.value.value === 'string' && hasLocalNvmeStorage(t.value.value));
  if (!allNvme) return fields;
  return fields.map((f) => {
    const r = row.fields.find((x) => x.role === f.role && x.paths.some((p) => plainPath(p) === f.path));
    const fromConfig = f.value.trail[0]?.description.startsWith('SageMaker SDK config') && f.value.state === 'known';
    if (r?.configNvmeFilter && fromConfig) return { ...f, value: { state: 'missing', trail: f.value.trail, reason: 'the SDK drops the configured key on NVMe instance types' } };
    return f;
  });
}

/** Facts of one recorded call site; undefined when it inherits from nothing we can see. */
export function resourceFacts(site: CallSite, sdkConfig: Record<string, unknown> | undefined): ResourceFacts | undefined {
  // A tuner's fixes edit the estimator call, so only keys defined before that call can be used.
  const keys = customerKeys((site.inherited?.site ?? site).constants);
  let fields: FieldFact[];
  let type = site.qualified ?? site.row.names[0];
  if (site.inherited) {
    const source = site.inherited.site;
    const at = site.unit.range(site.inherited.span);
    fields = rowFields(source.row, source, keys, sdkConfig).map((f) => {
      if (f.role === 'instance-type' || f.role === 'instance-count' || f.role === 'instance-groups') return f;
      const origin: Origin = { file: source.unit.file, range: f.value.range ?? f.anchor, description: `estimator ${source.label}: ${f.name}` };
      const value = f.value.state === 'missing' ? { ...f.value, range: at, trail: [origin] } : seenAt(f.value, at, origin);
      return { ...f, value, anchor: at };
    });
    type = `${type}(${source.qualified ?? source.row.names[0]})`;
  } else fields = rowFields(site.row, site, keys, sdkConfig);
  if (site.row.form === 'boto3') type = `sagemaker client ${site.row.names[0]}`;
  const region = regionValue(site);
  return {
    dialect: 'python',
    file: site.unit.file,
    kind: site.row.kind!,
    instanceList: site.row.instanceList,
    type,
    label: site.label,
    header: site.unit.range(site.header),
    fields,
    region,
    customerKeys: keys,
    handle: { site } satisfies PythonResourceHandle,
    editor: pythonEditor,
  };
}

function regionValue(site: CallSite): Value {
  const r = site.region;
  if (r?.t === 'str') {
    const at = r.via ? r.via.unit.range(r.via.span) : site.unit.range(site.header);
    return { state: 'known', value: r.value, range: at, trail: [] };
  }
  return unknown('region comes from the environment');
}
