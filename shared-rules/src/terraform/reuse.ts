import type { Node, Parser, Tree, TreeCursor } from 'web-tree-sitter';
import { LineIndex } from '../text';
import { indentUnit } from './editor';
import type { HclBlock, HclFile } from './syntax';
import { parsedFile, plainHeader, readAttributeAt, readBlock, readBlockAt, salvage, stringLitAt } from './syntax';

/*
 * Typing changes one block of a file. Top-level resource blocks of the types `isLazy` accepts are
 * read only when something asks for their contents, so a resource whose findings are reused is
 * never read; and each gets a key that is equal between two parses exactly when the block, its
 * place and the text around it are equal.
 */

/** Trees deleted by the adapter: a lazy block of one throws rather than read freed WASM memory. */
const deletedTrees = new WeakSet<Tree>();

export function deleteTree(tree: Tree): void {
  deletedTrees.add(tree);
  tree.delete();
}

const blockKeys = new WeakMap<HclBlock, string>();

/**
 * The reuse key of a top-level resource block: its position, its text and the text between the
 * previous top-level node and it (comments above a block suppress in it), to the end of its lines.
 */
export function blockKey(block: HclBlock): string | undefined {
  return blockKeys.get(block);
}

const LAZY_FIELDS = ['attributes', 'blocks', 'header', 'bodyStart', 'bodyEnd', 'singleLine'] as const;

const lazyBlocks = new WeakMap<HclBlock, { lines: LineIndex; full?: HclBlock }>();

function readLazy(block: HclBlock): HclBlock {
  const state = lazyBlocks.get(block)!;
  if (state.full) return state.full;
  if (deletedTrees.has(block.node.tree)) throw new Error('a block of a deleted syntax tree was read');
  // An error-free block node always reads as a block (it has its type, braces and body).
  const full = readBlock(block.node, state.lines, 1);
  if (!full) throw new Error(`block at ${block.node.startIndex} could not be read`);
  state.full = full;
  return full;
}

// Shared by every lazy block (no closures per block): typing re-creates them all.
const LAZY_DESCRIPTORS: PropertyDescriptorMap = Object.fromEntries(
  LAZY_FIELDS.map((field) => [field, { get(this: HclBlock): unknown { return readLazy(this)[field]; }, enumerable: true, configurable: true }]),
);

function lazyBlock(node: Node, end: number, lines: LineIndex, type: string, labels: string[]): HclBlock {
  const block = { type, labels, node, hasError: false, dynamic: false, range: lines.range(node.startIndex, end) } as HclBlock;
  Object.defineProperties(block, LAZY_DESCRIPTORS);
  lazyBlocks.set(block, { lines });
  return block;
}

/** Type and labels of the block under the cursor, read as `readBlockAt` reads them; leaves the cursor where it was. */
function headerAt(c: TreeCursor, text: string): { type: string; labels: string[] } | undefined {
  if (!c.gotoFirstChild()) return undefined;
  let type: string | undefined;
  const labels: string[] = [];
  let ok = true;
  do {
    const nodeType = c.nodeType;
    if (type === undefined) {
      if (nodeType !== 'identifier') {
        if (!c.nodeIsNamed) continue;
        ok = false;
        break;
      }
      type = text.slice(c.startIndex, c.endIndex);
      continue;
    }
    if (nodeType !== 'string_lit' && nodeType !== 'identifier' && !c.nodeIsNamed) continue;
    if (nodeType === 'string_lit') labels.push(stringLitAt(c, text));
    else if (nodeType === 'identifier') labels.push(text.slice(c.startIndex, c.endIndex));
    else break;
  } while (c.gotoNextSibling());
  c.gotoParent();
  return ok && type !== undefined ? { type, labels } : undefined;
}

/**
 * `parseHcl`, except that top-level `resource` blocks whose type `isLazy` accepts are read on
 * first access. The result is the same file, block for block.
 */
export function parseHclLazy(parser: Parser, path: string, text: string, editedTree: Tree | undefined, isLazy: (type: string) => boolean): HclFile {
  const file = parsedFile(parser, path, text, editedTree);
  const { tree, lines } = file;
  const c = tree.walk();
  try {
    if (c.gotoFirstChild()) {
      do {
        if (c.nodeType !== 'body') continue;
        if (c.gotoFirstChild()) {
          let previousEnd = 0;
          do {
            const type: string = c.nodeType;
            if (type === 'attribute') {
              const attribute = readAttributeAt(c, lines);
              if (attribute) file.attributes.set(attribute.name, attribute);
            } else if (type === 'block') {
              const block = topLevelBlock(c, lines, isLazy, previousEnd);
              if (block) file.blocks.push(block);
            }
            if (type !== 'comment') previousEnd = c.endIndex;
          } while (c.gotoNextSibling());
          c.gotoParent();
        }
        if (file.hasErrors) {
          const before = new Set(file.blocks);
          salvage(c.currentNode, lines, file.blocks, true);
          // Complete blocks found inside a broken one: read in full, keyed by their own lines.
          for (const block of file.blocks) {
            if (before.has(block) || block.type !== 'resource' || block.labels.length < 2 || !isLazy(block.labels[0])) continue;
            const from = lines.lineStart(block.range.start.line);
            blockKeys.set(block, `salvaged ${block.range.start.line}:${block.range.start.character}\u0000${text.slice(from, lines.lineEnd(block.range.end.line))}`);
          }
        }
        break;
      } while (c.gotoNextSibling());
    }
  } finally {
    c.delete();
  }
  return file;
}

function topLevelBlock(c: TreeCursor, lines: LineIndex, isLazy: (type: string) => boolean, previousEnd: number): HclBlock | undefined {
  // A block with an error inside is not read (readBlockAt drops it); salvage looks into it.
  const node = c.currentNode;
  if (!node.hasError) {
    const header = plainHeader(lines.text, node.startIndex) ?? headerAt(c, lines.text);
    if (header && header.type === 'resource' && header.labels.length >= 2 && isLazy(header.labels[0])) {
      const block = lazyBlock(node, c.endIndex, lines, header.type, header.labels);
      const from = Math.min(previousEnd, lines.lineStart(block.range.start.line));
      const to = lines.lineEnd(block.range.end.line);
      blockKeys.set(block, `${block.range.start.line}:${block.range.start.character}\u0000${lines.text.slice(from, to)}`);
      return block;
    }
  }
  return readBlockAt(c, lines, 1);
}

/**
 * Blocks whose contents the module index, the evaluator or the editor read for another resource:
 * declarations (module.ts indexes these types), and of resources only KMS keys, aliases and key
 * policies (evaluate.ts `keyDefinition`, `keyPolicy`, `customerKeys`; editor.ts `createKey`).
 * Other resources are referenced by address only, and their attributes are unknown.
 */
function consulted(block: HclBlock): boolean {
  if (block.type === 'resource') return (block.labels[0] ?? '').startsWith('aws_kms_');
  return block.type === 'variable' || block.type === 'locals' || block.type === 'data' || block.type === 'provider';
}

/**
 * What the facts of an unchanged resource block depend on beyond the block: the declarations of
 * every file of the module (variables, locals, data, providers, keys…) with their positions, the
 * variable files, and what fixes read from the whole file (line break, indentation, its end,
 * whether it has syntax errors).
 */
export function moduleContext(file: HclFile, others: HclFile[]): string {
  const end = file.lines.positionAt(file.text.length);
  return [
    `${file.hasErrors}|${JSON.stringify(file.lines.eol)}|${JSON.stringify(indentUnit(file))}|${end.line}:${end.character}|${file.text.endsWith('\n')}`,
    declarationsText(file),
    ...others.map(declarationsText),
  ].join('\u0002');
}

const declarationTexts = new WeakMap<HclFile, string>();

/** A file's part of the module context: its declarations as written and where (all of a variables file). */
function declarationsText(file: HclFile): string {
  let text = declarationTexts.get(file);
  if (text !== undefined) return text;
  const parts: string[] = [file.path];
  if (file.path.endsWith('.tf')) {
    for (const block of file.blocks) {
      if (!consulted(block)) continue;
      parts.push(`${block.range.start.line}:${block.range.start.character}\u0000${file.text.slice(block.node.startIndex, block.node.endIndex)}`);
    }
  } else {
    parts.push(file.text);
  }
  text = parts.join('\u0001');
  declarationTexts.set(file, text);
  return text;
}
