// Bundles the extension-host suite (test/e2e/suite/*.ts) to out/e2e/suite/*.js: one file per
// test plus the run() index, `vscode` and mocha left to the extension host. Also bundles the
// activation measurement (test/e2e/activation/measure.ts, run by measure-activation.js).
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(import.meta.dirname, '..', '..');
const suite = path.join(root, 'test', 'e2e', 'suite');
const out = path.join(root, 'out', 'e2e', 'suite');
const activationOut = path.join(root, 'out', 'e2e', 'activation');
fs.rmSync(out, { recursive: true, force: true });
fs.rmSync(activationOut, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
};
await esbuild.build({
  ...common,
  entryPoints: fs.readdirSync(suite).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => path.join(suite, f)),
  outdir: out,
});
await esbuild.build({ ...common, entryPoints: [path.join(root, 'test', 'e2e', 'activation', 'measure.ts')], outdir: activationOut });
console.log(`built ${path.relative(root, out)}, ${path.relative(root, activationOut)}`);
