// Bundles the extension-host suite (test/e2e/suite/*.ts) to out/e2e/suite/*.js: one file per
// test plus the run() index, `vscode` and mocha left to the extension host.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(import.meta.dirname, '..', '..');
const suite = path.join(root, 'test', 'e2e', 'suite');
const out = path.join(root, 'out', 'e2e', 'suite');
fs.rmSync(out, { recursive: true, force: true });
await esbuild.build({
  entryPoints: fs.readdirSync(suite).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => path.join(suite, f)),
  outdir: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.log(`built ${path.relative(root, out)}`);
