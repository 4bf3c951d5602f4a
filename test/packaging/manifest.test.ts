import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseSuppressionComment } from '../../shared-rules/src/suppressions';
import { RULES } from '../../shared-rules/src/rules/registry';
import { PACKAGE_JSON, withGeneratedSettings } from '../../scripts/generate-settings';

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')) as {
  engines: { vscode: string };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean; restrictedConfigurations: string[] } };
  contributes: { configuration: { properties: Record<string, { enum?: string[] }> }; commands: { command: string }[]; grammars: { path: string }[] };
};

describe('extension manifest', () => {
  it('has the settings generated from the rule registry (run `npm run generate-settings` when this fails)', () => {
    const text = fs.readFileSync(PACKAGE_JSON, 'utf8');
    assert.strictEqual(withGeneratedSettings(text), text);
    for (const rule of RULES) assert.ok(manifest.contributes.configuration.properties[`sagemakerLint.rules.${rule.id}`]?.enum?.includes('off'), rule.id);
  });

  it('activates on languages and workspace contents, never on everything', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(manifest.activationEvents.includes('onLanguage:terraform'));
    assert.ok(manifest.activationEvents.some((e) => e.startsWith('workspaceContains:')));
  });

  it('runs in untrusted workspaces with the path settings restricted, on the VS Code the e2e tests use', () => {
    assert.strictEqual(manifest.capabilities.untrustedWorkspaces.supported, true);
    for (const setting of manifest.capabilities.untrustedWorkspaces.restrictedConfigurations) assert.ok(manifest.contributes.configuration.properties[setting], setting);
    // code-server 4.100.3 runs VS Code 1.100.3: the extension must not ask for more.
    assert.strictEqual(manifest.engines.vscode, '^1.100.0');
  });

  it('declares every command the client registers', () => {
    const client = fs.readFileSync(path.join(root, 'client/src/extension.ts'), 'utf8');
    const registered = [...client.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    assert.deepStrictEqual(manifest.contributes.commands.map((c) => c.command).sort(), registered);
  });

  it('highlights exactly the suppression comments the engine honours', () => {
    const grammar = JSON.parse(fs.readFileSync(path.join(root, 'syntaxes/suppression-comment.injection.json'), 'utf8')) as { repository: { suppression: { match: string } } };
    const pattern = new RegExp(grammar.repository.suppression.match);
    for (const comment of ['# sagemaker-lint:ignore SML001 dev account', '// sagemaker-lint:ignore SML001, SML010 reason', '# sagemaker-lint:ignore SML004']) {
      assert.ok(pattern.test(comment), comment);
      assert.ok(parseSuppressionComment(comment), comment);
    }
    for (const comment of ['# sagemaker-lint:ignore', '# sagemaker-lint ignore SML001']) {
      assert.ok(!pattern.test(comment), comment);
      assert.strictEqual(parseSuppressionComment(comment), undefined, comment);
    }
    for (const g of manifest.contributes.grammars) JSON.parse(fs.readFileSync(path.join(root, g.path), 'utf8'));
  });
});
