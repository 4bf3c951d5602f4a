// `npm run bench`: bundles scripts/bench.ts like the shipped dist/ bundles and runs it with node,
// so the engine figures are those of the code users run. Arguments are passed through.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { nodeBundle } from './node-bundle.mjs';

const root = path.resolve(import.meta.dirname, '..');
const work = path.join(root, 'bench-work');
fs.mkdirSync(work, { recursive: true });
const outfile = path.join(work, 'bench.cjs');
await nodeBundle({ entry: path.join(root, 'scripts', 'bench.ts'), outfile, external: ['esbuild'] });
const result = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: { ...process.env, SAGEMAKER_LINT_ROOT: root } });
process.exit(result.status ?? 1);
