// Bundles the CLI (and, when present, the language server and the VS Code client) with esbuild,
// and copies the tree-sitter WASM files next to the bundles.
import * as fs from 'fs';
import * as path from 'path';
import { nodeBundle } from './node-bundle.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
fs.mkdirSync(dist, { recursive: true });

const entries = [
  { in: 'shared-rules/src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'server/src/main.ts', out: 'server' },
  { in: 'client/src/extension.ts', out: 'client', external: ['vscode'] },
].filter((e) => fs.existsSync(path.join(root, e.in)));

await Promise.all(
  entries.map((e) =>
    nodeBundle({
      entry: path.join(root, e.in),
      outfile: path.join(dist, `${e.out}.js`),
      banner: e.banner,
      external: e.external,
      minify: process.env.MINIFY === '1',
    }),
  ),
);

const wasm = [
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
  'node_modules/tree-sitter-python/tree-sitter-python.wasm',
];
for (const w of wasm) fs.copyFileSync(path.join(root, w), path.join(dist, path.basename(w)));
if (fs.existsSync(path.join(dist, 'cli.js'))) fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
console.log(`built ${entries.map((e) => `dist/${e.out}.js`).join(', ')}`);
