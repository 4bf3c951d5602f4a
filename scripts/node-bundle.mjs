// esbuild options shared by every Node bundle we run: the shipped dist/ bundles and the benchmark,
// so the benchmark measures the engine as it ships (not as a TypeScript loader compiles it).
import * as esbuild from 'esbuild';

/** Bundles `entry` into one CommonJS file for Node 20. */
export function nodeBundle({ entry, outfile, banner, external = [], sourcemap = true, minify = false }) {
  return esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap,
    minify,
    external,
    // web-tree-sitter's CommonJS build reads import.meta.url, which esbuild leaves empty in cjs.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: `${banner ? `${banner}\n` : ''}var __importMetaUrl = require('url').pathToFileURL(__filename).href;` },
    // jsonc-parser's UMD build requires its modules through a parameter esbuild cannot follow; its ESM build bundles.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
}
