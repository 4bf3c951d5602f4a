import type { Node } from 'web-tree-sitter';
import type { Family, PythonCallRow } from './field-table';
import { BOTO3_OPERATIONS, CONFIG_CLASS_POSITIONAL, SDK_CLASS_NAMES, sdkClassRow, sdkMethodRow } from './field-table';
import type { PyUnit, Span } from './unit';

/** A keyword argument, dict entry or `d["k"] = v` assignment, with where to edit it. */
export interface Entry {
  name: string;
  value: PyValue;
  valueSpan?: Span;
  keySpan?: Span;
  /** What to delete to remove the field: the item in its brackets, or a whole statement. */
  removal?: { span: Span; statement: boolean };
  unit: PyUnit;
}

/** Keyword arguments of a call or the keys of a dict, as one mapping. */
export interface Container {
  /** How a new key is written: `name=value` (calls, `dict(...)`) or `"Name": value` (dict literals). */
  style: 'kwargs' | 'dict';
  entries: Map<string, Entry>;
  /** Why keys may come from somewhere we cannot see (`**kwargs`, `*args`, a computed key). */
  openReason?: string;
  unit: PyUnit;
  /** Offset just after the opening bracket and of the closing one. */
  openOffset: number;
  closeOffset: number;
  items: Span[];
  /** A call whose only arguments are `**d` spreads of dict literals: new keys go into the first. */
  insertInto?: Container;
}

export interface Via {
  name: string;
  unit: PyUnit;
  span: Span;
}

export type PyValue =
  | { t: 'str'; value: string; via?: Via }
  | { t: 'num'; value: number; via?: Via }
  | { t: 'bool'; value: boolean; via?: Via }
  | { t: 'none'; via?: Via }
  | { t: 'partial'; partial: string; via?: Via }
  | { t: 'dict'; container: Container }
  | { t: 'list'; items: { value: PyValue; span: Span }[]; openReason?: string }
  | { t: 'module'; name: string }
  | { t: 'call'; callee: string; container: Container }
  | { t: 'sdk'; family?: Family; site?: CallSite; region?: PyValue }
  | { t: 'client'; region?: PyValue }
  | { t: 'boto-session'; region?: PyValue }
  | { t: 'sm-session'; region?: PyValue }
  | { t: 'unknown'; reason: string };

const unknownValue = (reason: string): PyValue => ({ t: 'unknown', reason });

const MAX_EXPRESSION_DEPTH = 200;

export interface Binding {
  name: string;
  value: PyValue;
  unit: PyUnit;
  span: Span;
}

export class Scope {
  readonly vars = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}

  lookup(name: string): Binding | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }

  get module(): Scope {
    return this.parent ? this.parent.module : this;
  }
}

/** A call that creates (or configures) a SageMaker resource, with everything the facts need. */
export interface CallSite {
  row: PythonCallRow;
  unit: PyUnit;
  /** The callee (`PyTorch`, `sm.create_training_job`, `estimator.deploy`): findings about absent fields go here. */
  header: Span;
  call: Span;
  container: Container;
  label: string;
  region?: PyValue;
  /** Module constants bound when the call runs (candidates for customer-managed keys). */
  constants: Binding[];
  scope: Scope;
  /** The SDK class's qualified name (`sagemaker.core.processing.Processor`) for v2/v3 import choices. */
  qualified?: string;
  /** Where new module-level lines (imports, constants) go: a line start in `unit`. */
  insertAt: number;
  /** HyperparameterTuner: the estimator call it copies, and where it is passed. */
  inherited?: { site: CallSite; span: Span };
}

const CONDITIONAL = new Set(['if_statement', 'for_statement', 'while_statement', 'match_statement']);
/**
 * Named nodes the grammar allows between any two tokens: not items, arguments or statements. A
 * `\` line continuation inside a call's brackets is one (an argument list's child like the others).
 */
const EXTRAS = new Set(['comment', 'line_continuation']);
const COMPOUND = new Set([...CONDITIONAL, 'try_statement', 'with_statement', 'function_definition', 'class_definition', 'decorated_definition']);

function span(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}

function decodeEscapes(text: string): string {
  return text.replace(/\\(\r\n|\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case '\n':
      case '\r':
        return '';
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '0':
        return e.length === 1 ? '\0' : String.fromCharCode(parseInt(e, 8));
      case 'x':
      case 'u':
      case 'U': {
        // `"C:\Users"`: a truncated escape or one beyond Unicode is an error to Python; its text is kept.
        const code = e.length > 1 ? parseInt(e.slice(1), 16) : NaN;
        return code <= 0x10ffff ? String.fromCodePoint(code) : `\\${e}`;
      }
      default:
        return /[0-7]/.test(e[0]) ? String.fromCharCode(parseInt(e, 8)) : /['"\\]/.test(e) ? e : `\\${e}`;
    }
  });
}

/** Evaluates Python statements in order (cells in order), recording SageMaker call sites on the way. */
export class Evaluator {
  readonly sites: CallSite[] = [];
  readonly module = new Scope();
  private readonly starModules: string[] = [];
  /** Module constants whose text could be a key (checked by `customerKeys` when a fix needs them). */
  private readonly keyConstants = new Map<string, Binding>();
  private unit!: PyUnit;
  private journal: { scope: Scope; name: string; previous?: Binding }[] | undefined;
  private topStatement: Span = { start: 0, end: 0 };
  private lastImportEnd: number | undefined;
  private depth = 0;
  /** Inside a compound statement that has a syntax error. */
  private inBroken = false;

  /**
   * `fromText` false reads every literal, keyword and dict entry from the tree (tests compare both
   * readings); true reads plain ones from the text, which a statement without syntax errors matches.
   */
  constructor(private readonly fromText = true) {}

  /** Walks one unit's module-level statements; names stay bound for the units that follow. */
  walkUnit(unit: PyUnit, root: Node): void {
    this.unit = unit;
    this.lastImportEnd = undefined;
    for (const statement of root.namedChildren) {
      if (!statement) continue;
      this.topStatement = span(statement);
      const type = statement.type;
      this.statement(statement, this.module, type);
      if (/import/.test(type) && !statement.hasError) this.lastImportEnd = statement.endIndex;
    }
  }

  /**
   * Where new module-level lines go: below the last import before the call, when that import ends
   * its line (not `import a; x = 1`, nor an import followed by text that does not parse); else
   * above the statement that holds the call.
   */
  private insertionPoint(): number {
    const { lines, text } = this.unit;
    if (this.lastImportEnd !== undefined && this.lastImportEnd <= this.topStatement.start) {
      const line = lines.positionAt(this.lastImportEnd).line;
      if (/^[ \t]*(#.*)?$/.test(text.slice(this.lastImportEnd, lines.lineEnd(line)))) {
        return line + 1 < lines.lineCount ? lines.lineStart(line + 1) : text.length;
      }
    }
    return lines.lineStart(lines.positionAt(this.topStatement.start).line);
  }

  private bind(scope: Scope, name: string, value: PyValue, at: Span): void {
    if (this.journal) this.journal.push({ scope, name, previous: scope.vars.get(name) });
    this.setBinding(scope, { name, value, unit: this.unit, span: at });
  }

  private setBinding(scope: Scope, binding: Binding): void {
    scope.vars.set(binding.name, binding);
    if (scope !== this.module) return;
    if (binding.value.t === 'str' && isKeyLike(binding.value.value)) this.keyConstants.set(binding.name, binding);
    else this.keyConstants.delete(binding.name);
  }

  private block(node: Node | null, scope: Scope): void {
    if (!node) return;
    for (const child of node.namedChildren) if (child) this.statement(child, scope);
  }

  /** Runs branches that may or may not execute: names they assign are unknown afterwards. */
  private branches(bodies: (Node | null)[], scope: Scope): void {
    const outer = this.journal;
    const assigned: { scope: Scope; name: string }[] = [];
    for (const body of bodies) {
      this.journal = [];
      this.block(body, scope);
      for (const j of this.journal.reverse()) {
        assigned.push(j);
        if (j.previous) this.setBinding(j.scope, j.previous);
        else {
          j.scope.vars.delete(j.name);
          if (j.scope === this.module) this.keyConstants.delete(j.name);
        }
      }
    }
    this.journal = outer;
    for (const a of assigned) this.bind(a.scope, a.name, unknownValue('assigned in a branch or loop'), { start: 0, end: 0 });
  }

  // Node types are read once into locals: each read of `type` is a call into tree-sitter's WASM.
  private statement(node: Node, scope: Scope, type = node.type): void {
    if (type === 'ERROR') return;
    const broken = node.hasError;
    if (!broken) {
      this.statementBody(node, scope, type);
      return;
    }
    if (!COMPOUND.has(type)) return;
    // A compound statement with a syntax error is walked; its literals are read from the tree, not the text.
    const outer = this.inBroken;
    this.inBroken = true;
    try {
      this.statementBody(node, scope, type);
    } finally {
      this.inBroken = outer;
    }
  }

  private statementBody(node: Node, scope: Scope, type: string): void {
    switch (type) {
      case 'import_statement':
        for (const name of node.childrenForFieldName('name')) {
          if (!name) continue;
          if (name.type === 'aliased_import') {
            const alias = name.childForFieldName('alias');
            const dotted = name.childForFieldName('name');
            if (alias && dotted) this.bind(scope, alias.text, { t: 'module', name: dotted.text }, span(alias));
          } else {
            const first = name.text.split('.')[0];
            this.bind(scope, first, { t: 'module', name: first }, span(name));
          }
        }
        return;
      case 'import_from_statement': {
        const moduleName = node.childForFieldName('module_name')?.text ?? '';
        if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) {
          this.starModules.push(moduleName);
          return;
        }
        for (const name of node.childrenForFieldName('name')) {
          if (!name) continue;
          const dotted = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
          const alias = name.type === 'aliased_import' ? name.childForFieldName('alias') : name;
          if (dotted && alias) this.bind(scope, alias.text, { t: 'module', name: `${moduleName}.${dotted.text}` }, span(alias));
        }
        return;
      }
      case 'expression_statement':
        for (const child of node.namedChildren) {
          if (!child) continue;
          if (child.type === 'assignment') this.assignment(child, scope, span(node));
          else if (child.type === 'augmented_assignment') {
            this.expr(child.childForFieldName('right'), scope);
            const left = child.childForFieldName('left');
            if (left?.type === 'identifier') this.bind(scope, left.text, unknownValue('changed in place'), span(left));
          } else this.expr(child, scope);
        }
        return;
      case 'function_definition': {
        const name = node.childForFieldName('name');
        if (name) this.bind(scope, name.text, unknownValue('a function defined here'), span(name));
        const inner = new Scope(scope);
        const outer = this.journal;
        this.journal = undefined;
        for (const p of node.childForFieldName('parameters')?.namedChildren ?? []) {
          const id = p?.type === 'identifier' ? p : p?.namedChildren.find((c) => c?.type === 'identifier');
          if (id) inner.vars.set(id.text, { name: id.text, value: unknownValue(`parameter ${id.text}`), unit: this.unit, span: span(id) });
        }
        this.block(node.childForFieldName('body'), inner);
        this.journal = outer;
        return;
      }
      case 'class_definition': {
        const name = node.childForFieldName('name');
        if (name) this.bind(scope, name.text, unknownValue('a class defined here'), span(name));
        const outer = this.journal;
        this.journal = undefined;
        this.block(node.childForFieldName('body'), new Scope(scope));
        this.journal = outer;
        return;
      }
      case 'decorated_definition':
        for (const d of node.namedChildren) if (d?.type === 'decorator') this.expr(d, scope);
        if (node.childForFieldName('definition')) this.statement(node.childForFieldName('definition')!, scope);
        return;
      case 'with_statement':
        for (const item of node.descendantsOfType('with_item')) {
          const value = item?.childForFieldName('value');
          if (value?.type === 'as_pattern') {
            this.expr(value.namedChildren[0], scope);
            for (const t of value.descendantsOfType('identifier').slice(1)) if (t) this.bind(scope, t.text, unknownValue('a with target'), span(t));
          } else this.expr(value, scope);
        }
        this.block(node.childForFieldName('body'), scope);
        return;
      case 'try_statement': {
        this.block(node.childForFieldName('body'), scope);
        const handlers = node.namedChildren.filter((c): c is Node => !!c && /clause$/.test(c.type));
        this.branches(handlers.map((h) => h.namedChildren.find((c) => c?.type === 'block') ?? null), scope);
        return;
      }
      default: {
        if (CONDITIONAL.has(type)) {
          this.conditional(node, scope, type);
          return;
        }
        const blocks: Node[] = [];
        for (const child of node.namedChildren) {
          if (!child) continue;
          if (child.type === 'block') blocks.push(child);
          else this.expr(child, scope);
        }
        for (const b of blocks) this.block(b, scope);
      }
    }
  }

  private conditional(node: Node, scope: Scope, type: string): void {
    const bodies: (Node | null)[] = [];
    const visit = (n: Node): void => {
      for (const child of n.namedChildren) {
        if (!child) continue;
        const t = child.type;
        if (t === 'block') bodies.push(child);
        else if (/clause$|^case_clause$/.test(t)) visit(child);
        else if (EXTRAS.has(t)) continue;
        else this.expr(child, scope);
      }
    };
    if (type === 'for_statement') {
      this.expr(node.childForFieldName('right'), scope);
      const left = node.childForFieldName('left');
      for (const id of left?.type === 'identifier' ? [left] : (left?.descendantsOfType('identifier') ?? [])) {
        if (id) this.bind(scope, id.text, unknownValue('a loop variable'), span(id));
      }
      for (const child of node.namedChildren) {
        if (!child) continue;
        const t = child.type;
        if (t === 'block') bodies.push(child);
        else if (t === 'else_clause') bodies.push(child.childForFieldName('body'));
      }
    } else visit(node);
    this.branches(bodies, scope);
  }

  private assignment(node: Node, scope: Scope, statement: Span): PyValue {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const leftType = left?.type;
    let value: PyValue;
    if (!right) value = unknownValue('annotated without a value');
    else if (right.type === 'assignment') value = this.assignment(right, scope, statement);
    else value = this.expr(right, scope, leftType === 'identifier' ? left!.text : undefined);
    if (!left) return value;
    if (leftType === 'identifier') this.bind(scope, left.text, value, span(left));
    else if (leftType === 'subscript') this.setItem(left, value, right ? span(right) : undefined, statement, scope);
    else if (leftType === 'attribute') this.expr(left.childForFieldName('object'), scope);
    else for (const id of left.descendantsOfType('identifier')) if (id) this.bind(scope, id.text, unknownValue('unpacked'), span(id));
    return value;
  }

  /** `params["Key"] = value` (also nested) on a dict we track. */
  private setItem(target: Node, value: PyValue, valueSpan: Span | undefined, statement: Span, scope: Scope): void {
    const object = this.expr(target.childForFieldName('value'), scope);
    if (object.t !== 'dict') return;
    const key = this.constantKey(target.childForFieldName('subscript'), scope);
    if (key === undefined) {
      object.container.openReason ??= 'a key computed at run time';
      return;
    }
    const v = this.journal ? unknownValue('set in a branch or loop') : value;
    object.container.entries.set(key, { name: key, value: v, valueSpan, removal: { span: statement, statement: true }, unit: this.unit });
  }

  private constantKey(node: Node | null, scope: Scope): string | undefined {
    if (!node) return undefined;
    const v = this.expr(node, scope);
    return v.t === 'str' ? v.value : undefined;
  }

  private lookup(name: string, scope: Scope): PyValue {
    const binding = scope.lookup(name);
    if (binding) {
      const v = binding.value;
      if (v.t === 'str' || v.t === 'num' || v.t === 'bool' || v.t === 'none' || v.t === 'partial') {
        return { ...v, via: { name, unit: binding.unit, span: binding.span } };
      }
      return v;
    }
    if (['dict', 'str', 'list', 'bool', 'int'].includes(name)) return { t: 'module', name: `builtins.${name}` };
    if (SDK_CLASS_NAMES.has(name)) {
      const star = this.starModules.find((m) => m === 'sagemaker' || m.startsWith('sagemaker.'));
      if (star) return { t: 'module', name: `${star}.${name}` };
    }
    return unknownValue(`${name} is not defined here`);
  }

  private stringValue(node: Node, scope: Scope): PyValue {
    if (this.fromText && !this.inBroken) {
      const literal = literalString(this.unit.text, node.startIndex, node.endIndex);
      if (literal) return literal;
    }
    return this.stringFromTree(node, scope);
  }

  private stringFromTree(node: Node, scope: Scope): PyValue {
    const children = node.namedChildren;
    const types = children.map((c) => c?.type);
    const start = children[types.indexOf('string_start')]?.text ?? '"';
    const prefix = start.replace(/['"]+$/, '').toLowerCase();
    const raw = prefix.includes('r');
    let text = '';
    let partial = false;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child) continue;
      const t = types[i];
      if (t === 'string_content') text += raw ? child.text : decodeEscapes(child.text);
      else if (t === 'interpolation') {
        const inner = child.childForFieldName('expression');
        const v = inner ? this.expr(inner, scope) : unknownValue('empty');
        const spec = child.namedChildren.some((c) => c?.type === 'format_specifier' || c?.type === 'type_conversion');
        if (!spec && (v.t === 'str' || v.t === 'num')) text += String(v.value);
        else if (!spec && v.t === 'partial') {
          text += v.partial;
          partial = true;
        } else {
          text += '\u0000';
          partial = true;
        }
      }
    }
    if (prefix.includes('b')) return unknownValue('bytes');
    return partial ? { t: 'partial', partial: text } : { t: 'str', value: text };
  }

  /** Evaluates an expression; `target` names the variable it is assigned to (for labels). */
  expr(node: Node | null | undefined, scope: Scope, target?: string): PyValue {
    // Generated or hostile code nests expressions deeper than the JS stack.
    if (this.depth >= MAX_EXPRESSION_DEPTH) return unknownValue('an expression nested too deep');
    this.depth++;
    try {
      return this.unguardedExpr(node, scope, target);
    } finally {
      this.depth--;
    }
  }

  private unguardedExpr(node: Node | null | undefined, scope: Scope, target?: string): PyValue {
    if (!node) return unknownValue('nothing');
    switch (node.type) {
      case 'string':
        return this.stringValue(node, scope);
      case 'concatenated_string': {
        const parts = node.namedChildren.filter((c) => !!c && !EXTRAS.has(c.type)).map((c) => this.expr(c, scope));
        return concat(parts);
      }
      case 'integer':
      case 'float': {
        const n = Number(node.text.replace(/_/g, ''));
        return Number.isNaN(n) ? unknownValue('number') : { t: 'num', value: n };
      }
      case 'true':
        return { t: 'bool', value: true };
      case 'false':
        return { t: 'bool', value: false };
      case 'none':
        return { t: 'none' };
      case 'identifier':
        return this.lookup(node.text, scope);
      case 'parenthesized_expression':
        return this.expr(node.namedChildren.find((c) => !!c && !EXTRAS.has(c.type)), scope, target);
      case 'attribute':
        return this.attribute(this.expr(node.childForFieldName('object'), scope), node.childForFieldName('attribute')?.text ?? '');
      case 'subscript': {
        const object = this.expr(node.childForFieldName('value'), scope);
        const key = this.constantKey(node.childForFieldName('subscript'), scope);
        if (object.t === 'dict' && key !== undefined) return object.container.entries.get(key)?.value ?? unknownValue(`no key ${key}`);
        return unknownValue('a subscript');
      }
      case 'binary_operator': {
        const left = this.expr(node.childForFieldName('left'), scope);
        const right = this.expr(node.childForFieldName('right'), scope);
        if (node.childForFieldName('operator')?.text === '+' && isTextual(left) && isTextual(right)) return concat([left, right]);
        return unknownValue('computed');
      }
      case 'conditional_expression': {
        const [a, , b] = node.namedChildren.filter((c) => !!c && !EXTRAS.has(c.type)).map((c) => this.expr(c, scope));
        if ((a.t === 'str' || a.t === 'bool' || a.t === 'num') && b.t === a.t && b.value === a.value) return a;
        if (a.t === 'none' && b.t === 'none') return a;
        return unknownValue('a conditional expression');
      }
      case 'dictionary':
        return { t: 'dict', container: this.dictionary(node, scope) };
      case 'list':
      case 'tuple': {
        const items: { value: PyValue; span: Span }[] = [];
        let openReason: string | undefined;
        for (const c of node.namedChildren) {
          const t = c?.type;
          if (!c || EXTRAS.has(t)) continue;
          if (t === 'list_splat') openReason = 'a *spread';
          items.push({ value: this.expr(c, scope), span: span(c) });
        }
        return { t: 'list', items, openReason };
      }
      case 'call':
        return this.call(node, scope, target);
      default:
        for (const c of node.namedChildren) if (c) this.expr(c, scope);
        return unknownValue(`a ${node.type.replace(/_/g, ' ')}`);
    }
  }

  private attribute(object: PyValue, name: string): PyValue {
    if (object.t === 'module') return { t: 'module', name: `${object.name}.${name}` };
    if (object.t === 'sm-session' && name === 'sagemaker_client') return { t: 'client', region: object.region };
    if (object.t === 'sm-session' && name === 'boto_session') return { t: 'boto-session', region: object.region };
    return unknownValue(`attribute ${name}`);
  }

  private dictionary(node: Node, scope: Scope): Container {
    const container = this.emptyContainer(node, 'dict');
    const readText = this.fromText && !this.inBroken;
    for (const item of node.namedChildren) {
      if (!item) continue;
      if (readText && this.plainPair(item.startIndex, container, scope)) continue;
      const t = item.type;
      if (EXTRAS.has(t)) continue;
      const itemSpan = span(item);
      container.items.push(itemSpan);
      if (t === 'pair') {
        // `key: value` has these two named children unless a comment sits inside it: one call for both.
        const both = item.namedChildren;
        const [keyNode, valueNode] = both.length === 2 ? both : [item.childForFieldName('key'), item.childForFieldName('value')];
        const key = this.constantKey(keyNode, scope);
        const value = this.expr(valueNode, scope);
        if (key === undefined) container.openReason ??= 'a key computed at run time';
        else
          container.entries.set(key, {
            name: key,
            value,
            valueSpan: valueNode ? span(valueNode) : undefined,
            keySpan: keyNode ? span(keyNode) : undefined,
            removal: { span: { ...itemSpan }, statement: false },
            unit: this.unit,
          });
      } else if (t === 'dictionary_splat') this.spread(container, this.expr(item.namedChildren[0], scope));
      else container.openReason ??= 'a dict comprehension';
    }
    return container;
  }

  private spread(into: Container, value: PyValue): void {
    if (value.t === 'dict') {
      for (const [k, e] of value.container.entries) into.entries.set(k, e);
      if (value.container.openReason) into.openReason ??= value.container.openReason;
    } else into.openReason ??= value.t === 'unknown' ? `**spread of ${value.reason}` : '**spread';
  }

  private emptyContainer(node: Node, style: Container['style']): Container {
    return { style, entries: new Map(), unit: this.unit, openOffset: node.startIndex + 1, closeOffset: Math.max(node.startIndex + 1, node.endIndex - 1), items: [] };
  }

  private args(node: Node | null, scope: Scope): { container: Container; positional: { value: PyValue; span: Span }[] } {
    const positional: { value: PyValue; span: Span }[] = [];
    if (!node || node.type !== 'argument_list') {
      const c: Container = { style: 'kwargs', entries: new Map(), unit: this.unit, openOffset: 0, closeOffset: 0, items: [], openReason: 'a generator argument' };
      if (node) this.expr(node, scope);
      return { container: c, positional };
    }
    const container = this.emptyContainer(node, 'kwargs');
    const spreads: Container[] = [];
    let keywords = 0;
    const readText = this.fromText && !this.inBroken;
    for (const item of node.namedChildren) {
      if (!item) continue;
      if (readText && this.plainKeyword(item.startIndex, container, scope)) {
        keywords++;
        continue;
      }
      const t = item.type;
      if (EXTRAS.has(t)) continue;
      const itemSpan = span(item);
      container.items.push(itemSpan);
      if (t === 'keyword_argument') {
        keywords++;
        const keySpan = this.keywordName(item);
        if (!keySpan) continue;
        const valueNode = item.childForFieldName('value');
        const key = this.unit.text.slice(keySpan.start, keySpan.end);
        container.entries.set(key, {
          name: key,
          value: this.expr(valueNode, scope),
          valueSpan: valueNode ? span(valueNode) : undefined,
          keySpan,
          removal: { span: { ...itemSpan }, statement: false },
          unit: this.unit,
        });
      } else if (t === 'dictionary_splat') {
        const v = this.expr(item.namedChildren[0], scope);
        if (v.t === 'dict') spreads.push(v.container);
        this.spread(container, v);
      } else if (t === 'list_splat') {
        this.expr(item.namedChildren[0], scope);
        container.openReason ??= 'a *args spread';
      } else positional.push({ value: this.expr(item, scope), span: { ...itemSpan } });
    }
    if (keywords === 0 && positional.length === 0 && spreads.length > 0) container.insertInto = spreads[0];
    return { container, positional };
  }

  /**
   * `"Key": value` at `start` in a dict literal, both plain (see PLAIN_VALUE) and the item ending
   * there: its entry is added without asking the tree (about eight calls into the WASM and two
   * nodes fewer). False leaves the item to the tree.
   */
  private plainPair(start: number, container: Container, scope: Scope): boolean {
    const text = this.unit.text;
    const key = this.plainValueAt(start, scope);
    if (!key) return false;
    const colon = skipSpace(text, key.end);
    if (text.charCodeAt(colon) !== COLON) return false;
    const valueStart = skipSpace(text, colon + 1);
    const value = this.plainValueAt(valueStart, scope);
    if (!value || !endsItem(text, value.end, CLOSE_BRACE)) return false;
    const itemSpan = { start, end: value.end };
    container.items.push(itemSpan);
    if (key.value.t !== 'str') container.openReason ??= 'a key computed at run time';
    else {
      const name = key.value.value;
      container.entries.set(name, {
        name,
        value: value.value,
        valueSpan: { start: valueStart, end: value.end },
        keySpan: { start, end: key.end },
        removal: { span: { ...itemSpan }, statement: false },
        unit: this.unit,
      });
    }
    return true;
  }

  /** `name=value` at `start` in an argument list, the value plain and the argument ending there; false leaves it to the tree. */
  private plainKeyword(start: number, container: Container, scope: Scope): boolean {
    const text = this.unit.text;
    KEYWORD_NAME.lastIndex = start;
    const m = KEYWORD_NAME.exec(text);
    if (!m) return false;
    const valueStart = skipSpace(text, KEYWORD_NAME.lastIndex);
    const value = this.plainValueAt(valueStart, scope);
    if (!value || !endsItem(text, value.end, CLOSE_PAREN)) return false;
    const itemSpan = { start, end: value.end };
    container.items.push(itemSpan);
    const name = m[1];
    container.entries.set(name, {
      name,
      value: value.value,
      valueSpan: { start: valueStart, end: value.end },
      keySpan: { start, end: start + name.length },
      removal: { span: { ...itemSpan }, statement: false },
      unit: this.unit,
    });
    return true;
  }

  /** A plain value at `start` (see PLAIN_VALUE) evaluated as the tree's reading would be, and its end; undefined for anything else. */
  private plainValueAt(start: number, scope: Scope): { value: PyValue; end: number } | undefined {
    PLAIN_VALUE.lastIndex = start;
    const m = PLAIN_VALUE.exec(this.unit.text);
    if (!m) return undefined;
    const end = PLAIN_VALUE.lastIndex;
    const [, prefix, doubleQuoted, singleQuoted, number, name] = m;
    if (name !== undefined) {
      const parts = name.split('.');
      const first = parts[0];
      if (PYTHON_KEYWORDS.has(first)) {
        if (parts.length > 1) return undefined;
        if (first === 'True' || first === 'False') return { value: { t: 'bool', value: first === 'True' }, end };
        return first === 'None' ? { value: { t: 'none' }, end } : undefined;
      }
      let value = this.lookup(first, scope);
      for (let i = 1; i < parts.length; i++) {
        if (PYTHON_KEYWORDS.has(parts[i])) return undefined;
        value = this.attribute(value, parts[i]);
      }
      return { value, end };
    }
    if (number !== undefined) return { value: { t: 'num', value: Number(number) }, end };
    const content = doubleQuoted ?? singleQuoted;
    const flags = prefix.toLowerCase();
    if (flags.includes('b')) return { value: unknownValue('bytes'), end };
    // An f-string with braces interpolates (or escapes them): the tree reads it.
    if (flags.includes('f') && /[{}]/.test(content)) return undefined;
    return { value: { t: 'str', value: content }, end };
  }

  /** Where a keyword argument's name is: read from the text when it is a plain `name=` (asking the tree costs two calls). */
  private keywordName(item: Node): Span | undefined {
    const start = item.startIndex;
    if (this.fromText && !this.inBroken) {
      KEYWORD_NAME.lastIndex = start;
      const m = KEYWORD_NAME.exec(this.unit.text);
      if (m) return { start, end: start + m[1].length };
    }
    const name = item.childForFieldName('name');
    return name ? span(name) : undefined;
  }

  private call(node: Node, scope: Scope, target?: string): PyValue {
    const fn = node.childForFieldName('function');
    const fnType = fn?.type;
    let object: PyValue | undefined;
    let method: string | undefined;
    let callee: PyValue;
    if (fn && fnType === 'attribute') {
      object = this.expr(fn.childForFieldName('object'), scope);
      method = fn.childForFieldName('attribute')?.text ?? '';
      callee = this.attribute(object, method);
    } else callee = this.expr(fn, scope);
    const { container, positional } = this.args(node.childForFieldName('arguments'), scope);
    const arg = (i: number, name: string): PyValue | undefined => container.entries.get(name)?.value ?? positional[i]?.value;
    const header = fn ? span(fn) : span(node);

    if (callee.t === 'module') {
      const q = callee.name;
      if (q === 'os.environ.get' || q === 'os.getenv') return arg(1, 'default') ?? unknownValue('an environment variable');
      if (q === 'boto3.client' || q === 'boto3.session.Session.client') {
        const service = arg(0, 'service_name');
        return service?.t === 'str' && service.value === 'sagemaker' ? { t: 'client', region: arg(-1, 'region_name') } : unknownValue('another AWS client');
      }
      if (q === 'boto3.Session' || q === 'boto3.session.Session') return { t: 'boto-session', region: arg(-1, 'region_name') };
      if (/^sagemaker\.(session\.|core\.helper\.session_helper\.)?Session$/.test(q)) {
        const boto = arg(-1, 'boto_session');
        return { t: 'sm-session', region: boto?.t === 'boto-session' ? boto.region : undefined };
      }
      if (q === 'builtins.dict') {
        const d: Container = { ...container, insertInto: undefined };
        d.entries = new Map(container.entries);
        if (positional[0]) this.spread(d, positional[0].value);
        return { t: 'dict', container: d };
      }
      const row = sdkClassRow(q);
      if (row) return this.sdkObject(row, q, container, positional, header, node, scope, target);
      return this.configObject(q.slice(q.lastIndexOf('.') + 1), container, positional);
    }
    if (object && method) {
      if (object.t === 'client') {
        const row = BOTO3_OPERATIONS.get(method);
        if (row) this.record(row, container, header, node, scope, target ?? requestLabel(method, container), object.region);
        return unknownValue('a SageMaker API response');
      }
      if (object.t === 'sm-session') {
        const row = sdkMethodRow(method, 'session');
        if (row) {
          this.positionalToEntries(row, container, positional);
          this.record(row, container, header, node, scope, target ?? `${fn?.text ?? method}`, object.region);
        }
        return unknownValue('a SageMaker session call');
      }
      if (object.t === 'boto-session' && method === 'client') {
        const service = arg(0, 'service_name');
        return service?.t === 'str' && service.value === 'sagemaker' ? { t: 'client', region: arg(-1, 'region_name') ?? object.region } : unknownValue('another AWS client');
      }
      if (object.t === 'sdk' && object.family) {
        const row = sdkMethodRow(method, object.family);
        if (row) {
          this.positionalToEntries(row, container, positional);
          this.record(row, container, header, node, scope, target ?? `${fn?.text ?? method}`, object.region);
          return method === 'transformer' ? { t: 'sdk', family: 'transformer', region: object.region } : unknownValue('an SDK call result');
        }
      }
      if (object.t === 'dict') {
        if (method === 'update') {
          if (positional[0]) this.spread(object.container, positional[0].value);
          for (const [k, e] of container.entries) object.container.entries.set(k, this.journal ? { ...e, value: unknownValue('set in a branch or loop') } : e);
          if (container.openReason) object.container.openReason ??= container.openReason;
        } else if (method === 'copy') {
          return { t: 'dict', container: { ...object.container, entries: new Map(object.container.entries) } };
        } else if (!['get', 'items', 'keys', 'values'].includes(method)) object.container.openReason ??= `.${method}()`;
        return unknownValue(`dict.${method}()`);
      }
    }
    const name = fn && fnType === 'identifier' ? fn.text : fnType === 'attribute' ? (method ?? '') : '';
    return this.configObject(name, container, positional);
  }

  /** A call we do not model, kept as keywords for SDK config objects (`NetworkConfig(...)`, `Compute(...)`). */
  private configObject(callee: string, container: Container, positional: { value: PyValue; span: Span }[]): PyValue {
    const names = CONFIG_CLASS_POSITIONAL[callee];
    positional.forEach((p, i) => {
      const name = names?.[i];
      if (name === undefined) container.openReason ??= 'positional arguments';
      else if (!container.entries.has(name)) container.entries.set(name, { name, value: p.value, valueSpan: p.span, removal: { span: p.span, statement: false }, unit: this.unit });
    });
    return { t: 'call', callee, container };
  }

  private positionalToEntries(row: PythonCallRow, container: Container, positional: { value: PyValue; span: Span }[]): void {
    positional.forEach((p, i) => {
      const name = row.positional?.[i];
      if (name === undefined) {
        if (row.extraPositional !== 'ignore') container.openReason ??= 'positional arguments';
        return;
      }
      if (!container.entries.has(name)) container.entries.set(name, { name, value: p.value, valueSpan: p.span, removal: { span: p.span, statement: false }, unit: this.unit });
    });
  }

  private sdkObject(
    row: PythonCallRow,
    qualified: string,
    container: Container,
    positional: { value: PyValue; span: Span }[],
    header: Span,
    node: Node,
    scope: Scope,
    target: string | undefined,
  ): PyValue {
    this.positionalToEntries(row, container, positional);
    const session = container.entries.get('sagemaker_session')?.value;
    let region = session?.t === 'sm-session' ? session.region : undefined;
    let site: CallSite | undefined;
    if (row.inheritFrom) {
      const entry = container.entries.get(row.inheritFrom);
      const estimator = entry?.value;
      if (estimator?.t === 'sdk' && estimator.site && entry?.valueSpan) {
        region = estimator.region;
        site = this.record(row, container, header, node, scope, target ?? qualified.slice(qualified.lastIndexOf('.') + 1), region, qualified);
        site.inherited = { site: estimator.site, span: entry.valueSpan };
      }
    } else if (row.kind) {
      site = this.record(row, container, header, node, scope, target ?? qualified.slice(qualified.lastIndexOf('.') + 1), region, qualified);
    }
    return { t: 'sdk', family: row.family, site, region };
  }

  private record(row: PythonCallRow, container: Container, header: Span, node: Node, scope: Scope, label: string, region: PyValue | undefined, qualified?: string): CallSite {
    const constants = [...this.keyConstants.values()];
    const site: CallSite = {
      row,
      unit: this.unit,
      header,
      call: span(node),
      container,
      label,
      region,
      constants,
      scope,
      qualified,
      insertAt: this.insertionPoint(),
    };
    this.sites.push(site);
    return site;
  }
}

/**
 * A plain value, read from the text when its statement has no syntax error: a one-line string
 * literal without escapes or its own quote inside (prefix letters allowed), a decimal integer or
 * float, a name or a dotted name (ASCII). What follows it decides whether it is the whole item.
 */
const PLAIN_VALUE = /([rRbBuUfF]{0,2})(?:"([^"\\\n\r]*)"|'([^'\\\n\r]*)')|([0-9]+(?:\.[0-9]+)?)|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)/y;

/** Python's reserved words: a name that is one is not a plain value (`None`, `True`, `False` alone are constants). */
const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

const COLON = 58;
const COMMA = 44;
const CLOSE_PAREN = 41;
const CLOSE_BRACE = 125;

/** The offset of the first character at or after `from` that is not a space, tab or line break (inside brackets, line breaks are spaces). */
function skipSpace(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i));
  return i;
}

/** Whether the item ends at `end`: the next character that is not a space is a comma or the closing bracket (a comment is left to the tree). */
function endsItem(text: string, end: number, closer: number): boolean {
  const c = text.charCodeAt(skipSpace(text, end));
  return c === COMMA || c === closer;
}

/** A keyword argument's ASCII name followed by its `=` (other names are left to the tree). */
const KEYWORD_NAME = /([A-Za-z_][A-Za-z0-9_]*)[ \t]*=(?!=)/y;

const STRING_OPENING = /([rRbBuUfF]{0,2})('''|"""|'|")/y;

/**
 * A string literal's value from its text, without asking tree-sitter for its parts (most literals
 * in SageMaker code are plain): undefined for an f-string with `{` (interpolation) or a prefix or
 * shape we do not recognise, which the tree then reads.
 */
export function literalString(text: string, start: number, end: number): PyValue | undefined {
  STRING_OPENING.lastIndex = start;
  const m = STRING_OPENING.exec(text);
  if (!m) return undefined;
  const quote = m[2];
  const contentStart = start + m[0].length;
  const contentEnd = end - quote.length;
  if (contentEnd < contentStart || !text.startsWith(quote, contentEnd)) return undefined;
  const prefix = m[1].toLowerCase();
  if (prefix.includes('b')) return unknownValue('bytes');
  const content = text.slice(contentStart, contentEnd);
  if (prefix.includes('f') && content.includes('{')) return undefined;
  return { t: 'str', value: prefix.includes('r') ? content : decodeEscapes(content) };
}

/** `create_training_job(my-job)` when the request names the resource literally, for stable fingerprints. */
function requestLabel(method: string, request: Container): string {
  for (const [key, entry] of request.entries) {
    if (/Name$/.test(key) && entry.value.t === 'str') return `${method}(${entry.value.value})`;
  }
  return method;
}

/** Cheap pre-filter: key ids, key/alias ARNs and alias names all contain one of these. */
function isKeyLike(text: string): boolean {
  return text.startsWith('alias/') || text.startsWith('arn:') || /^(mrk-)?[0-9a-f]{8}/i.test(text);
}

function isTextual(v: PyValue): boolean {
  return v.t === 'str' || v.t === 'partial' || v.t === 'unknown' || v.t === 'num';
}

function concat(parts: PyValue[]): PyValue {
  let text = '';
  let partial = false;
  for (const p of parts) {
    if (p.t === 'str' || p.t === 'num') text += String(p.value);
    else if (p.t === 'partial') {
      text += p.partial;
      partial = true;
    } else {
      text += '\u0000';
      partial = true;
    }
  }
  return partial ? { t: 'partial', partial: text } : { t: 'str', value: text };
}
