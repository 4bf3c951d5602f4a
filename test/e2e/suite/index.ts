// Mocha entry point in the @vscode/test-electron shape: the extension host loads this module
// (extensionTestsPath) and awaits run(). The same bundle runs inside code-server's VS Code server
// (test/e2e/run-exthost-tests.js) and under @vscode/test-electron's runTests().
import * as fs from 'fs';
import * as path from 'path';
import type MochaType from 'mocha';

export function run(): Promise<void> {
  // The extension host needs a CommonJS mocha (11.x): test/e2e/tools provides one and the runner
  // names it; under test-electron the project's own mocha is used.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require(process.env.SML_E2E_MOCHA ?? 'mocha') as typeof MochaType;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: Number(process.env.E2E_TEST_TIMEOUT_MS) || 60000, ...(process.env.E2E_GREP ? { grep: process.env.E2E_GREP } : {}) });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, failures: failed = 0 } = runner.stats ?? {};
      console.log(`${passes} passed, ${failed} failed`);
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else if (passes === 0) reject(new Error('no test ran'));
      else resolve();
    });
  });
}
