import * as assert from 'assert';
import * as path from 'path';
import { parse as hcl2json } from '@cdktf/hcl2json';
import type { Parser } from 'web-tree-sitter';
import type { SourceText } from '../../../shared-rules/src/dialect';
import type { Scalar } from '../../../shared-rules/src/model';
import type { TerraformFieldHandle } from '../../../shared-rules/src/terraform/adapter';
import { TerraformAdapter } from '../../../shared-rules/src/terraform/adapter';
import { Evaluator } from '../../../shared-rules/src/terraform/evaluate';
import type { HclAttribute, HclBlock, HclFile } from '../../../shared-rules/src/terraform/syntax';
import { createParser } from '../../../shared-rules/src/tree-sitter';
import { EXAMPLES, FIXTURES, moduleFolders, readFolder } from './harness';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Read {
  where: string;
  attribute: HclAttribute;
  value: Scalar;
  oracle: Json | undefined;
}

/** Pairs every attribute the adapter evaluates to a literal with hcl2json's value at the same path. */
function literalReads(file: HclFile, evaluator: Evaluator, json: Json): Read[] {
  const reads: Read[] = [];
  const child = (node: Json | undefined, key: string): Json | undefined =>
    node !== null && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined;
  const visitAttributes = (attrs: Map<string, HclAttribute>, node: Json | undefined, where: string): void => {
    for (const attr of attrs.values()) {
      if (!attr.expr) continue;
      const v = evaluator.value(attr.expr, file);
      // A value that went through a variable, local or data source is compared at its definition.
      if (v.state !== 'known' || v.trail.length > 0) continue;
      reads.push({ where: `${where}.${attr.name}`, attribute: attr, value: v.value, oracle: child(node, attr.name) });
    }
  };
  const visitBlocks = (blocks: HclBlock[], node: Json | undefined, where: string): void => {
    const seen = new Map<string, number>();
    for (const block of blocks) {
      if (block.dynamic) continue;
      const key = [block.type, ...block.labels].join('\u0000');
      const index = seen.get(key) ?? 0;
      seen.set(key, index + 1);
      let target = child(node, block.type);
      for (const label of block.labels) target = child(target, label);
      const element = Array.isArray(target) ? target[index] : undefined;
      const here = `${where}${[block.type, ...block.labels].join('.')}[${index}]`;
      visitAttributes(block.attributes, element, here);
      visitBlocks(block.blocks, element, `${here}.`);
    }
  };
  visitAttributes(file.attributes, json, '');
  visitBlocks(file.blocks, json, '');
  return reads;
}

/** hcl2json shows expressions as `${…}`; only literals are comparable. */
function comparable(oracle: Json | undefined): oracle is Scalar {
  if (typeof oracle === 'number' || typeof oracle === 'boolean') return true;
  return typeof oracle === 'string' && !oracle.includes('${') && !oracle.includes('%{');
}

async function oracleFor(file: SourceText): Promise<Json | undefined> {
  try {
    return (await hcl2json(path.basename(file.path), file.text)) as Json;
  } catch {
    return undefined;
  }
}

describe('hcl2json oracle', () => {
  let parser: Parser;
  before(async () => {
    parser = await createParser('terraform');
  });

  const folders = [...moduleFolders(FIXTURES), ...moduleFolders(EXAMPLES)];
  for (const dir of folders) {
    it(path.relative(path.resolve(__dirname, '../..'), dir), async () => {
      const files = readFolder(dir);
      const adapter = new TerraformAdapter(parser);
      const module = adapter.module(files[0], files);
      const evaluator = new Evaluator(module);
      const checkedAt = new Map<number, Read>();
      let compared = 0;
      let parsed = 0;
      for (const source of files) {
        const json = await oracleFor(source);
        if (json === undefined) continue;
        parsed++;
        const file = adapter.parse(source);
        for (const read of literalReads(file, evaluator, json)) {
          if (!comparable(read.oracle)) continue;
          assert.deepStrictEqual(read.value, read.oracle, `${path.basename(source.path)} ${read.where}`);
          checkedAt.set(read.attribute.start, read);
          compared++;
        }
        // The fields the rules see read the same attributes.
        for (const resource of source.path.endsWith('.tf') ? adapter.analyze(source, files).resources : []) {
          for (const field of resource.fields) {
            const h = field.handle as TerraformFieldHandle;
            if (!h.attribute || field.value.state !== 'known' || field.value.trail.length > 0) continue;
            const read = checkedAt.get(h.attribute.start);
            if (read) assert.deepStrictEqual(field.value.value, read.value, `${resource.label} ${field.path}`);
          }
        }
      }
      if (parsed > 0) assert.ok(compared > 0, 'no literal was compared');
    });
  }
});
