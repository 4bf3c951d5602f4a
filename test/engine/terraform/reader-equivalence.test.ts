/**
 * The reader and the evaluator skip work the eager reader did (comments found per candidate character, attributes
 * read lazily): over every fixture, the examples, generated files and fuzz mutants of them, what
 * it reads must equal what the eager reader (test/support/hcl-reference.ts) read, and every value
 * the evaluator reads from an attribute's text must equal the value the previous evaluator
 * (test/support/evaluate-reference.ts) read from its nodes, and the adapter's facts must equal
 * the previous adapter's (test/support/adapter-reference.ts).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Node, Parser } from 'web-tree-sitter';
import type { HclComment } from '../../../shared-rules/src/terraform/syntax';
import type { SourceText } from '../../../shared-rules/src/dialect';
import type { FileFacts } from '../../../shared-rules/src/model';
import type { TerraformFieldHandle } from '../../../shared-rules/src/terraform/adapter';
import { TerraformAdapter } from '../../../shared-rules/src/terraform/adapter';
import { Evaluator } from '../../../shared-rules/src/terraform/evaluate';
import type { HclAttribute, HclBlock, HclFile } from '../../../shared-rules/src/terraform/syntax';
import { parseHcl, readAttributeAt, readBlock, readBlockAt, salvage } from '../../../shared-rules/src/terraform/syntax';
import { createParser } from '../../../shared-rules/src/tree-sitter';
import { mutate } from '../../fuzz/mutate';
import { ReferenceAdapter } from '../../support/adapter-reference';
import { ReferenceEvaluator } from '../../support/evaluate-reference';
import { parseHclReference } from '../../support/hcl-reference';
import { hashSeed, Random } from '../../support/random';
import { terraformFile, terraformVariables } from '../../support/workload';
import { EXAMPLES, FIXTURES, moduleFolders, readFolder } from './harness';

const MUTANTS = Number(process.env.READER_MUTANTS ?? 6);

function terraformTexts(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith('.tf') || e.name.endsWith('.tfvars')) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  visit(root);
  return out;
}

/** Inputs that aim at the comment scan: comment starts inside strings, heredocs and other comments. */
const TRICKY = [
  '# only a comment',
  '// only a comment\r\n',
  '/* block\n comment */ a = 1',
  'a = "#not // a /* comment" # but this is\nb = 2 // and this\r\nc = 3 /* and # this */',
  'a = <<EOF\n# not a comment\n// nor this\nEOF\n# this is',
  'resource "x" "y" { # trailing\n  a = 1 /* mid */ + 2\n  b = "${"#"}" //\n}\n#',
  'a = 1 /* unterminated',
  'a = "unterminated # string\nb = 2 # c',
  '///\n#/*\n/*//*/ x = 1',
  'a = 1 #',
  // Headers and bodies the text-based reading must hand over to the tree.
  'resource /* c */ "a" "b" {\n  x = 1\n  # before the brace\n}\nresource "a" # c\n "c" { y = 2 /* end */ }',
  'resource"a""b"{x=1}\nblock name { a::b = 1 }\na::b "x" { c = 2 }\nnamé "x" { ä = 1 }',
  'locals {\n  a /* c */ = 1\n  b = /* c */ 2\n  c // c\n  = 3\n}\nx "a b" "c-d" "e\\"f" "${g}" { }',
  'outer {\n  inner {\n  }\n  other "l" { k = v }\n  dynamic "setting" {\n    content { n = 1 }\n  }\n}\n',
  'a {\r\n  b = 1\r\n}\r\nc { d = "x" }',
  // Plain expressions whose end the text tells, and ones that go on past a line break.
  'x {\n  a = 1.5e3\n  b = 2\n  c = var.x\n  [0]\n  d = "x"\n  + "y"\n  e = f\n  ? g : h\n  i = j\n  .k\n  l = true\n  m = null}\nn = 0x1F\no = p-q\nr = s',
  'y { a = "x" b = 2 c = d.e }\nz { a = 1 /* c */ b = 2 # c\n c = 3 }\nt = "a b " u = v',
  // Bodies read from the text alone, with the tree asked only for the extent of other expressions.
  'resource "r" "a" {\n  # first\n  a = "http://x/#y" // after\n  b = { k = "}" , l = [1, 2] }\n  /* between */ c = 1\n  inner {\n    d = <<-EOT\n      } not the end {\n    EOT\n    e = "${var.f}-g" # t\n    deeper { f = [\n      "x",\n    ] }\n  }\n  g = h # last\n}\n',
  'resource "r" "b" {\r\n  a = 1\r\n  b {\r\n    c = d.e\r\n  }\r\n  /* c\r\n  */\r\n}\r\n',
  'resource "r" "c" { a { b { c { d = 1 } } } }\nresource "r" "d" {\n  dynamic "x" {\n    for_each = var.y\n    content {\n      z = x.value\n    }\n  }\n  w = -1\n  v = 1e3\n}',
];

interface Shape {
  [k: string]: unknown;
}

/** What both readers have in common. */
interface Attribute {
  name: string;
  range: unknown;
  start: number;
  end: number;
  node: Node;
  expr: Node | undefined;
  exprStart?: number;
  exprEnd?: number;
}

interface Block {
  type: string;
  labels: string[];
  node: Node;
  dynamic: boolean;
  range: unknown;
  header: unknown;
  bodyStart: number;
  bodyEnd: number | undefined;
  singleLine: boolean;
  attributes: Map<string, Attribute>;
  blocks: Block[];
}

const nodeShape = (n: Node): unknown[] => [n.startIndex, n.endIndex, n.type, n.parent?.type, n.parent?.startIndex];

function attributeShape(a: Attribute): Shape {
  return {
    name: a.name,
    range: a.range,
    start: a.start,
    end: a.end,
    // The reader keeps the expression's offsets without its node.
    exprOffsets: [a.exprStart ?? a.expr?.startIndex, a.exprEnd ?? a.expr?.endIndex],
    node: nodeShape(a.node),
    expr: a.expr ? nodeShape(a.expr) : undefined,
  };
}

function blockShape(b: Block): Shape {
  return {
    type: b.type,
    labels: b.labels,
    node: nodeShape(b.node),
    dynamic: b.dynamic,
    range: b.range,
    header: b.header,
    bodyStart: b.bodyStart,
    bodyEnd: b.bodyEnd,
    singleLine: b.singleLine,
    attributes: [...b.attributes.entries()].map(([k, a]) => [k, attributeShape(a)]),
    blocks: b.blocks.map(blockShape),
  };
}

function fileShape(f: { blocks: Block[]; attributes: Map<string, Attribute>; comments: HclComment[]; hasErrors: boolean }): Shape {
  return {
    blocks: f.blocks.map(blockShape),
    attributes: [...f.attributes.entries()].map(([k, a]) => [k, attributeShape(a)]),
    comments: f.comments,
    hasErrors: f.hasErrors,
  };
}

describe('terraform reader equals the eager reader', () => {
  let parser: Parser;
  before(async () => {
    parser = await createParser('terraform');
  });
  after(() => parser.delete());

  const corpus = [...terraformTexts(FIXTURES), ...terraformTexts(EXAMPLES), terraformFile(7, 400).text, terraformVariables(), ...TRICKY];

  const check = (text: string, label: string): void => {
    const read = parseHcl(parser, '/m/main.tf', text);
    const reference = parseHclReference(parser, '/m/main.tf', text);
    try {
      assert.deepStrictEqual(fileShape(read), fileShape(reference), label);
    } finally {
      read.tree.delete();
      reference.tree.delete();
    }
  };

  it('on every fixture, example, generated file and tricky comment', () => {
    corpus.forEach((text, i) => check(text, `input ${i}`));
  });

  it('step by step: the exported steps read the top-level body as parseHcl does', () => {
    corpus.forEach((text, i) => {
      const r = new Random(hashSeed('reader-steps', i));
      for (const input of [text, mutate(text, r, corpus).text, mutate(text, r, corpus).text]) {
        const file = parseHcl(parser, '/m/main.tf', input);
        const read = { blocks: [] as HclBlock[], attributes: new Map<string, HclAttribute>(), comments: file.comments, hasErrors: file.hasErrors };
        const c = file.tree.walk();
        try {
          if (c.gotoFirstChild()) {
            do {
              if (c.nodeType !== 'body') continue;
              const body = c.currentNode;
              if (c.gotoFirstChild()) {
                do {
                  const type: string = c.nodeType;
                  if (type === 'attribute') {
                    const a = readAttributeAt(c, file.lines);
                    if (a) read.attributes.set(a.name, a);
                  } else if (type === 'block') {
                    const b = readBlockAt(c, file.lines, 1);
                    const byNode = readBlock(c.currentNode, file.lines, 1);
                    assert.deepStrictEqual(b && blockShape(b), byNode && blockShape(byNode));
                    if (b) read.blocks.push(b);
                  }
                } while (c.gotoNextSibling());
                c.gotoParent();
              }
              if (file.hasErrors) salvage(body, file.lines, read.blocks, true);
              break;
            } while (c.gotoNextSibling());
          }
          assert.deepStrictEqual(fileShape(read), fileShape(file), `input ${i}`);
        } finally {
          c.delete();
          file.tree.delete();
        }
      }
    });
  });

  it(`on ${MUTANTS} fuzz mutants of each of them`, () => {
    corpus.forEach((text, i) => {
      const r = new Random(hashSeed('reader-equivalence', i));
      for (let m = 0; m < MUTANTS; m++) {
        const mutant = mutate(text, r, corpus);
        check(mutant.text, `input ${i} mutant ${m} (${mutant.applied.join(', ')})`);
      }
    });
  });
});

function everyAttribute(file: HclFile): HclAttribute[] {
  const out = [...file.attributes.values()];
  const visit = (blocks: HclBlock[]): void => {
    for (const b of blocks) {
      out.push(...b.attributes.values());
      visit(b.blocks);
    }
  };
  visit(file.blocks);
  return out;
}

describe('terraform evaluator equals the node-by-node evaluator', () => {
  let parser: Parser;
  before(async () => {
    parser = await createParser('terraform');
  });
  after(() => parser.delete());

  const compareModule = (files: SourceText[], label: string): number => {
    const adapter = new TerraformAdapter(parser);
    let compared = 0;
    try {
      const module = adapter.module(files[0], files);
      const evaluator = new Evaluator(module);
      const reference = new ReferenceEvaluator(module);
      for (const file of [...module.files, ...module.tfvarsFiles]) {
        for (const attr of everyAttribute(file)) {
          const where = `${label} ${path.basename(file.path)} ${attr.name} = ${file.text.slice(attr.exprStart, attr.exprEnd)}`;
          assert.deepStrictEqual(evaluator.attributeValue(attr, file), reference.value(attr.expr!, file), where);
          // Near the depth limit the two count levels alike.
          for (const depth of [31, 32, 33]) assert.deepStrictEqual(evaluator.attributeValue(attr, file, depth), reference.value(attr.expr!, file, depth), `${where} at depth ${depth}`);
          compared++;
        }
      }
      assert.deepStrictEqual(evaluator.customerKeys(), reference.customerKeys(), `${label} customer keys`);
    } finally {
      for (const f of files) adapter.forget(f.path);
    }
    return compared;
  };

  it('on every attribute of every fixture and example module', () => {
    let compared = 0;
    for (const dir of [...moduleFolders(FIXTURES), ...moduleFolders(EXAMPLES)]) compared += compareModule(readFolder(dir), dir);
    assert.ok(compared > 500, `compared ${compared} attributes`);
  });

  it('on every attribute of generated files and fuzz mutants', () => {
    const texts = [terraformFile(11, 400).text, ...terraformTexts(FIXTURES)];
    texts.forEach((text, i) => {
      compareModule([{ path: `/gen/${i}/main.tf`, text }], `input ${i}`);
      const r = new Random(hashSeed('evaluator-equivalence', i));
      for (let m = 0; m < MUTANTS; m++) {
        const mutant = mutate(text, r, texts);
        compareModule([{ path: `/gen/${i}-${m}/main.tf`, text: mutant.text }], `input ${i} mutant ${m} (${mutant.applied.join(', ')})`);
      }
    });
  });
});

/** Facts without the parsed objects they point into (each adapter parses on its own). */
function factsShape(facts: FileFacts): Shape {
  return {
    ...facts,
    // The reuse key is the edit path's, not a fact (the previous adapter had none).
    resources: facts.resources.map(({ handle: _handle, editor: _editor, cacheKey: _key, fields, ...rest }) => ({
      ...rest,
      fields: fields.map(({ handle, ...field }) => {
        const h = handle as TerraformFieldHandle;
        return { ...field, base: h.base.header, segments: h.segments, attribute: h.attribute && [h.attribute.start, h.attribute.end] };
      }),
    })),
  };
}

describe('terraform adapter facts equal the previous adapter', () => {
  let parser: Parser;
  before(async () => {
    parser = await createParser('terraform');
  });
  after(() => parser.delete());

  const compareModule = (files: SourceText[], label: string): number => {
    const adapter = new TerraformAdapter(parser);
    const reference = new ReferenceAdapter(parser);
    let fields = 0;
    try {
      for (const file of files.filter((f) => f.path.endsWith('.tf'))) {
        const facts = adapter.analyze(file, files);
        assert.deepStrictEqual(factsShape(facts), factsShape(reference.analyze(file, files)), `${label} ${path.basename(file.path)}`);
        fields += facts.resources.reduce((n, r) => n + r.fields.length, 0);
      }
    } finally {
      for (const f of files) {
        adapter.forget(f.path);
        reference.forget(f.path);
      }
    }
    return fields;
  };

  it('on every fixture and example module', () => {
    let fields = 0;
    for (const dir of [...moduleFolders(FIXTURES), ...moduleFolders(EXAMPLES)]) fields += compareModule(readFolder(dir), dir);
    assert.ok(fields > 300, `compared ${fields} fields`);
  });

  it('on generated files and fuzz mutants', () => {
    const texts = [terraformFile(13, 400).text, ...terraformTexts(FIXTURES)];
    texts.forEach((text, i) => {
      compareModule([{ path: `/gen/${i}/main.tf`, text }], `input ${i}`);
      const r = new Random(hashSeed('facts-equivalence', i));
      for (let m = 0; m < MUTANTS; m++) {
        const mutant = mutate(text, r, texts);
        compareModule([{ path: `/gen/${i}-${m}/main.tf`, text: mutant.text }], `input ${i} mutant ${m} (${mutant.applied.join(', ')})`);
      }
    });
  });
});
