import type { KmsKeyDefinition, Origin, PolicyFact, Range, Value } from '../model';
import { unknown } from '../model';
import type { JsonLike } from '../terraform/evaluate';
import { policyStatements, UNKNOWN } from '../terraform/evaluate';
import { eitherBranch, seenAt } from '../values';
import type { CfnEntry, CfnNode, CfnTemplate } from './syntax';
import { entryOf, intrinsicOf, scalarText, valueOf } from './syntax';

const MAX_DEPTH = 32;
/** Nodes visited while turning a key policy into JSON; aliases can make a small file a large tree. */
const MAX_JSON_NODES = 20000;

export interface CfnResource {
  logicalId: string;
  entry: CfnEntry;
  type: string | undefined;
  properties: CfnNode | undefined;
}

/** The sections of a template that values are resolved against. */
export class TemplateModel {
  readonly parameters = new Map<string, CfnEntry>();
  readonly conditions = new Map<string, CfnEntry>();
  readonly resources = new Map<string, CfnResource>();
  readonly mappings: CfnNode | undefined;
  readonly resourcesEntry: CfnEntry | undefined;

  constructor(readonly template: CfnTemplate) {
    const root = template.root;
    for (const e of mapEntries(valueOf(root, 'Parameters'))) this.parameters.set(e.key, e);
    for (const e of mapEntries(valueOf(root, 'Conditions'))) this.conditions.set(e.key, e);
    this.mappings = valueOf(root, 'Mappings');
    this.resourcesEntry = entryOf(root, 'Resources');
    for (const e of mapEntries(this.resourcesEntry?.value)) {
      this.resources.set(e.key, { logicalId: e.key, entry: e, type: scalarText(valueOf(e.value, 'Type')), properties: valueOf(e.value, 'Properties') });
    }
  }

  /** A template: `AWSTemplateFormatVersion`, or a `Resources` map with at least one `AWS::` type. */
  get isTemplate(): boolean {
    if (entryOf(this.template.root, 'AWSTemplateFormatVersion')) return true;
    return [...this.resources.values()].some((r) => r.type?.startsWith('AWS::'));
  }
}

function mapEntries(node: CfnNode | undefined): CfnEntry[] {
  return node?.kind === 'map' && !intrinsicOf(node) ? node.entries : [];
}

/** A condition's value: true/false when statically known. */
type Truth = boolean | undefined;

/** Pseudo parameters: none is known before deployment, but `AWS::NoValue` means "absent". */
const PSEUDO = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::StackName', 'AWS::StackId', 'AWS::URLSuffix', 'AWS::NotificationARNs']);

/** Turns template values into three-valued values, following parameters, conditions, mappings and KMS resources. */
export class CfnEvaluator {
  private readonly keyDefinitions = new Map<string, KmsKeyDefinition | undefined>();
  private readonly conditionCache = new Map<string, Truth>();
  private readonly conditionsInProgress = new Set<string>();

  constructor(
    readonly model: TemplateModel,
    private readonly overrides: Record<string, string> = {},
  ) {}

  private get t(): CfnTemplate {
    return this.model.template;
  }

  range(node: { start: number; end: number }): Range {
    return this.t.lines.range(node.start, node.end);
  }

  value(node: CfnNode, depth = 0): Value {
    const range = this.range(node);
    if (depth > MAX_DEPTH) return unknown('reference chain too deep', range);
    switch (node.kind) {
      case 'opaque':
        return unknown(node.reason, range);
      case 'seq':
        return unknown('a list', range);
      case 'scalar':
        if (node.value === null) return { state: 'missing', range, trail: [] };
        if (typeof node.value === 'string' && node.value.includes('{{resolve:')) return unknown('dynamic reference resolved at deploy time', range);
        return { state: 'known', value: node.value, range, trail: [] };
      case 'map': {
        const fn = intrinsicOf(node);
        if (!fn) return unknown('an object', range);
        return this.intrinsic(fn.name, fn.arg, range, depth);
      }
    }
  }

  private intrinsic(name: string, arg: CfnNode, range: Range, depth: number): Value {
    switch (name) {
      case 'Ref': {
        const target = scalarText(arg);
        return target ? this.ref(target, range, depth) : unknown('Ref to a computed name', range);
      }
      case 'Fn::GetAtt': {
        const [res, attr] = getAttParts(arg);
        return res ? this.getAtt(res, attr, range) : unknown('Fn::GetAtt with a computed name', range);
      }
      case 'Fn::Sub':
        return this.sub(arg, range, depth);
      case 'Fn::Join':
        return this.join(arg, range, depth);
      case 'Fn::If':
        return this.ifValue(arg, range, depth);
      case 'Fn::FindInMap':
        return this.findInMap(arg, range, depth);
      case 'Fn::Select':
        return this.select(arg, range, depth);
      case 'Fn::ImportValue':
        return unknown('Fn::ImportValue is resolved from another stack at deploy time', range);
      default:
        return unknown(`${name} is evaluated at deploy time`, range);
    }
  }

  private ref(target: string, range: Range, depth: number): Value {
    if (target === 'AWS::NoValue') return { state: 'missing', range, trail: [], reason: 'AWS::NoValue' };
    if (PSEUDO.has(target)) return unknown(`${target} is known at deploy time`, range);
    const param = this.model.parameters.get(target);
    if (param) return this.parameter(target, param, range, depth);
    const resource = this.model.resources.get(target);
    if (resource) {
      if (resource.type === 'AWS::KMS::Key' || resource.type === 'AWS::KMS::Alias' || resource.type === 'AWS::KMS::ReplicaKey') {
        const key = this.keyDefinition(target);
        if (key) return { state: 'key', key, range, trail: [] };
      }
      return unknown(`Ref ${target} is known after deployment`, range);
    }
    return unknown(`${target} is not defined in this template`, range);
  }

  private parameter(name: string, param: CfnEntry, range: Range, depth: number): Value {
    // The default (or value) of an SSM-typed parameter is the name of an SSM parameter, read at deploy time.
    if (scalarText(valueOf(param.value, 'Type'))?.startsWith('AWS::SSM::Parameter::Value')) return unknown(`parameter ${name} is read from SSM at deploy time`, range);
    const override = this.overrides[name];
    if (override !== undefined) {
      const origin: Origin = { file: this.t.path, range: this.range({ start: param.keyStart, end: param.keyEnd }), description: `parameter ${name} (set to "${override}")` };
      return { state: 'known', value: override, range, trail: [origin] };
    }
    const def = entryOf(param.value, 'Default');
    if (!def) return unknown(`parameter ${name} has no default: every deployment sets it`, range);
    const origin: Origin = { file: this.t.path, range: this.range({ start: def.keyStart, end: def.value.end }), description: `default of parameter ${name}` };
    const v = this.value(def.value, depth + 1);
    if (v.state === 'known' && v.value === '') return { state: 'missing', range, trail: [origin], reason: `parameter ${name} defaults to ""` };
    if (v.state === 'missing') return { state: 'missing', range, trail: [origin], reason: `parameter ${name} has an empty default` };
    return seenAt(v, range, origin);
  }

  private getAtt(resource: string, attr: string | undefined, range: Range): Value {
    const r = this.model.resources.get(resource);
    if (!r) return unknown(`${resource} is not defined in this template`, range);
    if ((r.type === 'AWS::KMS::Key' || r.type === 'AWS::KMS::ReplicaKey') && (attr === 'Arn' || attr === 'KeyId')) {
      const key = this.keyDefinition(resource);
      if (key) return { state: 'key', key, range, trail: [] };
    }
    return unknown(`${resource}.${attr ?? ''} is known after deployment`, range);
  }

  /** `${Name}` parts: a literal text with pseudo parameters, parameters, keys. */
  private sub(arg: CfnNode, range: Range, depth: number): Value {
    let template: CfnNode | undefined = arg;
    let vars: CfnNode | undefined;
    if (arg.kind === 'seq') [template, vars] = arg.items;
    const text = scalarText(template);
    if (text === undefined) return unknown('Fn::Sub of a computed string', range);
    const parts: Value[] = [];
    const literal = (s: string): Value => ({ state: 'known', value: s, range, trail: [] });
    let last = 0;
    const re = /\$\{(!?)([^}]*)\}/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m.index > last) parts.push(literal(text.slice(last, m.index)));
      last = m.index + m[0].length;
      if (m[1] === '!') {
        parts.push(literal(`\${${m[2]}}`));
        continue;
      }
      const name = m[2].trim();
      const local = valueOf(vars, name);
      if (local) parts.push(this.value(local, depth + 1));
      else if (name.includes('.')) {
        const dot = name.indexOf('.');
        parts.push(this.getAtt(name.slice(0, dot), name.slice(dot + 1), range));
      } else parts.push(this.ref(name, range, depth + 1));
    }
    if (last < text.length) parts.push(literal(text.slice(last)));
    return concat(parts, range, 'Fn::Sub');
  }

  private join(arg: CfnNode, range: Range, depth: number): Value {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return unknown('malformed Fn::Join', range);
    const delimiter = scalarText(arg.items[0]);
    const list = arg.items[1];
    if (delimiter === undefined || list.kind !== 'seq') return unknown('Fn::Join of a computed list', range);
    const parts: Value[] = [];
    list.items.forEach((item, i) => {
      if (i > 0 && delimiter !== '') parts.push({ state: 'known', value: delimiter, range, trail: [] });
      parts.push(this.value(item, depth + 1));
    });
    return concat(parts, range, 'Fn::Join');
  }

  private ifValue(arg: CfnNode, range: Range, depth: number): Value {
    if (arg.kind !== 'seq' || arg.items.length !== 3) return unknown('malformed Fn::If', range);
    const [cond, a, b] = arg.items;
    const name = scalarText(cond) ?? '';
    const truth = this.condition(name, 0);
    const decl = this.model.conditions.get(name);
    const where = decl ? this.range({ start: decl.keyStart, end: decl.keyEnd }) : range;
    if (truth !== undefined) {
      const chosen = this.value(truth ? a : b, depth + 1);
      const origin: Origin = { file: this.t.path, range: where, description: `condition ${name} (${truth ? 'true' : 'false'})` };
      if (chosen.state === 'missing') return { state: 'missing', range, trail: [origin], reason: `condition ${name} is ${truth ? 'true' : 'false'} and selects ${chosen.reason ?? 'no value'}` };
      return seenAt(chosen, range, origin);
    }
    const either = eitherBranch(this.value(a, depth + 1), this.value(b, depth + 1), range, `depends on condition ${name}`);
    if (either.state === 'missing') return { ...either, reason: `both branches of condition ${name} leave it unset` };
    return either;
  }

  private findInMap(arg: CfnNode, range: Range, depth: number): Value {
    if (arg.kind !== 'seq' || arg.items.length < 3) return unknown('malformed Fn::FindInMap', range);
    const keys: string[] = [];
    for (const item of arg.items.slice(0, 3)) {
      const v = this.value(item, depth + 1);
      if (v.state !== 'known') return unknown('Fn::FindInMap with a key known at deploy time', range);
      keys.push(String(v.value));
    }
    const top = valueOf(this.model.mappings, keys[0]);
    const second = valueOf(top, keys[1]);
    const entry = entryOf(second, keys[2]);
    if (!entry) {
      const fallback = valueOf(arg.items[3], 'DefaultValue');
      return fallback ? seenAt(this.value(fallback, depth + 1), range) : unknown(`mapping ${keys.join('.')} is not defined`, range);
    }
    const origin: Origin = { file: this.t.path, range: this.range({ start: entry.keyStart, end: entry.value.end }), description: `mapping ${keys.join('.')}` };
    return seenAt(this.value(entry.value, depth + 1), range, origin);
  }

  private select(arg: CfnNode, range: Range, depth: number): Value {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return unknown('malformed Fn::Select', range);
    const index = this.value(arg.items[0], depth + 1);
    const list = arg.items[1];
    if (index.state !== 'known' || list.kind !== 'seq') return unknown('Fn::Select over a computed list', range);
    const item = list.items[Number(index.value)];
    return item ? seenAt(this.value(item, depth + 1), range) : unknown('Fn::Select index out of range', range);
  }

  /**
   * A property written as `!If [Cond, {…}, !Ref AWS::NoValue]`: the branch its known condition selects,
   * `undefined` when that is `AWS::NoValue`; the node itself when nothing can be selected.
   */
  branch(node: CfnNode): CfnNode | undefined {
    let current = node;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const fn = intrinsicOf(current);
      if (fn?.name === 'Ref' && scalarText(fn.arg) === 'AWS::NoValue') return undefined;
      if (fn?.name !== 'Fn::If' || fn.arg.kind !== 'seq' || fn.arg.items.length !== 3) return current;
      const truth = this.condition(scalarText(fn.arg.items[0]) ?? '', 0);
      if (truth === undefined) return current;
      current = fn.arg.items[truth ? 1 : 2];
    }
    return current;
  }

  /** A named condition over parameter defaults; undefined when it depends on something unknown. */
  condition(name: string, depth: number): Truth {
    if (this.conditionCache.has(name)) return this.conditionCache.get(name);
    const decl = this.model.conditions.get(name);
    if (!decl || this.conditionsInProgress.has(name) || depth > MAX_DEPTH) return undefined;
    this.conditionsInProgress.add(name);
    const truth = this.truth(decl.value, depth + 1);
    this.conditionsInProgress.delete(name);
    this.conditionCache.set(name, truth);
    return truth;
  }

  private truth(node: CfnNode, depth: number): Truth {
    const fn = intrinsicOf(node);
    if (!fn) {
      const v = this.value(node, depth);
      return v.state === 'known' && typeof v.value === 'boolean' ? v.value : v.state === 'known' && /^(true|false)$/i.test(String(v.value)) ? /^true$/i.test(String(v.value)) : undefined;
    }
    const items = fn.arg.kind === 'seq' ? fn.arg.items : [fn.arg];
    switch (fn.name) {
      case 'Condition':
        return this.condition(scalarText(fn.arg) ?? '', depth + 1);
      case 'Fn::Not': {
        const inner = items[0] ? this.truth(items[0], depth + 1) : undefined;
        return inner === undefined ? undefined : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const values = items.map((i) => this.truth(i, depth + 1));
        const decisive = fn.name === 'Fn::And' ? false : true;
        if (values.includes(decisive)) return decisive;
        return values.every((v) => v !== undefined) ? !decisive : undefined;
      }
      case 'Fn::Equals': {
        if (items.length !== 2) return undefined;
        const [a, b] = items.map((i) => comparable(this.value(i, depth + 1)));
        return a === undefined || b === undefined ? undefined : a === b;
      }
      default:
        return undefined;
    }
  }

  /** The customer-managed key an `AWS::KMS::Key` or `AWS::KMS::Alias` resource defines. */
  keyDefinition(logicalId: string): KmsKeyDefinition | undefined {
    if (this.keyDefinitions.has(logicalId)) return this.keyDefinitions.get(logicalId);
    const r = this.model.resources.get(logicalId);
    if (!r) return undefined;
    let keyId = logicalId;
    if (r.type === 'AWS::KMS::Alias') {
      const target = valueOf(r.properties, 'TargetKeyId');
      const fn = intrinsicOf(target);
      const ref = fn?.name === 'Ref' ? scalarText(fn.arg) : fn?.name === 'Fn::GetAtt' ? getAttParts(fn.arg)[0] : undefined;
      if (ref && this.model.resources.get(ref)?.type === 'AWS::KMS::Key') keyId = ref;
    }
    const def: KmsKeyDefinition = {
      label: logicalId,
      reference: keyReference(this.t, logicalId, r.type === 'AWS::KMS::Alias'),
      file: this.t.path,
      range: this.range({ start: r.entry.keyStart, end: r.entry.keyEnd }),
      policy: undefined,
    };
    // Known before its policy is read: a policy that names its own key (`!GetAtt Key.Arn`, a cycle
    // CloudFormation refuses but people write) reads this definition instead of recursing forever.
    this.keyDefinitions.set(logicalId, def);
    if (this.model.resources.get(keyId)?.type === 'AWS::KMS::Key') def.policy = this.keyPolicy(keyId);
    return def;
  }

  /** Every `AWS::KMS::Key` of the template, for "use key X" fixes. */
  customerKeys(): KmsKeyDefinition[] {
    const out: KmsKeyDefinition[] = [];
    for (const r of this.model.resources.values()) {
      if (r.type !== 'AWS::KMS::Key') continue;
      const def = this.keyDefinition(r.logicalId);
      if (def) out.push(def);
    }
    return out;
  }

  private keyPolicy(logicalId: string): PolicyFact | undefined {
    const r = this.model.resources.get(logicalId);
    const entry = entryOf(r?.properties, 'KeyPolicy');
    // Without a KeyPolicy AWS applies the default policy, which delegates to the account's IAM policies.
    if (!entry) return undefined;
    const budget = { left: MAX_JSON_NODES };
    let doc = this.json(entry.value, 0, budget, false);
    if (typeof doc === 'string') {
      try {
        doc = JSON.parse(doc) as JsonLike;
      } catch {
        doc = UNKNOWN;
      }
    }
    const statements = policyStatements(doc);
    return { readable: statements !== undefined, statements: statements ?? [], range: this.range({ start: entry.keyStart, end: entry.value.end }), file: this.t.path };
  }

  /**
   * Evaluates a node into JSON-like data. Inside `Principal`, partly known strings (`arn:…:iam::${AWS::AccountId}:root`)
   * are kept with their unknown parts elided: only whether some principal holds the actions matters there.
   */
  private json(node: CfnNode, depth: number, budget: { left: number }, lenient: boolean): JsonLike {
    if (--budget.left < 0 || depth > MAX_DEPTH * 4) return UNKNOWN;
    if (node.kind === 'seq') return node.items.map((i) => this.json(i, depth + 1, budget, lenient));
    if (node.kind === 'map' && !intrinsicOf(node)) {
      const out: { [k: string]: JsonLike } = {};
      for (const e of node.entries) out[e.key] = this.json(e.value, depth + 1, budget, lenient || e.key === 'Principal');
      return out;
    }
    const fn = intrinsicOf(node);
    if (fn?.name === 'Fn::If') {
      const [cond] = fn.arg.kind === 'seq' ? fn.arg.items : [];
      const truth = this.condition(scalarText(cond) ?? '', 0);
      if (truth === undefined || fn.arg.kind !== 'seq') return UNKNOWN;
      return this.json(fn.arg.items[truth ? 1 : 2], depth + 1, budget, lenient);
    }
    const v = this.value(node, depth);
    if (v.state === 'known') return v.value;
    if (v.state === 'missing') return null;
    if (lenient && v.state === 'unknown' && v.partial !== undefined) return v.partial.split('\u0000').join('…');
    if (lenient && v.state === 'key') return v.key.label;
    return UNKNOWN;
  }
}

/** The text a value compares as in `Fn::Equals`; an empty parameter default compares as "". */
function comparable(v: Value): string | undefined {
  if (v.state === 'known') return String(v.value);
  return v.state === 'missing' ? '' : undefined;
}

/** `!GetAtt Key.Arn`, `Fn::GetAtt: [Key, Arn]`. */
export function getAttParts(arg: CfnNode): [string | undefined, string | undefined] {
  if (arg.kind === 'scalar') {
    const text = scalarText(arg) ?? '';
    const dot = text.indexOf('.');
    return dot < 0 ? [text || undefined, undefined] : [text.slice(0, dot), text.slice(dot + 1)];
  }
  if (arg.kind === 'seq') return [scalarText(arg.items[0]), scalarText(arg.items[1])];
  return [undefined, undefined];
}

/** How a fix references a key in this file: one line, in the file's own intrinsic style. */
export function keyReference(t: CfnTemplate, logicalId: string, alias: boolean): { arn: string; any: string } {
  if (t.format === 'json') {
    const any = `{ "Ref": ${JSON.stringify(logicalId)} }`;
    return { arn: alias ? any : `{ "Fn::GetAtt": [${JSON.stringify(logicalId)}, "Arn"] }`, any };
  }
  if (t.intrinsicStyle === 'short') {
    const any = `!Ref ${logicalId}`;
    return { arn: alias ? any : `!GetAtt ${logicalId}.Arn`, any };
  }
  const any = `{ Ref: ${logicalId} }`;
  return { arn: alias ? any : `{ "Fn::GetAtt": [${logicalId}, Arn] }`, any };
}

/** Concatenates parts of a Sub/Join: known text, a key when the string names one, else unknown with the known parts kept. */
function concat(parts: Value[], range: Range, fn: string): Value {
  const key = parts.find((p) => p.state === 'key');
  if (key) return seenAt(key, range);
  if (parts.every((p) => p.state === 'known')) {
    return { state: 'known', value: parts.map((p) => (p.state === 'known' ? String(p.value) : '')).join(''), range, trail: parts.flatMap((p) => p.trail) };
  }
  let partial = '';
  let reason = '';
  for (const p of parts) {
    if (p.state === 'known') partial += String(p.value);
    else if (p.state === 'unknown') {
      partial += p.partial ?? '\u0000';
      reason ||= p.reason;
    } else partial += '\u0000';
  }
  return unknown(reason || `part of ${fn} is not known`, range, parts.flatMap((p) => p.trail), partial);
}
