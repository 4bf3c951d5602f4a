/*
 * The Terraform evaluator as it was before it read plain expressions from the text: every value
 * from the expression's nodes. Tests compare the evaluator with it.
 */
import type { Node } from 'web-tree-sitter';
import type { KmsKeyDefinition, Origin, PolicyFact, PolicyStatement, Range, Value } from '../../shared-rules/src/model';
import { unknown } from '../../shared-rules/src/model';
import { eitherBranch, seenAt } from '../../shared-rules/src/values';
import type { TerraformModule } from '../../shared-rules/src/terraform/module';
import type { HclBlock, HclFile } from '../../shared-rules/src/terraform/syntax';
import { blocksOf } from '../../shared-rules/src/terraform/syntax';

const MAX_DEPTH = 32;

/** A JSON-like value built from HCL (for key policies); `UNKNOWN` where a part cannot be evaluated. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type JsonLike = string | number | boolean | null | typeof UNKNOWN | JsonLike[] | { [k: string]: JsonLike };

function unescapeHcl(text: string): string {
  return text
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{')
    // One pass, so that `\\u0041` stays a backslash followed by `u0041`.
    .replace(/\\(["\\nrt]|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g, (_m, c: string) =>
      c.length > 1 ? (parseInt(c.slice(1), 16) <= 0x10ffff ? String.fromCodePoint(parseInt(c.slice(1), 16)) : `\\${c}`) : (({ n: '\n', r: '\r', t: '\t' }) as Record<string, string>)[c] ?? c,
    );
}

function named(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

/** Turns HCL expressions into three-valued values, following references within one module. */
export class ReferenceEvaluator {
  private readonly keyDefinitions = new Map<string, KmsKeyDefinition>();

  constructor(readonly module: TerraformModule) {}

  value(expr: Node, file: HclFile, depth = 0): Value {
    const range = file.lines.range(expr.startIndex, expr.endIndex);
    if (depth > MAX_DEPTH) return unknown('reference chain too deep', range);
    switch (expr.type) {
      case 'expression': {
        const kids = named(expr);
        if (kids.length === 1) return seenAt(this.value(kids[0], file, depth + 1), range);
        const [head, ...rest] = kids;
        if (head?.type === 'variable_expr') return this.traversal(head.text, rest, file, range, depth);
        return unknown('expression is not a constant', range);
      }
      case 'literal_value':
        return this.literal(named(expr)[0], file, range, depth);
      case 'template_expr':
        return this.template(named(expr)[0], file, range, depth);
      case 'string_lit':
      case 'quoted_template':
      case 'heredoc_template':
        return this.template(expr, file, range, depth);
      case 'conditional':
        return this.conditional(expr, file, range, depth);
      case 'variable_expr':
        return this.traversal(expr.text, [], file, range, depth);
      case 'function_call': {
        const name = named(expr)[0]?.text;
        const args = named(named(expr).find((c) => c.type === 'function_arguments') ?? expr).filter((c) => c.type === 'expression');
        if ((name === 'tostring' || name === 'trimspace') && args.length === 1) return seenAt(this.value(args[0], file, depth + 1), range);
        return unknown(`value of ${name ?? 'a function'}() is not evaluated`, range);
      }
      default:
        return unknown('expression is not a constant', range);
    }
  }

  private literal(node: Node | undefined, file: HclFile, range: Range, depth: number): Value {
    if (!node) return unknown('empty literal', range);
    switch (node.type) {
      case 'numeric_lit':
        return { state: 'known', value: Number(node.text), range, trail: [] };
      case 'bool_lit':
        return { state: 'known', value: node.text === 'true', range, trail: [] };
      case 'null_lit':
        return { state: 'missing', range, trail: [] };
      case 'string_lit':
        return this.template(node, file, range, depth);
      default:
        return unknown('literal not understood', range);
    }
  }

  private template(node: Node | undefined, file: HclFile, range: Range, depth: number): Value {
    if (!node) return unknown('empty template', range);
    let text = '';
    let partial = '';
    let allKnown = true;
    let reason = '';
    const trail: Origin[] = [];
    const kids = named(node);
    if (node.type === 'heredoc_template') return this.heredoc(node, file, range, depth);
    // `"${x}"` is x itself, with its type and null-ness (the Terraform 0.11 way to reference).
    const parts = kids.filter((k) => k.type !== 'quoted_template_start' && k.type !== 'quoted_template_end');
    if (parts.length === 1 && parts[0].type === 'template_interpolation') {
      const inner = named(parts[0]).find((c) => c.type === 'expression');
      if (inner) return seenAt(this.value(inner, file, depth + 1), range);
    }
    for (const part of kids) {
      if (part.type === 'template_literal') {
        const lit = unescapeHcl(part.text);
        text += lit;
        partial += lit;
      } else if (part.type === 'template_interpolation') {
        const inner = named(part).find((c) => c.type === 'expression');
        const v = inner ? this.value(inner, file, depth + 1) : unknown('empty interpolation', range);
        if (v.state === 'known') {
          text += String(v.value);
          partial += String(v.value);
          trail.push(...v.trail);
        } else {
          allKnown = false;
          reason ||= v.state === 'unknown' ? v.reason : 'part of the string is null';
          partial += v.state === 'unknown' && v.partial !== undefined ? v.partial : '\u0000';
        }
      } else if (part.type === 'template_directive') {
        allKnown = false;
        reason ||= 'template directive';
        partial += '\u0000';
      }
    }
    if (allKnown) return { state: 'known', value: text, range, trail };
    return unknown(reason, range, trail, partial);
  }

  /**
   * A heredoc's value is every line between the opening and closing markers, each with its line
   * break; backslash escapes are not processed there, and `<<-` removes the common indentation.
   */
  private heredoc(node: Node, file: HclFile, range: Range, depth: number): Value {
    const kids = named(node);
    const markers = kids.filter((k) => k.type === 'heredoc_identifier');
    if (markers.length < 2) return unknown('incomplete heredoc', range);
    const { lines } = file;
    const bodyStart = lines.lineStart(markers[0].endPosition.row + 1);
    const bodyEnd = lines.lineStart(markers[markers.length - 1].startPosition.row);
    const literal = (from: number, to: number): string => file.text.slice(from, Math.max(from, to)).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    let text = '';
    let partial = '';
    let allKnown = true;
    let reason = '';
    const trail: Origin[] = [];
    let at = bodyStart;
    for (const part of kids) {
      if (part.type !== 'template_interpolation' && part.type !== 'template_directive') continue;
      const lit = literal(at, part.startIndex);
      text += lit;
      partial += lit;
      at = part.endIndex;
      const inner = part.type === 'template_interpolation' ? named(part).find((c) => c.type === 'expression') : undefined;
      const v = inner ? this.value(inner, file, depth + 1) : unknown('template directive', range);
      if (v.state === 'known') {
        text += String(v.value);
        partial += String(v.value);
        trail.push(...v.trail);
      } else {
        allKnown = false;
        reason ||= v.state === 'unknown' ? v.reason : 'part of the string is null';
        partial += v.state === 'unknown' && v.partial !== undefined ? v.partial : '\u0000';
      }
    }
    const tail = literal(at, bodyEnd);
    text += tail;
    partial += tail;
    const flush = kids[0]?.text === '<<-';
    if (allKnown) return { state: 'known', value: flush ? stripHeredocIndent(text) : text, range, trail };
    return unknown(reason, range, trail, flush ? stripHeredocIndent(partial) : partial);
  }

  private conditional(node: Node, file: HclFile, range: Range, depth: number): Value {
    const [cond, a, b] = named(node).filter((c) => c.type === 'expression');
    if (!cond || !a || !b) return unknown('incomplete conditional', range);
    const c = this.value(cond, file, depth + 1);
    if (c.state === 'known' && typeof c.value === 'boolean') return seenAt(this.value(c.value ? a : b, file, depth + 1), range);
    return eitherBranch(this.value(a, file, depth + 1), this.value(b, file, depth + 1), range, 'depends on a condition');
  }

  /** `var.x`, `local.y`, `aws_kms_key.k.arn`, `data.aws_kms_alias.a.arn` and what we cannot see. */
  private traversal(root: string, postfix: Node[], file: HclFile, range: Range, depth: number): Value {
    const steps = postfix.map((p) => (p.type === 'get_attr' ? (named(p)[0]?.text ?? '') : '[]'));
    const attrs = steps.filter((s) => s !== '[]');
    const name = postfix[0]?.type === 'get_attr' ? steps[0] : undefined;
    switch (root) {
      case 'var':
        if (name === undefined) return unknown('var', range);
        return postfix.length === 1 ? this.variable(name, range, depth) : this.member(this.variableSource(name), `var.${name}`, postfix.slice(1), file, range, depth);
      case 'local':
        if (name === undefined) return unknown('local', range);
        return postfix.length === 1 ? this.local(name, range, depth) : this.member(this.localSource(name), `local.${name}`, postfix.slice(1), file, range, depth);
      case 'data':
        return this.dataSource(attrs, range, depth);
      case 'module':
        return unknown(`module output module.${attrs.join('.')}`, range);
      case 'each':
      case 'count':
        return unknown(`${root}.${attrs.join('.')} differs per instance`, range);
      case 'path':
      case 'terraform':
      case 'self':
        return unknown(`${root}.${attrs.join('.')}`, range);
      default:
        if (attrs.length >= 2) return this.resourceAttribute(root, attrs[0], attrs.slice(1), range);
        return unknown(`reference ${root}`, range);
    }
  }

  /** The expression a variable's value comes from: its tfvars setting, else its default. */
  private variableSource(name: string): { expr: Node; file: HclFile; origin: Origin } | undefined {
    const set = this.module.tfvars.get(name);
    if (set?.item.expr) return { expr: set.item.expr, file: set.file, origin: { file: set.file.path, range: set.item.range, description: `var.${name} set in ${basename(set.file.path)}` } };
    const decl = this.module.variables.get(name);
    const def = decl?.item.attributes.get('default');
    if (!decl || !def?.expr) return undefined;
    return { expr: def.expr, file: decl.file, origin: { file: decl.file.path, range: def.range, description: `default of variable "${name}"` } };
  }

  private localSource(name: string): { expr: Node; file: HclFile; origin: Origin } | undefined {
    const decl = this.module.locals.get(name);
    if (!decl?.item.expr) return undefined;
    return { expr: decl.item.expr, file: decl.file, origin: { file: decl.file.path, range: decl.item.range, description: `local.${name}` } };
  }

  /** `var.keys["notebook"]`, `local.cfg.kms_key`, `var.list[0]`: a member of an object or tuple we can read. */
  private member(source: { expr: Node; file: HclFile; origin: Origin } | undefined, label: string, steps: Node[], file: HclFile, range: Range, depth: number): Value {
    if (!source) return unknown(`part of ${label} is not evaluated`, range);
    let current: JsonLike | undefined = this.json(source.expr, source.file, depth + 1);
    let path = label;
    for (const step of steps) {
      const key = this.stepKey(step, file, depth);
      if (key === undefined || current === UNKNOWN || current === null || typeof current !== 'object') return unknown(`part of ${label} is not evaluated`, range);
      path += typeof key === 'number' ? `[${key}]` : `.${key}`;
      if (Array.isArray(current)) current = typeof key === 'number' || /^\d+$/.test(key) ? current[Number(key)] : undefined;
      else current = typeof key === 'string' ? current[key] : undefined;
      if (current === undefined) return unknown(`${path} is not defined here`, range);
    }
    if (current === null) return { state: 'missing', range, trail: [source.origin], reason: `${path} is null` };
    if (typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean') return { state: 'known', value: current, range, trail: [source.origin] };
    return unknown(`part of ${label} is not evaluated`, range);
  }

  private stepKey(step: Node, file: HclFile, depth: number): string | number | undefined {
    if (step.type === 'get_attr') return named(step)[0]?.text;
    if (step.type !== 'index') return undefined;
    const inner = named(step)[0];
    if (inner?.type === 'legacy_index') return Number(inner.text.replace(/^\./, ''));
    const expr = inner ? named(inner).find((c) => c.type === 'expression') : undefined;
    const v = expr ? this.value(expr, file, depth + 1) : undefined;
    return v?.state === 'known' && (typeof v.value === 'string' || typeof v.value === 'number') ? v.value : undefined;
  }

  private variable(name: string, range: Range, depth: number): Value {
    const set = this.module.tfvars.get(name);
    if (set?.item.expr) {
      const origin = { file: set.file.path, range: set.item.range, description: `var.${name} set in ${basename(set.file.path)}` };
      const v = this.value(set.item.expr, set.file, depth + 1);
      if (v.state === 'missing') return { state: 'missing', range, trail: [origin], reason: `var.${name} is set to null in ${basename(set.file.path)}` };
      return seenAt(v, range, origin);
    }
    const decl = this.module.variables.get(name);
    if (!decl) return unknown(`variable "${name}" is not declared in this folder`, range);
    const def = decl.item.attributes.get('default');
    if (!def?.expr) return unknown(`variable "${name}" has no default: every caller sets it`, range);
    const origin = { file: decl.file.path, range: def.range, description: `default of variable "${name}"` };
    const v = this.value(def.expr, decl.file, depth + 1);
    if (v.state === 'missing') return { state: 'missing', range, trail: [origin], reason: `variable "${name}" defaults to null` };
    return seenAt(v, range, origin);
  }

  private local(name: string, range: Range, depth: number): Value {
    const decl = this.module.locals.get(name);
    if (!decl?.item.expr) return unknown(`local "${name}" is not defined in this folder`, range);
    const origin = { file: decl.file.path, range: decl.item.range, description: `local.${name}` };
    const v = this.value(decl.item.expr, decl.file, depth + 1);
    if (v.state === 'missing') return { state: 'missing', range, trail: [origin], reason: `local.${name} is null` };
    return seenAt(v, range, origin);
  }

  private dataSource(attrs: string[], range: Range, depth: number): Value {
    const [type, name] = attrs;
    const decl = type && name ? this.module.data.get(`${type}.${name}`) : undefined;
    if (!decl) return unknown(`data.${attrs.join('.')}`, range);
    const origin = { file: decl.file.path, range: decl.item.header, description: `data.${type}.${name}` };
    const lookup = type === 'aws_kms_alias' ? 'name' : type === 'aws_kms_key' ? 'key_id' : undefined;
    if (!lookup) return unknown(`data source ${type}`, range);
    const arg = decl.item.attributes.get(lookup);
    if (!arg?.expr) return unknown(`data.${type}.${name} has no ${lookup}`, range);
    const looked = this.value(arg.expr, decl.file, depth + 1);
    if (looked.state !== 'known' || typeof looked.value !== 'string') return unknown(`data.${type}.${name} looks up a key we cannot resolve`, range, [origin]);
    const keyText = looked.value;
    const attr = attrs[2] ?? 'id';
    if (/^(?:arn:[^:]+:kms:[^:]*:\d*:)?alias\/aws\//.test(keyText)) {
      const alias = keyText.slice(keyText.indexOf('alias/'));
      // Attributes of a lookup are ARNs or ids of the AWS-managed key: the alias part decides.
      const partial = attr === 'name' ? alias : `arn:\u0000:kms:\u0000:\u0000:${alias}`;
      return unknown(`data.${type}.${name} looks up ${alias}`, range, [{ ...origin, description: `data.${type}.${name} (${alias})` }], partial);
    }
    if (/^arn:/.test(keyText) && (attr === 'arn' || attr === 'target_key_arn')) return { state: 'known', value: keyText, range, trail: [origin] };
    return unknown(`data.${type}.${name} resolves at plan time`, range, [origin]);
  }

  private resourceAttribute(type: string, name: string, rest: string[], range: Range): Value {
    if (type === 'aws_kms_key' || type === 'aws_kms_alias' || type === 'aws_kms_replica_key' || type === 'aws_kms_external_key') {
      const key = this.keyDefinition(`${type}.${name}`);
      if (key) return { state: 'key', key, range, trail: [] };
    }
    if (type === 'aws_ssm_parameter' || type.startsWith('aws_ssm')) return unknown('SSM parameter', range);
    return unknown(`${type}.${name}.${rest.join('.')} is known after apply`, range);
  }

  /** The customer-managed key a `aws_kms_key` or `aws_kms_alias` resource defines. */
  keyDefinition(address: string): KmsKeyDefinition | undefined {
    const cached = this.keyDefinitions.get(address);
    if (cached) return cached;
    const decl = this.module.resources.get(address);
    if (!decl) return undefined;
    const [type] = address.split('.');
    let keyAddress = address;
    if (type === 'aws_kms_alias') {
      const target = decl.item.attributes.get('target_key_id')?.expr?.text ?? '';
      const m = /^(aws_kms_key\.[A-Za-z0-9_-]+)/.exec(target);
      if (m) keyAddress = m[1];
    }
    const def: KmsKeyDefinition = {
      label: address,
      reference: { arn: `${address}.arn`, any: `${address}.arn` },
      file: decl.file.path,
      range: decl.item.header,
      policy: undefined,
    };
    // Known before its policy is read: a policy that names its own key (`aws_kms_key.k.arn`, a cycle
    // Terraform refuses but people write) reads this definition instead of recursing forever.
    this.keyDefinitions.set(address, def);
    if (keyAddress.startsWith('aws_kms_key.')) def.policy = this.keyPolicy(keyAddress);
    return def;
  }

  /** Every customer-managed key the module defines, for "use key X" fixes. */
  customerKeys(): KmsKeyDefinition[] {
    const keys: KmsKeyDefinition[] = [];
    for (const [address] of this.module.resources) {
      if (!referenceable(address)) continue;
      if (address.startsWith('aws_kms_key.') || address.startsWith('aws_kms_replica_key.')) {
        const def = this.keyDefinition(address);
        if (def) keys.push(def);
      }
    }
    for (const [address, decl] of this.module.data) {
      if (!referenceable(address)) continue;
      if (!address.startsWith('aws_kms_alias.') && !address.startsWith('aws_kms_key.')) continue;
      const lookup = decl.item.attributes.get(address.startsWith('aws_kms_alias.') ? 'name' : 'key_id');
      const v = lookup?.expr ? this.value(lookup.expr, decl.file) : undefined;
      if (v?.state === 'known' && typeof v.value === 'string' && !v.value.includes('alias/aws/')) {
        keys.push({
          label: `data.${address}`,
          reference: { arn: `data.${address}.${address.startsWith('aws_kms_alias.') ? 'target_key_arn' : 'arn'}`, any: `data.${address}.arn` },
          file: decl.file.path,
          range: decl.item.header,
        });
      }
    }
    return keys;
  }

  /** The literal key policy of `aws_kms_key.x` (its `policy`, or an `aws_kms_key_policy` for it). */
  private keyPolicy(keyAddress: string): PolicyFact | undefined {
    const key = this.module.resources.get(keyAddress);
    if (!key) return undefined;
    let policyAttr = key.item.attributes.get('policy');
    let file = key.file;
    if (!policyAttr) {
      for (const other of this.module.resourcesOfType('aws_kms_key_policy')) {
        const target = other.item.attributes.get('key_id')?.expr?.text ?? '';
        if (target.startsWith(`${keyAddress}.`)) {
          policyAttr = other.item.attributes.get('policy');
          file = other.file;
        }
      }
    }
    // No policy: AWS applies the default policy, which lets the account's IAM policies grant use.
    if (!policyAttr?.expr) return undefined;
    const json = this.json(policyAttr.expr, file, 0);
    const range = policyAttr.range;
    const statements = policyStatements(json);
    return { readable: statements !== undefined, statements: statements ?? [], range, file: file.path };
  }

  /** Evaluates an expression into JSON-like data: `jsonencode({...})`, heredoc JSON, policy documents. */
  json(expr: Node, file: HclFile, depth: number): JsonLike {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const kids = named(expr);
    if (expr.type === 'expression' && kids.length === 1) return this.json(kids[0], file, depth + 1);
    if (expr.type === 'expression' && kids[0]?.type === 'variable_expr') {
      const steps = kids.slice(1).map((p) => (p.type === 'get_attr' ? (named(p)[0]?.text ?? '') : '[]'));
      if (kids[0].text === 'data' && steps[0] === 'aws_iam_policy_document' && steps[2] === 'json') {
        const doc = this.module.data.get(`aws_iam_policy_document.${steps[1]}`);
        return doc ? this.policyDocument(doc.item, doc.file, depth) : UNKNOWN;
      }
      if (kids[0].text === 'local' && steps.length === 1) {
        const local = this.module.locals.get(steps[0]);
        return local?.item.expr ? this.json(local.item.expr, local.file, depth + 1) : UNKNOWN;
      }
    }
    switch (expr.type) {
      case 'function_call': {
        const name = kids[0]?.text;
        const args = named(kids.find((c) => c.type === 'function_arguments') ?? expr).filter((c) => c.type === 'expression');
        if (name === 'jsonencode' && args.length === 1) return this.json(args[0], file, depth + 1);
        return UNKNOWN;
      }
      case 'collection_value':
        return this.json(kids[0], file, depth + 1);
      case 'tuple':
        return kids.filter((c) => c.type === 'expression').map((c) => this.json(c, file, depth + 1));
      case 'object': {
        const out: { [k: string]: JsonLike } = {};
        for (const elem of kids.filter((c) => c.type === 'object_elem')) {
          const [k, v] = named(elem).filter((c) => c.type === 'expression');
          if (!k || !v) return UNKNOWN;
          const keyNode = named(k)[0];
          const keyValue = keyNode?.type === 'variable_expr' && named(k).length === 1 ? keyNode.text : this.value(k, file, depth + 1);
          const keyText = typeof keyValue === 'string' ? keyValue : keyValue.state === 'known' ? String(keyValue.value) : undefined;
          if (keyText === undefined) return UNKNOWN;
          out[keyText] = this.json(v, file, depth + 1);
        }
        return out;
      }
      default: {
        const v = this.value(expr, file, depth + 1);
        if (v.state === 'known') {
          if (typeof v.value === 'string' && expr.type === 'template_expr' && /^\s*[{[]/.test(v.value)) {
            try {
              return JSON.parse(v.value) as JsonLike;
            } catch {
              return UNKNOWN;
            }
          }
          return v.value;
        }
        return v.state === 'missing' ? null : UNKNOWN;
      }
    }
  }

  private policyDocument(doc: HclBlock, file: HclFile, depth: number): JsonLike {
    if (doc.attributes.has('source_policy_documents') || doc.attributes.has('override_policy_documents')) return UNKNOWN;
    const statements: JsonLike[] = [];
    for (const st of blocksOf(doc, 'statement')) {
      if (st.dynamic) return UNKNOWN;
      const effect = st.attributes.get('effect')?.expr;
      const actions = st.attributes.get('actions')?.expr;
      const principal: Record<string, JsonLike> = {};
      for (const p of blocksOf(st, 'principals')) {
        const type = p.attributes.get('type')?.expr;
        const ids = p.attributes.get('identifiers')?.expr;
        const t = type ? this.json(type, file, depth + 1) : UNKNOWN;
        if (typeof t !== 'string' || !ids) return UNKNOWN;
        principal[t] = this.json(ids, file, depth + 1);
      }
      statements.push({
        Effect: effect ? this.json(effect, file, depth + 1) : 'Allow',
        Action: actions ? this.json(actions, file, depth + 1) : [],
        ...(st.attributes.has('not_actions') ? { NotAction: UNKNOWN } : {}),
        Principal: principal,
      });
    }
    return { Statement: statements };
  }
}

/** Terraform rejects block names that are not identifiers, and a fix must not write a reference that does not parse. */
export function referenceable(address: string): boolean {
  return address.split('.').every((part) => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(part));
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

function stripHeredocIndent(raw: string): string {
  const lines = raw.split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

function strings(v: JsonLike): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  return undefined;
}

/** Reads IAM policy statements; undefined when any part that decides SageMaker's access is unknown. */
export function policyStatements(doc: JsonLike): PolicyStatement[] | undefined {
  if (doc === UNKNOWN || doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : undefined;
  if (!list) return undefined;
  const out: PolicyStatement[] = [];
  for (const st of list) {
    if (st === UNKNOWN || st === null || typeof st !== 'object' || Array.isArray(st)) return undefined;
    if ('NotAction' in st || 'NotPrincipal' in st) return undefined;
    const effect = st.Effect;
    const actions = strings(st.Action ?? []);
    if ((effect !== 'Allow' && effect !== 'Deny') || !actions) return undefined;
    const principals: string[] = [];
    const p = st.Principal;
    if (p === '*') principals.push('*');
    else if (p && typeof p === 'object' && !Array.isArray(p)) {
      for (const value of Object.values(p)) {
        const ids = strings(value);
        if (!ids) return undefined;
        principals.push(...ids);
      }
    } else if (p !== undefined) return undefined;
    out.push({ effect, actions, principals });
  }
  return out;
}
