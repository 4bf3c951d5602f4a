import { getNodeValue, parseTree } from 'jsonc-parser';
import * as path from 'path';
import type { HclAttribute, HclBlock, HclFile } from './syntax';
import { blocksOf } from './syntax';

export interface Located<T> {
  item: T;
  file: HclFile;
}

/**
 * A Terraform module: every `.tf` file of one folder, plus the `.tfvars` files that set its
 * variables. Declarations are indexed once per module; resources are analysed per file.
 */
export class TerraformModule {
  readonly variables = new Map<string, Located<HclBlock>>();
  readonly locals = new Map<string, Located<HclAttribute>>();
  readonly resources = new Map<string, Located<HclBlock>>();
  readonly data = new Map<string, Located<HclBlock>>();
  /** `aws` for the default provider, `aws.<alias>` for aliased ones. */
  readonly providers = new Map<string, Located<HclBlock>>();
  readonly tfvars = new Map<string, Located<HclAttribute>>();

  constructor(
    readonly dir: string,
    readonly files: HclFile[],
    readonly tfvarsFiles: HclFile[],
  ) {
    for (const file of files) {
      const index = declarationsOf(file);
      for (const [name, decl] of index.variables) this.variables.set(name, decl);
      for (const [name, decl] of index.locals) this.locals.set(name, decl);
      for (const [name, decl] of index.resources) this.resources.set(name, decl);
      for (const [name, decl] of index.data) this.data.set(name, decl);
      for (const [name, decl] of index.providers) this.providers.set(name, decl);
    }
    // Terraform loads terraform.tfvars, then *.auto.tfvars in lexical order; later files win.
    const ordered = [...tfvarsFiles].sort((a, b) => tfvarsRank(a.path) - tfvarsRank(b.path) || a.path.localeCompare(b.path));
    for (const file of ordered) {
      for (const attr of file.attributes.values()) this.tfvars.set(attr.name, { item: attr, file });
    }
  }

  /** Resource blocks of a type, across the module. */
  resourcesOfType(type: string): Located<HclBlock>[] {
    const prefix = `${type}.`;
    const out: Located<HclBlock>[] = [];
    for (const [address, located] of this.resources) if (address.startsWith(prefix)) out.push(located);
    return out;
  }
}

interface Declarations {
  variables: [string, Located<HclBlock>][];
  locals: [string, Located<HclAttribute>][];
  resources: [string, Located<HclBlock>][];
  data: [string, Located<HclBlock>][];
  providers: [string, Located<HclBlock>][];
}

/** Kept per parsed file: typing in one file of a module re-indexes that file only. */
const declarations = new WeakMap<HclFile, Declarations>();

function declarationsOf(file: HclFile): Declarations {
  let index = declarations.get(file);
  if (index) return index;
  index = { variables: [], locals: [], resources: [], data: [], providers: [] };
  for (const block of file.blocks) {
    switch (block.type) {
      case 'variable':
        if (block.labels[0]) index.variables.push([block.labels[0], { item: block, file }]);
        break;
      case 'locals':
        for (const attr of block.attributes.values()) index.locals.push([attr.name, { item: attr, file }]);
        break;
      case 'resource':
        if (block.labels.length >= 2) index.resources.push([`${block.labels[0]}.${block.labels[1]}`, { item: block, file }]);
        break;
      case 'data':
        if (block.labels.length >= 2) index.data.push([`${block.labels[0]}.${block.labels[1]}`, { item: block, file }]);
        break;
      case 'provider':
        if (block.labels[0]) index.providers.push([providerKey(block, file), { item: block, file }]);
        break;
    }
  }
  declarations.set(file, index);
  return index;
}

function providerKey(block: HclBlock, file: HclFile): string {
  const alias = block.attributes.get('alias');
  const aliasText = alias && file.text.slice(alias.exprStart, alias.exprEnd).replace(/^"|"$/g, '');
  return aliasText ? `${block.labels[0]}.${aliasText}` : block.labels[0];
}

function tfvarsRank(file: string): number {
  const base = path.basename(file);
  if (base === 'terraform.tfvars') return 0;
  return base === 'terraform.tfvars.json' ? 1 : 2;
}

/** The variable files Terraform loads by itself: `terraform.tfvars[.json]`, `*.auto.tfvars[.json]`. */
export function isTfvarsFile(file: string): boolean {
  const base = path.basename(file);
  return base === 'terraform.tfvars' || base.endsWith('.auto.tfvars') || base === 'terraform.tfvars.json' || base.endsWith('.auto.tfvars.json');
}

/**
 * A `.tfvars.json` file as HCL assignments, each on the line of its key in the JSON, so that the
 * same evaluator reads both forms. JSON strings are literal: `${` and `%{` are escaped for HCL.
 */
export function tfvarsJsonAsHcl(text: string): string {
  const root = parseTree(text);
  const lines = text.split(/\r\n|\r|\n/).map(() => '');
  if (root?.type !== 'object') return '';
  for (const property of root.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value || typeof key.value !== 'string' || !/^[A-Za-z_][\w-]*$/.test(key.value)) continue;
    const line = text.slice(0, key.offset).split(/\r\n|\r|\n/).length - 1;
    const literal = JSON.stringify(getNodeValue(value)).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
    lines[line] = `${key.value} = ${literal}`;
  }
  return lines.join('\n');
}

export { blocksOf };
