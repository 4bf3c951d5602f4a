#!/usr/bin/env node
// UI end-to-end test: Playwright (playwright-core) drives the real VS Code web workbench served by
// code-server 4.100.3's VS Code server on 127.0.0.1, in Debian's headless Chromium, with the
// extension loaded from the project root (Extension Development Host).
//
//   node test/e2e/run-ui-test.js   # after npm run build; assumes test/e2e/setup.sh has run
//
// Every wait is a Playwright auto-wait or a poll with a deadline; no fixed sleeps.
// Environment: E2E_KEEP_RUN, CHROMIUM_PATH (see run-exthost-tests.js), E2E_STEP_TIMEOUT_MS
// (default 30000), E2E_SCREENSHOT_DIR (default test-results/screenshots; `npm run screenshots`
// writes the README's images to docs/images).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script, run by node without a build step */
const fs = require('fs');
const path = require('path');
const assert = require('assert');
const h = require('./run-exthost-tests.js');

const STEP_TIMEOUT = Number(process.env.E2E_STEP_TIMEOUT_MS) || 30000;
const SHOTS = path.resolve(process.env.E2E_SCREENSHOT_DIR || path.join(h.paths.root, 'test-results', 'screenshots'));
const FIX_TITLE = 'Use customer-managed key aws_kms_key.sagemaker';
const COMMAND_TITLE = 'SageMaker Lint: Scan Workspace';
/** Clean files that make the scan take long enough to watch its progress. */
const GENERATED_FILES = 2500;

/** Waits (with a deadline) until the element's box stops moving, e.g. after a slide-in. */
async function settled(locator) {
  let last = '';
  await h.waitFor(async () => {
    const box = JSON.stringify(await locator.boundingBox());
    const same = box === last;
    last = box;
    return same;
  }, 'element to settle', STEP_TIMEOUT, 100);
}

function generateCleanModules(ws) {
  const text = (i) => `resource "aws_sagemaker_notebook_instance" "nb${i}" {
  name                   = "nb${i}"
  instance_type          = "ml.t3.medium"
  role_arn               = "arn:aws:iam::123456789012:role/sagemaker"
  kms_key_id             = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  subnet_id              = "subnet-0123456789abcdef0"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }
}
`;
  for (let i = 0; i < GENERATED_FILES; i++) {
    const dir = path.join(ws, 'modules', `team-${Math.floor(i / 50)}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `notebook_${i}.tf`), text(i));
  }
}

async function scenario(page, sb, timings) {
  const t = Date.now();
  const mark = (name) => { timings.push([name, (Date.now() - t) / 1000]); h.say(`ok - ${name}`); };
  const shot = async (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const file = path.join(sb.ws, 'main.tf');
  const original = fs.readFileSync(file, 'utf8');

  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
  mark('workbench and explorer visible');

  // Open main.tf with Quick Open.
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type('main.tf');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'main.tf' }).first().waitFor();
  await page.keyboard.press('Enter');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines', { hasText: 'aws_sagemaker_notebook_instance' }).waitFor();
  mark('main.tf open');

  // The diagnostic: squiggle with its hover, and the entry in the Problems panel.
  const squiggle = editor.locator('.squiggly-warning');
  await squiggle.first().waitFor();
  mark('warning squiggle shown');
  await editor.locator('.view-line', { hasText: 'resource "aws_sagemaker_notebook_instance"' }).first().hover({ position: { x: 60, y: 8 } });
  await page.locator('.monaco-hover', { hasText: 'kms_key_id' }).first().waitFor();
  await settled(page.locator('.monaco-hover').first());
  await shot('01-squiggle-hover');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'SML001' }).first().waitFor();
  mark('Problems panel lists SML001');
  await shot('02-problems');

  // Quick fix: cursor onto the problem (F8), close the peek, Ctrl+. , pick the preferred fix.
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('F8');
  await page.locator('.marker-widget').first().waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.marker-widget').first().waitFor({ state: 'hidden' });
  await page.keyboard.press('Control+.');
  await page.locator('.action-widget .monaco-list-row', { hasText: FIX_TITLE }).first().waitFor();
  await page.locator('.action-widget .monaco-list-row.focused', { hasText: FIX_TITLE }).waitFor();
  mark('quick fix offered and focused');
  await shot('03-quick-fix');
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').first().waitFor({ state: 'hidden' });
  await page.keyboard.press('Control+S');

  // The file on disk changes; the squiggle and the Problems entry go away.
  const saved = await h.waitFor(() => {
    const now = fs.readFileSync(file, 'utf8');
    return now !== original && now;
  }, 'main.tf to change on disk', STEP_TIMEOUT, 50);
  assert.match(saved, /kms_key_id\s+= aws_kms_key\.sagemaker\.arn/);
  await squiggle.first().waitFor({ state: 'detached' });
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'SML001' }).first().waitFor({ state: 'detached' });
  mark('quick fix applied and saved; squiggle gone');
  await shot('04-fixed');

  // Scan Workspace from the command palette: progress notification, then the summary.
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(COMMAND_TITLE);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: COMMAND_TITLE }).first().waitFor();
  await page.keyboard.press('Enter');
  const progress = page.locator('.notifications-toasts .notification-toast', { hasText: 'scanning workspace' });
  await progress.locator('.notification-list-item-message', { hasText: /\d+\/\d+ / }).first().waitFor();
  mark('scan progress shown');
  await shot('05-scan-progress');
  const summary = page.locator('.notifications-toasts .notification-toast', { hasText: /\d+ problems? in \d+ files?/ });
  await summary.waitFor({ timeout: 120000 });
  await settled(summary);
  mark('scan summary shown');
  await shot('06-scan-summary');
  await summary.locator('.monaco-button', { hasText: 'Show Problems' }).click();
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'model.tf' }).first().waitFor();
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'SML010' }).first().waitFor();
  mark('Problems lists files that are not open');
  await shot('07-problems-after-scan');
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const sb = h.createSandbox('ui');
  // The notebook is for the extension-host suite; its problems would push model.tf out of the
  // Problems panel's visible rows after the scan.
  fs.rmSync(path.join(sb.ws, 'notebooks'), { recursive: true, force: true });
  generateCleanModules(sb.ws);
  let server;
  let context;
  const cleanup = async () => {
    if (context) await context.close().catch(() => {});
    context = undefined;
    await h.stopServer(server);
    server = undefined;
  };
  h.onInterrupt(cleanup);

  let ok = false;
  const timings = [];
  try {
    server = await h.startServer(sb);
    h.say(`VS Code server ${server.origin} ready in ${(server.readyMs / 1000).toFixed(2)}s (pid ${server.pid})`);
    const launched = Date.now();
    context = await h.launchBrowser(sb);
    context.setDefaultTimeout(STEP_TIMEOUT);
    const page = context.pages()[0] || (await context.newPage());
    await page.goto(h.workbenchUrl(server, sb.ws, { extensionDevelopmentPath: h.paths.ext }));
    try {
      await scenario(page, sb, timings);
      assert.deepStrictEqual(context.offLoopback, [], 'requests left loopback');
      ok = true;
    } catch (err) {
      await page.screenshot({ path: path.join(SHOTS, 'failure.png') }).catch(() => {});
      throw err;
    } finally {
      h.say(`browser launch -> ${ok ? 'done' : 'failure'}: ${((Date.now() - launched) / 1000).toFixed(1)}s; ` +
        timings.map(([n, s]) => `${n} @${s.toFixed(1)}s`).join(', '));
    }
  } catch (err) {
    console.error(`[e2e] ${err && err.stack || err}`);
  } finally {
    await cleanup();
  }
  console.log(ok ? '1 passed, 0 failed' : '0 passed, 1 failed');
  h.finishSandbox(sb, ok);
  h.say(`${ok ? 'PASS' : 'FAIL'}; screenshots in ${path.relative(process.cwd(), SHOTS) || SHOTS}`);
  process.exit(ok ? 0 : 1);
}

main();
