#!/usr/bin/env node
// Runs the mocha suite in test/e2e/suite (written the @vscode/test-electron way, bundled to
// out/e2e/suite by build-suite.mjs) inside the real extension host of the VS Code server that
// code-server 4.100.3 carries, fully offline, with the extension loaded from the project root.
//
//   npm run test:e2e                   # builds, then runs this and run-ui-test.js
//   node test/e2e/run-exthost-tests.js # assumes test/e2e/setup.sh has run; installs nothing
//
// How: start lib/vscode/out/server-main.js on 127.0.0.1 with --enable-smoke-test-driver, open the
// web workbench in headless Chromium (playwright-core) with a `payload` query parameter carrying
// extensionDevelopmentPath + extensionTestsPath. The workbench forwards the extension host's
// console to window.codeAutomationLog and its exit code to window.codeAutomationExit, which we
// expose from here. Exit code: 0 all passed, 1 otherwise.
//
// Environment: E2E_TIMEOUT_MS (default 180000),
// E2E_KEEP_RUN=1 (keep $TMPDIR/sagemaker-lint-e2e/<run> even on success), CHROMIUM_PATH (default /usr/bin/chromium),
// E2E_GREP (mocha grep, read by suite/index.ts), E2E_VERBOSE=1 (also print the workbench's
// routine log lines).
//
// The helpers are exported and reused by run-ui-test.js.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script, run by node without a build step */
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const util = require('util');
const { spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const TOOLS = path.join(__dirname, 'tools');
const resolveTool = (name) => {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [TOOLS] }));
  } catch {
    console.error(`[e2e] ${name} is not installed in test/e2e/tools: run test/e2e/setup.sh (or .ci/run)`);
    process.exit(1);
  }
};
const CODE_SERVER_DIR = resolveTool('code-server');
const paths = {
  root: ROOT,
  ext: ROOT,
  testsIndex: path.join(ROOT, 'out', 'e2e', 'suite', 'index'), // module path, no extension
  fixture: path.join(__dirname, 'fixtures', 'workspace'),
  // Outside the repository: the scan honours the enclosing repository's .gitignore, and the
  // server's IPC socket paths must stay under 108 characters.
  runs: path.join(os.tmpdir(), 'sagemaker-lint-e2e'),
  serverMain: path.join(CODE_SERVER_DIR, 'lib', 'vscode', 'out', 'server-main.js'),
  // The extension host requires mocha: it needs a CommonJS one (the project's mocha 12 is ESM-only).
  mocha: resolveTool('mocha'),
};

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// A closed loopback port instead of open-vsx.org: a fresh user-data-dir otherwise triggers a DNS lookup.
const NO_GALLERY = JSON.stringify({
  serviceUrl: 'http://127.0.0.1:9/gallery',
  itemUrl: 'http://127.0.0.1:9/item',
  resourceUrlTemplate: 'http://127.0.0.1:9/r/{publisher}/{name}/{version}/{path}',
});
// Each one switches off a background feature (network, tips, update checks, walkthroughs).
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'files.autoSave': 'off',
  'workbench.reduceMotion': 'on', // no slide-in animations: screenshots show settled UI
};
// Workbench log lines that are expected and harmless here; E2E_VERBOSE=1 shows them.
const NOISE = [
  /^(Resolving|Resolved) connection token/, /^Creating a socket/, /^Updating additional builtin extensions cache/,
  /^ChatSessionStore:/, /Failed to register a ServiceWorker/, // code-server-only route, 404 on the bare server
  /ECONNREFUSED 127\.0\.0\.1:9/, // the disabled extension gallery (EXTENSIONS_GALLERY above)
];
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const t0 = Date.now();
const secs = (from = t0) => ((Date.now() - from) / 1000).toFixed(1) + 's';
const say = (msg) => console.log(`[e2e ${secs()}] ${msg}`);

/** Polls `probe` until truthy or the deadline passes. */
async function waitFor(probe, what, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * A fresh per-run sandbox under .runs/: user data, server data, extensions, HOME, TMPDIR, a copy
 * of `fixture` as the workspace (null: an empty one), and `env` added to the server's environment.
 */
function createSandbox(name, { fixture = paths.fixture, env = {} } = {}) {
  fs.mkdirSync(paths.runs, { recursive: true });
  const dir = fs.mkdtempSync(path.join(paths.runs, `${name}-`));
  const sb = {
    dir,
    userData: path.join(dir, 'ud'),
    serverData: path.join(dir, 'sd'),
    extensions: path.join(dir, 'exts'),
    home: path.join(dir, 'home'),
    tmp: path.join(dir, 'tmp'),
    xdg: path.join(dir, 'xdg'),
    ws: path.join(dir, 'ws'),
    serverLog: path.join(dir, 'server.log'),
    browserLog: path.join(dir, 'browser-console.log'),
    env,
  };
  for (const d of [path.join(sb.userData, 'User'), sb.serverData, sb.extensions, sb.home, sb.tmp, sb.xdg]) {
    fs.mkdirSync(d, { recursive: true });
  }
  fs.writeFileSync(path.join(sb.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  if (fixture) fs.cpSync(fixture, sb.ws, { recursive: true }); // tests edit files: never point at the fixture itself
  else fs.mkdirSync(sb.ws);
  return sb;
}

function sandboxEnv(sb) {
  return {
    ...process.env,
    HOME: sb.home,
    TMPDIR: sb.tmp,
    XDG_CONFIG_HOME: sb.xdg,
    XDG_DATA_HOME: sb.xdg,
    XDG_CACHE_HOME: sb.xdg,
    EXTENSIONS_GALLERY: NO_GALLERY,
    SML_E2E_MOCHA: paths.mocha,
    ...sb.env,
  };
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode < 500); });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => { req.destroy(); resolve(false); });
  });
}

/**
 * Starts the bare VS Code server on 127.0.0.1 with a free port (--port 0; the port is read from
 * its "listening on" line). Its own process group, so stopServer() can take down the whole tree.
 */
async function startServer(sb) {
  const started = Date.now();
  const args = [
    paths.serverMain,
    '--host', '127.0.0.1', '--port', '0',
    '--without-connection-token', '--accept-server-license-terms',
    '--enable-smoke-test-driver', // needed for extensionTestsPath / extensionDevelopmentPath in the payload
    '--disable-telemetry', '--disable-workspace-trust',
    '--user-data-dir', sb.userData, '--server-data-dir', sb.serverData, '--extensions-dir', sb.extensions,
  ];
  const child = spawn(process.execPath, args, {
    cwd: sb.dir, env: sandboxEnv(sb), detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = fs.createWriteStream(sb.serverLog);
  let out = '';
  let exited = null;
  const onData = (b) => { log.write(b); if (out.length < 65536) out += b.toString(); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const server = { child, pid: child.pid, port: 0, log };
  try {
    const m = await waitFor(() => {
      if (exited) throw new Error(`server exited early (${JSON.stringify(exited)}); see ${sb.serverLog}\n${out}`);
      return out.match(/listening on (\d+)/);
    }, 'the server to listen', 30000, 50);
    server.port = Number(m[1]);
    server.origin = `http://127.0.0.1:${server.port}`;
    await waitFor(() => httpOk(server.origin + '/'), 'HTTP on ' + server.origin, 15000, 50);
  } catch (err) {
    await stopServer(server);
    throw err;
  }
  server.readyMs = Date.now() - started;
  return server;
}

/** PIDs of every descendant of `pid`, from /proc (Linux). */
function descendants(pid) {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch { /* process went away */ }
  }
  const out = [];
  const todo = [pid];
  while (todo.length) for (const c of children.get(todo.pop()) || []) { out.push(c); todo.push(c); }
  return out;
}

const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/**
 * Stops the server and everything it started (file watcher, pty host, extension host, language
 * servers), by PID: SIGTERM, then SIGKILL after 5 s. An extension host would otherwise linger for
 * the 3 h reconnection grace period.
 */
async function stopServer(server) {
  if (!server || !server.pid) return;
  const pids = [server.pid, ...descendants(server.pid)];
  const signal = (sig) => {
    try { process.kill(-server.pid, sig); } catch { /* group already gone */ }
    for (const p of pids) { try { process.kill(p, sig); } catch { /* gone */ } }
  };
  signal('SIGTERM');
  try {
    await waitFor(() => pids.every((p) => !alive(p)), 'server processes to exit', 5000, 50);
  } catch {
    signal('SIGKILL');
    await waitFor(() => pids.every((p) => !alive(p)), 'server processes to die', 5000, 50).catch(() => {});
  }
  if (server.log) server.log.end();
}

/**
 * Headless Debian Chromium through playwright-core, profile inside the sandbox. Records every
 * request that leaves loopback in `context.offLoopback` (should stay empty).
 */
async function launchBrowser(sb) {
  const { chromium } = require('playwright-core');
  const context = await chromium.launchPersistentContext(path.join(sb.dir, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    env: sandboxEnv(sb),
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic',
      // Without this Chromium still resolves accounts.google.com & co. despite the flags above.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
  context.offLoopback = [];
  context.on('request', (req) => {
    let u;
    try { u = new URL(req.url()); } catch { return; }
    // Webview resources (notebook renderers) use this virtual host; the workbench serves them, and
    // --host-resolver-rules above keeps any real lookup of it from leaving the machine.
    if (u.hostname.endsWith('.vscode-resource.vscode-cdn.net')) return;
    if (/^(https?|wss?):$/.test(u.protocol) && !LOOPBACK_HOSTS.has(u.hostname)) context.offLoopback.push(req.url());
  });
  const console_ = fs.createWriteStream(sb.browserLog);
  context.on('console', (msg) => console_.write(`[${msg.type()}] ${msg.text()}\n`));
  context.on('close', () => console_.end());
  return context;
}

/** Workbench URL for `folder`, optionally with development/test paths (absolute paths on the server). */
function workbenchUrl(server, folder, { extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`; // authority = host:port for the bare server
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  let url = `${server.origin}/?folder=${encodeURIComponent(folder)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** Cleanup that also runs on Ctrl+C / SIGTERM. */
function onInterrupt(cleanup) {
  const handler = (sig) => {
    console.error(`\n[e2e] ${sig}: stopping`);
    Promise.resolve(cleanup()).finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

function finishSandbox(sb, ok) {
  if (ok && !process.env.E2E_KEEP_RUN) fs.rmSync(sb.dir, { recursive: true, force: true });
  else say(`run folder kept: ${path.relative(process.cwd(), sb.dir) || sb.dir} (server.log, browser-console.log)`);
}

async function main() {
  const timeoutMs = Number(process.env.E2E_TIMEOUT_MS) || 180000;
  const sb = createSandbox('exthost');
  let server;
  let context;
  const cleanup = async () => {
    if (context) await context.close().catch(() => {});
    context = undefined;
    await stopServer(server);
    server = undefined;
  };
  onInterrupt(cleanup);

  let code = 1;
  let sawSummary = false;
  try {
    server = await startServer(sb);
    say(`VS Code server ${server.origin} ready in ${(server.readyMs / 1000).toFixed(2)}s (pid ${server.pid})`);
    context = await launchBrowser(sb);
    const page = context.pages()[0] || (await context.newPage());
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      if (/^\d+ passed, \d+ failed/m.test(line)) sawSummary = true;
      if (!process.env.E2E_VERBOSE && NOISE.some((re) => re.test(line))) return;
      (type === 'error' ? console.error : console.log)(line);
    });
    await page.exposeFunction('codeAutomationExit', (c) => resolveExit(Number(c)));
    const testsStart = Date.now();
    let timer;
    const timedOut = new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); });
    const loaded = page.goto(workbenchUrl(server, sb.ws, {
      extensionDevelopmentPath: paths.ext,
      extensionTestsPath: paths.testsIndex,
    }), { timeout: timeoutMs });
    loaded.catch(() => {}); // a navigation failure surfaces as a timeout below; details in browser-console.log
    const result = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      console.error(`[e2e] no result from the extension host after ${timeoutMs} ms; see ${sb.serverLog}`);
    } else {
      code = result === 0 ? 0 : 1;
      say(`extension host exited with ${result} after ${secs(testsStart)} (browser launch + workbench + tests)`);
    }
    if (context.offLoopback.length) {
      console.error(`[e2e] requests left loopback:\n  ${context.offLoopback.join('\n  ')}`);
      code = 1;
    }
  } catch (err) {
    console.error(`[e2e] ${err && err.stack || err}`);
    code = 1;
  } finally {
    await cleanup();
  }
  if (!sawSummary && code !== 0) console.error('[e2e] the suite printed no "N passed, N failed" line');
  finishSandbox(sb, code === 0);
  say(code === 0 ? 'PASS' : 'FAIL');
  process.exit(code);
}

module.exports = {
  paths, waitFor, createSandbox, startServer, stopServer, launchBrowser, workbenchUrl,
  onInterrupt, finishSandbox, say, secs, NOISE,
};

if (require.main === module) main();
