/**
 * `npm run bench`: generates its inputs into bench-work/ (git-ignored, deterministic), measures
 * the DESIGN §7 figures with repeated runs, prints a table and writes BENCHMARKS.md.
 * Options: --quick (fewer runs), --skip-scan, --skip-server, --skip-package, --skip-activation;
 * --only-activation measures just activation → first diagnostic in VS Code and prints it
 * (BENCHMARKS.md is left as it is).
 */
import { spawnSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseTree } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { claimsTemplate } from '../shared-rules/src/cloudformation/adapter';
import { isJsonText, YAML_OPTIONS } from '../shared-rules/src/cloudformation/syntax';
import type { AnalysisContext, SourceText } from '../shared-rules/src/dialect';
import { notebookUnits } from '../shared-rules/src/python/notebook';
import { Engine } from '../shared-rules/src/engine';
import { createParser } from '../shared-rules/src/tree-sitter';
import { Random } from '../test/support/random';
import { measureActivation } from './bench/activation';
import type { BenchInputs } from './bench/inputs';
import { prepareInputs } from './bench/inputs';
import { LspClient } from './bench/lsp-client';
import { profileInclusive } from './bench/profile';
import type { Figure } from './bench/stats';
import { figure, formatFigure, percentile } from './bench/stats';

// Run bundled from bench-work/ by scripts/run-bench.mjs, which passes the project root.
const ROOT = process.env.SAGEMAKER_LINT_ROOT ?? path.resolve(__dirname, '..');
const WORK = path.join(ROOT, 'bench-work');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const RUNS = QUICK ? 3 : 5;
const EDIT_POSITIONS = QUICK ? 60 : 200;
// A quarter-second figure with a wide spread between runs: more runs for a steadier median.
const LARGE_WARMUPS = 5;
const LARGE_RUNS = QUICK ? 5 : 15;

interface Row {
  name: string;
  value: string;
  target: string;
  met: boolean | undefined;
  note?: string;
}

const LOAD_AT_START = os.loadavg();
const rows: Row[] = [];
const notes: string[] = [];

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function contextOf(file: SourceText): AnalysisContext {
  return { folderFiles: () => [file] };
}

/** Deterministic one-character edits spread over the file: type a character, then delete it. */
function editPlan(text: string, count: number, seed: number): number[] {
  const r = new Random(seed);
  return Array.from({ length: count }, () => r.int(text.length));
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function editLatencyEngine(engine: Engine, inputs: BenchInputs): { p50: Figure; p95: Figure; samples: number[] } {
  const original = fs.readFileSync(inputs.editFile, 'utf8');
  const filePath = inputs.editFile;
  const p50s: number[] = [];
  const p95s: number[] = [];
  let last: number[] = [];
  engine.analyze({ path: filePath, text: original }, contextOf({ path: filePath, text: original }));
  for (let run = 0; run < RUNS; run++) {
    const samples: number[] = [];
    for (const offset of editPlan(original, EDIT_POSITIONS, 1000 + run)) {
      const typed = original.slice(0, offset) + 'x' + original.slice(offset);
      for (const text of [typed, original]) {
        const file = { path: filePath, text };
        const start = performance.now();
        engine.analyze(file, contextOf(file));
        samples.push(performance.now() - start);
      }
    }
    p50s.push(percentile(samples, 50));
    p95s.push(percentile(samples, 95));
    last = samples;
  }
  return { p50: figure(p50s), p95: figure(p95s), samples: last };
}

async function editLatencyServer(inputs: BenchInputs): Promise<{ p50: Figure; p95: Figure; configured: boolean } | string> {
  const serverJs = path.join(ROOT, 'dist', 'server.js');
  if (!fs.existsSync(serverJs)) return 'dist/server.js is not built: engine-only figures';
  const original = fs.readFileSync(inputs.editFile, 'utf8');
  const client = await LspClient.start(serverJs, path.dirname(inputs.editFile), { debounceMs: 0 });
  try {
    await client.open(inputs.editFile, 'terraform', original);
    const p50s: number[] = [];
    const p95s: number[] = [];
    let version = 1;
    for (let run = 0; run < RUNS; run++) {
      const samples: number[] = [];
      for (const offset of editPlan(original, EDIT_POSITIONS, 1000 + run)) {
        const at = positionOf(original, offset);
        const typed = original.slice(0, offset) + 'x' + original.slice(offset);
        samples.push(await client.change(inputs.editFile, ++version, typed, { ...at, deleted: 0, inserted: 'x' }));
        samples.push(await client.change(inputs.editFile, ++version, original, { ...at, deleted: 1, inserted: '' }));
      }
      p50s.push(percentile(samples, 50));
      p95s.push(percentile(samples, 95));
    }
    return { p50: figure(p50s), p95: figure(p95s), configured: client.askedConfiguration };
  } finally {
    await client.stop();
  }
}

async function largeFileRatio(engine: Engine, inputs: BenchInputs): Promise<{ parse: Figure; analyze: Figure; ratio: Figure }> {
  const text = fs.readFileSync(inputs.largeFile, 'utf8');
  const parser = await createParser('terraform');
  const parses: number[] = [];
  const analyses: number[] = [];
  const ratios: number[] = [];
  for (let run = 0; run < LARGE_WARMUPS + LARGE_RUNS; run++) {
    let start = performance.now();
    const tree = parser.parse(text);
    const parse = performance.now() - start;
    tree?.delete();
    engine.forget(inputs.largeFile);
    const file = { path: inputs.largeFile, text };
    start = performance.now();
    engine.analyze(file, contextOf(file));
    const analyze = performance.now() - start;
    // The first runs warm the JIT (a language server is long-lived) and are not counted.
    if (run < LARGE_WARMUPS) continue;
    parses.push(parse);
    analyses.push(analyze);
    ratios.push(analyze / parse);
  }
  parser.delete();
  return { parse: figure(parses), analyze: figure(analyses), ratio: figure(ratios) };
}

function timeCommand(command: string[], outFile: string): { seconds: number; maxRssKb: number | undefined; status: number | null } {
  const timeFile = path.join(WORK, 'time.txt');
  const hasTime = fs.existsSync('/usr/bin/time');
  const full = hasTime ? ['/usr/bin/time', '-f', '%M', '-o', timeFile, ...command] : command;
  const out = fs.openSync(outFile, 'w');
  const start = performance.now();
  const result = spawnSync(full[0], full.slice(1), { cwd: ROOT, stdio: ['ignore', out, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  fs.closeSync(out);
  const maxRssKb = hasTime ? Number(fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : undefined;
  if (result.status !== 0 && result.status !== 1) log(`  ${command.join(' ')} exited ${result.status}: ${result.stderr.toString().slice(0, 500)}`);
  return { seconds, maxRssKb, status: result.status };
}

/** Every file of the workspace a dialect reads, by parser: HCL and Python (tree-sitter), YAML (`yaml`), JSON (`jsonc-parser`). */
function parserInputs(dir: string): { hcl: string[]; python: string[]; yaml: string[]; json: string[] } {
  const out = { hcl: [] as string[], python: [] as string[], yaml: [] as string[], json: [] as string[] };
  const visit = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.git') visit(file);
        continue;
      }
      // The CLI's limit (maxFileSize, 5 MB): larger files are skipped by the scan too.
      if (fs.statSync(file).size > 5 * 1024 * 1024) continue;
      const text = fs.readFileSync(file, 'utf8');
      if (file.endsWith('.tf') || file.endsWith('.tfvars')) out.hcl.push(text);
      else if (file.endsWith('.py')) out.python.push(text);
      else if (file.endsWith('.ipynb')) out.python.push(...notebookUnits(file, text).units.map((u) => u.text));
      else if (claimsTemplate(file, text)) (isJsonText(file, text) ? out.json : out.yaml).push(text);
    }
  };
  visit(dir);
  return out;
}

/**
 * The scan's floor: parsing every file once with the libraries the engine uses, on one thread,
 * warm (after a first pass), with nothing read from the trees. A scan cannot beat it.
 */
async function parseFloor(inputs: BenchInputs): Promise<void> {
  const texts = parserInputs(inputs.workspaceDir);
  const hcl = await createParser('terraform');
  const python = await createParser('python');
  const parts = { 'tree-sitter (HCL)': [] as number[], 'tree-sitter (Python)': [] as number[], yaml: [] as number[], 'jsonc-parser': [] as number[] };
  const totals: number[] = [];
  const time = (list: string[], parse: (text: string) => void): number => {
    const start = performance.now();
    for (const text of list) parse(text);
    return performance.now() - start;
  };
  try {
    for (let run = 0; run < 4; run++) {
      const ms = [
        time(texts.hcl, (t) => hcl.parse(t)?.delete()),
        time(texts.python, (t) => python.parse(t)?.delete()),
        time(texts.yaml, (t) => void parseDocument(t, YAML_OPTIONS)),
        time(texts.json, (t) => void parseTree(t, [], { allowTrailingComma: true, disallowComments: false })),
      ];
      if (run === 0) continue;
      Object.values(parts).forEach((list, i) => list.push(ms[i]));
      totals.push(ms.reduce((a, b) => a + b, 0));
    }
  } finally {
    hcl.delete();
    python.delete();
  }
  const total = figure(totals.map((ms) => ms / 1000));
  const split = Object.entries(parts)
    .map(([name, list]) => `${name} ${(figure(list).median / 1000).toFixed(1)} s`)
    .join(', ');
  rows.push({ name: 'Scan floor: parsing every file once, one thread, nothing else', value: formatFigure(total, 's', 1), target: '—', met: undefined, note: split });
  const cores = os.cpus().length;
  rows.push({
    name: `… as a throughput bound on ${cores} cores (the parse alone, perfectly shared)`,
    value: `${Math.round((inputs.workspaceFiles * cores) / total.median).toLocaleString('en')} files/s`,
    target: '—',
    met: undefined,
  });
}

function workspaceScan(inputs: BenchInputs): void {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const viaCli = fs.existsSync(cli);
  let command = [process.execPath, cli, 'scan', inputs.workspaceDir, '--format', 'json'];
  if (!viaCli) {
    // Bundled like the CLI would be, so worker threads can load it without a TypeScript loader.
    const bundle = path.join(WORK, 'scan.js');
    esbuild.buildSync({ entryPoints: [path.join(ROOT, 'scripts', 'bench', 'scan.ts')], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs',
      logLevel: 'silent',
      // web-tree-sitter reads import.meta.url, which a CommonJS bundle does not have.
      define: { 'import.meta.url': 'importMetaUrl' },
      banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
    });
    command = [process.execPath, bundle, inputs.workspaceDir];
  }
  notes.push(
    viaCli
      ? `Workspace scan: \`node dist/cli.js scan bench-work/workspace --format json\` (output to a file), wall time including start-up; one core pinned with \`taskset -c 0\`.`
      : 'Workspace scan: the CLI (`dist/cli.js`) is not built, so an in-process walk (`scripts/bench/scan.ts`: read, claim, analyse every file; worker threads for all cores) stands in for it.',
  );
  const cores = os.cpus().length;
  for (const [label, pin, workers] of [
    ['1 core', true, 1],
    [`${cores} cores`, false, cores],
  ] as const) {
    const throughput: number[] = [];
    const rss: number[] = [];
    for (let run = 0; run < Math.max(2, RUNS - 2); run++) {
      const cmd = [...(pin ? ['taskset', '-c', '0'] : []), ...command, ...(!viaCli && workers > 1 ? ['--workers', String(workers)] : [])];
      const r = timeCommand(cmd, path.join(WORK, 'scan-output.json'));
      if (r.status !== 0 && !(viaCli && r.status === 1)) continue;
      throughput.push(inputs.workspaceFiles / r.seconds);
      if (r.maxRssKb !== undefined) rss.push(r.maxRssKb / 1024);
    }
    const output = fs.readFileSync(path.join(WORK, 'scan-output.json'), 'utf8');
    const reported = viaCli ? (JSON.parse(output || '[]') as { file: string }[]) : [];
    if (viaCli) notes.push(`Scan on ${label}: the CLI reported ${reported.length.toLocaleString('en')} findings in ${new Set(reported.map((f) => f.file)).size.toLocaleString('en')} files.`);
    const tp = throughput.length ? figure(throughput) : undefined;
    const mem = rss.length ? figure(rss) : undefined;
    rows.push({ name: `Workspace scan throughput, ${label}`, value: formatFigure(tp, 'files/s', 0), target: pin ? '—' : '≥ 1,000 files/s', met: pin ? undefined : tp ? tp.median >= 1000 : false });
    rows.push({ name: `Workspace scan peak RSS, ${label}`, value: formatFigure(mem, 'MB', 0), target: '≤ 250 MB', met: mem ? mem.median <= 250 : undefined });
  }
}

/**
 * The language server's workspace scan (the command palette's Scan Workspace): the server over
 * stdio with the workspace as its folder, one `sagemakerLint.scanWorkspace` request, timed from
 * request to response (every diagnostic published on the way), and the server process's peak RSS.
 * The server scans on its own thread; on one core it is pinned with `taskset`.
 */
async function serverScan(inputs: BenchInputs): Promise<void> {
  const serverJs = path.join(ROOT, 'dist', 'server.js');
  if (!fs.existsSync(serverJs)) {
    rows.push({ name: 'Workspace scan throughput, language server', value: 'n/a', target: '—', met: undefined, note: 'dist/server.js is not built' });
    return;
  }
  const cores = os.cpus().length;
  let scanned = 0;
  for (const [label, pinned] of [
    ['1 core', true],
    [`${cores} cores`, false],
  ] as const) {
    const throughput: number[] = [];
    const rss: number[] = [];
    for (let run = 0; run < Math.max(2, RUNS - 2); run++) {
      const client = await LspClient.start(serverJs, inputs.workspaceDir, {}, pinned);
      try {
        const { result, ms } = await client.execute<{ scanned: number; cancelled: boolean }>('sagemakerLint.scanWorkspace', [{}]);
        if (result.cancelled) continue;
        scanned = result.scanned;
        throughput.push(inputs.workspaceFiles / (ms / 1000));
        const peak = client.peakRssKb();
        if (peak !== undefined) rss.push(peak / 1024);
      } finally {
        await client.stop();
      }
    }
    const tp = throughput.length ? figure(throughput) : undefined;
    const mem = rss.length ? figure(rss) : undefined;
    rows.push({
      name: `Workspace scan throughput, language server, ${label}`,
      value: formatFigure(tp, 'files/s', 0),
      target: pinned ? '—' : '≥ 1,000 files/s',
      met: pinned ? undefined : tp ? tp.median >= 1000 : false,
      note: 'the server scans on one thread',
    });
    rows.push({ name: `Workspace scan peak RSS, language server, ${label}`, value: formatFigure(mem, 'MB', 0), target: '≤ 250 MB', met: mem ? mem.median <= 250 : undefined });
  }
  notes.push(
    `Language server scan: \`dist/server.js --stdio\` with bench-work/workspace as its folder, one \`sagemakerLint.scanWorkspace\` request from a minimal client, timed from request to response (${scanned.toLocaleString('en')} files analysed, their diagnostics published on the way); peak RSS is the server process's \`VmHWM\`. The server scans on one thread, yielding between files so that edits and cancellation get through.`,
  );
}

function vsixSize(): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (!pkg.scripts?.package) {
    rows.push({ name: 'Packaged .vsix size', value: 'n/a', target: '≤ 6 MB', met: undefined, note: 'no `npm run package` script yet' });
    return;
  }
  // vsce writes the same file name each time: a package counts as new when written by this run.
  const started = Date.now();
  const result = spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
  const vsix = fs
    .readdirSync(ROOT)
    .filter((f) => f.endsWith('.vsix'))
    .map((f) => ({ f, mtime: fs.statSync(path.join(ROOT, f)).mtimeMs, size: fs.statSync(path.join(ROOT, f)).size }))
    .sort((a, b) => b.mtime - a.mtime)[0];
  if (result.status !== 0 || !vsix) {
    rows.push({ name: 'Packaged .vsix size', value: 'failed', target: '≤ 6 MB', met: false, note: result.stderr.toString().slice(0, 300) });
    return;
  }
  const mb = vsix.size / (1024 * 1024);
  rows.push({ name: 'Packaged .vsix size', value: `${mb.toFixed(2)} MB${vsix.mtime < started - 1000 ? ' (existing file: packaging did not write a new one)' : ''}`, target: '≤ 6 MB', met: mb <= 6 });
}

function table(): string {
  const header = ['Figure', 'Median (spread over runs)', 'Target', 'Result'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.name} | ${r.value} | ${r.target} | ${r.met === undefined ? '—' : r.met ? 'met' : '**missed**'}${r.note ? ` (${r.note})` : ''} |`);
  return lines.join('\n');
}

function activation(): void {
  log('extension activation → first diagnostic (VS Code end to end) …');
  fs.mkdirSync(WORK, { recursive: true });
  const measured = measureActivation(ROOT, WORK, RUNS, log);
  rows.push(...measured.rows);
  notes.push(...measured.notes);
}

async function main(): Promise<void> {
  if (args.has('--only-activation')) {
    activation();
    process.stdout.write(`${table()}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
    return;
  }
  log('preparing inputs in bench-work/ …');
  const inputs = prepareInputs(WORK);
  const engine = await Engine.create();
  const profiles: string[] = [];

  log('edit → analysis latency (engine) …');
  const edit = editLatencyEngine(engine, inputs);
  rows.push({ name: `Edit → findings, engine in-process, p50 (${inputs.editResources} SageMaker resources, 1,000 lines)`, value: formatFigure(edit.p50, 'ms', 2), target: '—', met: undefined });
  rows.push({ name: 'Edit → findings, engine in-process, p95', value: formatFigure(edit.p95, 'ms', 2), target: '≤ 15 ms', met: edit.p95.median <= 15 });
  if (edit.p95.median > 15) {
    const original = fs.readFileSync(inputs.editFile, 'utf8');
    const top = await profileInclusive(() => {
      for (const offset of editPlan(original, 40, 7)) {
        for (const text of [original.slice(0, offset) + 'x' + original.slice(offset), original]) {
          const file = { path: inputs.editFile, text };
          engine.analyze(file, contextOf(file));
        }
      }
    });
    profiles.push(profileSection('Edit → findings (40 characters typed and deleted in the 1,000-line file)', top));
  }

  if (!args.has('--skip-server')) {
    log('edit → diagnostics latency (server over stdio) …');
    const server = await editLatencyServer(inputs);
    if (typeof server === 'string') {
      rows.push({ name: 'Edit → diagnostics, server over stdio, p95', value: 'n/a', target: '≤ 15 ms', met: undefined, note: server });
    } else {
      const how = server.configured ? 'debounce 0 via `workspace/configuration`' : 'server did not ask for configuration: includes its default debounce';
      rows.push({ name: 'Edit → diagnostics, server over stdio, p50', value: formatFigure(server.p50, 'ms', 2), target: '—', met: undefined, note: how });
      rows.push({ name: 'Edit → diagnostics, server over stdio, p95', value: formatFigure(server.p95, 'ms', 2), target: '≤ 15 ms', met: server.configured ? server.p95.median <= 15 : undefined, note: how });
    }
  }

  log('large file: analysis vs tree-sitter parse …');
  const large = await largeFileRatio(engine, inputs);
  rows.push({ name: `Tree-sitter parse, ${inputs.largeLines.toLocaleString('en')}-line .tf`, value: formatFigure(large.parse, 'ms'), target: '—', met: undefined });
  rows.push({ name: `Full analysis, same file`, value: formatFigure(large.analyze, 'ms'), target: '—', met: undefined });
  rows.push({ name: 'Full analysis / parse (same run)', value: formatFigure(large.ratio, '×', 2), target: '≤ 1.3 ×', met: large.ratio.median <= 1.3 });
  if (large.ratio.median > 1.3) {
    const text = fs.readFileSync(inputs.largeFile, 'utf8');
    const top = await profileInclusive(() => {
      for (let i = 0; i < 3; i++) {
        engine.forget(inputs.largeFile);
        const file = { path: inputs.largeFile, text };
        engine.analyze(file, contextOf(file));
      }
    });
    profiles.push(profileSection(`Full analysis of the ${inputs.largeLines.toLocaleString('en')}-line file (3 runs)`, top));
  }

  if (!args.has('--skip-scan')) {
    log('workspace scan …');
    workspaceScan(inputs);
    log('workspace scan in the language server …');
    await serverScan(inputs);
    log('workspace: parsing alone …');
    await parseFloor(inputs);
  }
  if (!args.has('--skip-package')) {
    log('packaging …');
    vsixSize();
  }
  if (!args.has('--skip-activation')) activation();

  const out = report(inputs, profiles);
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), out);
  process.stdout.write(`${table()}\n\nwrote BENCHMARKS.md\n`);
}

function profileSection(title: string, top: { name: string; ms: number; share: number }[]): string {
  const lines = [`#### ${title}`, '', '| Function (inclusive) | ms | share |', '|---|---|---|'];
  for (const t of top) lines.push(`| ${t.name} | ${t.ms.toFixed(0)} | ${(t.share * 100).toFixed(0)}% |`);
  return lines.join('\n');
}

function report(inputs: BenchInputs, profiles: string[]): string {
  const cpu = os.cpus();
  const ext = Object.entries(inputs.byExtension)
    .sort((a, b) => b[1].files - a[1].files)
    .map(([e, s]) => `${e} ${s.files} (${(s.bytes / 1048576).toFixed(1)} MB)`)
    .join(', ');
  const explanations = fs.existsSync(path.join(ROOT, 'scripts', 'bench', 'explanations.md'))
    ? fs.readFileSync(path.join(ROOT, 'scripts', 'bench', 'explanations.md'), 'utf8').trim()
    : '';
  return [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (scripts/bench.ts, bundled like `dist/`); do not edit by hand. Inputs are generated',
    'deterministically into `bench-work/` (git-ignored). Each figure is the median over repeated runs,',
    'with the lowest and highest run in parentheses.',
    '',
    '## Machine',
    '',
    `- ${cpu.length} cores (${cpu[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB memory, ${os.platform()} ${os.release()}`,
    `- Node ${process.version}`,
    `- Load average at the start / end of the run: ${LOAD_AT_START.map((l) => l.toFixed(1)).join(', ')} / ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} (1, 5, 15 min; other work on the machine slows every figure)`,
    `- ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${QUICK ? ' (quick run)' : ''}`,
    '',
    '## Inputs',
    '',
    `- Edit latency: a 1,000-line \`.tf\` with ${inputs.editResources} SageMaker resources; ${EDIT_POSITIONS} positions per run, at each a character typed then deleted (two analyses).`,
    `- Large file: a ${inputs.largeLines.toLocaleString('en')}-line \`.tf\`; tree-sitter parse and full engine analysis (parse, facts, rules; fixes are computed when read) in the same run, ${LARGE_RUNS} runs after ${LARGE_WARMUPS} warm-up runs.`,
    `- Workspace: ${inputs.workspaceFiles.toLocaleString('en')} files, ${(inputs.workspaceBytes / 1048576).toFixed(0)} MB: ${ext}.`,
    '',
    '## Results',
    '',
    table(),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    ...(profiles.length ? ['## Profiles of the figures that miss their target', '', 'V8 CPU profile taken by the same run (inclusive time, top functions).', '', ...profiles.flatMap((p) => [p, ''])] : []),
    ...(explanations ? [explanations, ''] : []),
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

