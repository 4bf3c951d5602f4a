// Bundles the CLI (and, when present, the language server and the VS Code client) with esbuild,
// and copies the tree-sitter WASM files next to the bundles.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

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
    esbuild.build({
      entryPoints: [path.join(root, e.in)],
      outfile: path.join(dist, `${e.out}.js`),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: true,
      minify: process.env.MINIFY === '1',
      external: e.external ?? [],
      // web-tree-sitter's CommonJS build reads import.meta.url, which esbuild leaves empty in cjs.
      define: { 'import.meta.url': '__importMetaUrl' },
      banner: { js: `${e.banner ? `${e.banner}\n` : ''}var __importMetaUrl = require('url').pathToFileURL(__filename).href;` },
      // jsonc-parser's UMD build requires its modules through a parameter esbuild cannot follow; its ESM build bundles.
      alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
      logLevel: 'warning',
      // jsonc-parser's UMD build hides its requires from the bundler; its ESM build bundles cleanly.
      mainFields: ['module', 'main'],
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
