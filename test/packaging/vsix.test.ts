import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');

describe('.vsix package', function () {
  this.timeout(120000);

  it('is built offline with only the bundles, the WASM grammars and the docs, under 6 MB', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sml-vsix-'));
    try {
      const file = path.join(out, 'sagemaker-lint.vsix');
      const packaged = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', file], { cwd: root, encoding: 'utf8' });
      assert.strictEqual(packaged.status, 0, packaged.stderr + packaged.stdout);
      assert.ok(fs.statSync(file).size < 6 * 1024 * 1024, `${fs.statSync(file).size} bytes`);
      const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
      assert.strictEqual(listed.status, 0, listed.stderr);
      assert.deepStrictEqual(listed.stdout.trim().split('\n').sort(), [
        'CHANGELOG.md',
        'LICENSE',
        'README.md',
        'dist/client.js',
        'dist/server.js',
        'dist/tree-sitter-python.wasm',
        'dist/tree-sitter-terraform.wasm',
        'dist/web-tree-sitter.wasm',
        'images/icon.png',
        'language-configuration.json',
        'package.json',
        'syntaxes/suppression-comment.injection.json',
        'syntaxes/terraform.tmLanguage.json',
      ]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
