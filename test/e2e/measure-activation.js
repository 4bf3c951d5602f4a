#!/usr/bin/env node
// Measures extension activation → first diagnostic in the real VS Code of the editor tier
// (code-server 4.100.3's server, headless Chromium), for `npm run bench`. Each run gets a fresh
// sandbox, server, browser and so a fresh extension host (activation happens once per host):
// the workspace starts empty, so nothing activates the extension at start-up;
// test/e2e/activation/measure.ts (bundled to out/e2e/activation by build-suite.mjs) then opens a
// Terraform file in an editor, and VS Code activates the extension through onLanguage:terraform,
// which starts the language server (dist/server.js). Timestamps come from inside the extension host;
// the activation start is the extension host's own "ExtensionService#_doActivateExtension" log line.
//
//   node test/e2e/measure-activation.js [--runs N] [--file some.tf] [--json out.json]
//
// Needs `npm run build`, test/e2e/setup.sh and build-suite.mjs to have run. Exit code 0 when
// every run measured, 1 when a run failed, 2 when code-server or Chromium is not installed (the
// reason is printed, and written as {"unavailable": reason} to --json).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script, run by node without a build step */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const RUNS = Math.max(1, Number(option('--runs', '3')) || 3);
const FILE = path.resolve(option('--file', path.join(__dirname, 'fixtures', 'workspace', 'main.tf')));
const JSON_OUT = option('--json', undefined);
const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS) || 120000;

function writeJson(value) {
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(value, null, 2));
}

/** Why the measurement cannot run here, or undefined. */
function unavailable() {
  try {
    require.resolve('code-server/package.json', { paths: [path.join(__dirname, 'tools')] });
  } catch {
    return 'code-server is not installed in test/e2e/tools (test/e2e/setup.sh installs it; `npm test` runs it)';
  }
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) return `no Chromium at ${chromium} (test/e2e/setup.sh installs it)`;
  if (!fs.existsSync(path.join(ROOT, 'dist', 'client.js')) || !fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) return 'dist/client.js or dist/server.js is not built (npm run build)';
  if (!fs.existsSync(path.join(ROOT, 'out', 'e2e', 'activation', 'measure.js'))) return 'out/e2e/activation/measure.js is not built (node test/e2e/build-suite.mjs)';
  return undefined;
}

/** Local-time timestamps of VS Code's log lines, e.g. "2026-11-23 15:55:01.123 [info] ...". */
function logTime(line) {
  const m = line.match(/^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})/);
  return m ? new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]).getTime() : undefined;
}

function findFiles(dir, name, found = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) findFiles(p, name, found);
    else if (entry.name === name) found.push(p);
  }
  return found;
}

/** The extension host's log line that starts our activation: its time and activation event. */
function activationStart(sb) {
  for (const log of [...findFiles(sb.userData, 'remoteexthost.log'), ...findFiles(sb.serverData, 'remoteexthost.log')]) {
    for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
      if (!line.includes('ExtensionService#_doActivateExtension sagemaker-lint.sagemaker-lint')) continue;
      const event = line.match(/activationEvent: '([^']*)'/);
      return { at: logTime(line), event: event ? event[1] : undefined };
    }
  }
  return undefined;
}

async function measureOnce(h, index) {
  const sb = h.createSandbox('activation', { fixture: null, env: { SML_ACTIVATION_SOURCE: FILE, SML_ACTIVATION_TIMEOUT_MS: String(TIMEOUT_MS) } });
  const resultFile = path.join(sb.dir, 'activation.json');
  sb.env.SML_ACTIVATION_OUT = resultFile;
  let server;
  let context;
  const lines = [];
  let ok = false;
  try {
    server = await h.startServer(sb);
    context = await h.launchBrowser(sb);
    const page = context.pages()[0] || (await context.newPage());
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    await page.exposeFunction('codeAutomationLog', (_type, args) => lines.push((Array.isArray(args) ? args : [args]).join(' ')));
    await page.exposeFunction('codeAutomationExit', (c) => resolveExit(Number(c)));
    let timer;
    const timedOut = new Promise((r) => { timer = setTimeout(() => r('timeout'), TIMEOUT_MS); });
    page.goto(h.workbenchUrl(server, sb.ws, {
      extensionDevelopmentPath: h.paths.ext,
      extensionTestsPath: path.join(ROOT, 'out', 'e2e', 'activation', 'measure'),
    }), { timeout: TIMEOUT_MS }).catch(() => {});
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code !== 0 || !fs.existsSync(resultFile)) {
      throw new Error(`run ${index + 1}: ${code === 'timeout' ? `no result after ${TIMEOUT_MS} ms` : `extension host exited with ${code}`}\n  ${lines.filter((l) => !h.NOISE.some((re) => re.test(l))).slice(-15).join('\n  ')}`);
    }
    const r = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    const start = activationStart(sb);
    if (!start || start.at === undefined) throw new Error(`run ${index + 1}: no "_doActivateExtension sagemaker-lint.sagemaker-lint" line in the extension host log`);
    const since = (from, to) => (from !== undefined && to !== undefined ? to - from : undefined);
    const run = {
      file: r.file,
      lines: r.lines,
      diagnostics: r.diagnostics,
      activationEvent: start.event,
      ms: {
        // The figure: VS Code starts activating the extension → our first diagnostic is in VS Code.
        activationToDiagnostic: r.diagnosticAt - start.at,
        openToDiagnostic: r.diagnosticAt - r.openAt,
        // VS Code's part: load dist/client.js and create the extension context, then call activate().
        activationToActivateCall: since(start.at, r.marks.willActivateExtension),
        loadCode: since(r.marks.willLoadExtensionCode, r.marks.didLoadExtensionCode),
        // Ours: activate() starts the language server and awaits its initialize; then the first analysis.
        activateCall: since(r.marks.willActivateExtension, r.marks.didActivateExtension),
        activateToDiagnostic: since(r.marks.willActivateExtension, r.diagnosticAt),
      },
    };
    ok = true;
    return run;
  } finally {
    if (context) await context.close().catch(() => {});
    await h.stopServer(server);
    h.finishSandbox(sb, ok);
  }
}

async function main() {
  const why = unavailable();
  if (why) {
    console.error(`[activation] n/a: ${why}`);
    writeJson({ unavailable: why });
    process.exit(2);
  }
  const h = require('./run-exthost-tests.js');
  const runs = [];
  const errors = [];
  for (let i = 0; i < RUNS; i++) {
    try {
      const run = await measureOnce(h, i);
      runs.push(run);
      const f = (v) => (v === undefined ? '?' : v.toFixed(0));
      console.error(`[activation] run ${i + 1}/${RUNS}: activation → first diagnostic ${f(run.ms.activationToDiagnostic)} ms (${run.activationEvent}; VS Code until activate() ${f(run.ms.activationToActivateCall)} ms, activate() → diagnostic ${f(run.ms.activateToDiagnostic)} ms; file opened → diagnostic ${f(run.ms.openToDiagnostic)} ms)`);
    } catch (error) {
      errors.push(String(error && error.message || error));
      console.error(`[activation] ${errors[errors.length - 1]}`);
    }
  }
  writeJson({ runs, errors });
  process.exit(errors.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  writeJson({ runs: [], errors: [String(error && error.stack || error)] });
  process.exit(1);
});
