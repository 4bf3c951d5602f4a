import * as assert from 'assert';
import * as fs from 'fs';
import { README, renderReadme, renderRulesDoc, RULES_DOC } from '../../scripts/generate';
import { Engine } from '../../shared-rules/src/engine';
import { RULE_EXAMPLES } from '../../shared-rules/src/rules/examples';
import { docsUrl, RULES } from '../../shared-rules/src/rules/registry';

const STALE = 'is stale: run `npm run generate` and commit the result';

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

describe('docs generated from the registry', () => {
  it('README.md rules table is up to date', () => {
    const readme = fs.readFileSync(README, 'utf8');
    assert.ok(renderReadme(readme) === readme, `README.md ${STALE}`);
  });

  it('docs/rules.md is up to date', () => {
    assert.ok(fs.existsSync(RULES_DOC), `docs/rules.md is missing: run \`npm run generate\``);
    assert.ok(renderRulesDoc() === fs.readFileSync(RULES_DOC, 'utf8'), `docs/rules.md ${STALE}`);
  });

  it('has a heading for every rule whose anchor is the rule docs URL', () => {
    const anchors = new Set(
      fs
        .readFileSync(RULES_DOC, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('## '))
        .map((l) => githubSlug(l.slice(3))),
    );
    for (const rule of RULES) {
      const anchor = docsUrl(rule).split('#')[1];
      assert.ok(anchors.has(anchor), `${rule.id}: no heading with anchor #${anchor}`);
    }
  });
});

describe('rule examples in the docs', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });

  const FILE_NAMES = { terraform: 'main.tf', cloudformation: 'template.yaml', python: 'train.py' } as const;
  const ids = (text: string, name: string, dialect: keyof typeof FILE_NAMES) => {
    const file = { path: `/docs-examples/${name}/${FILE_NAMES[dialect]}`, text };
    const result = engine.analyze(file, { folderFiles: () => [file] });
    assert.deepStrictEqual(result.notices, [], `${name} parses cleanly`);
    return result.findings.map((f) => f.ruleId);
  };

  it('exist for every rule', () => {
    assert.deepStrictEqual(Object.keys(RULE_EXAMPLES).sort(), RULES.map((r) => r.id).sort());
  });

  for (const rule of RULES) {
    it(`${rule.id}: the non-compliant example is reported and the compliant one is not`, () => {
      const example = RULE_EXAMPLES[rule.id];
      assert.ok(example, `${rule.id} has no example`);
      assert.ok(ids(example.noncompliant, `${rule.id}-noncompliant`, example.dialect).includes(rule.id), `${rule.id} expected on the non-compliant example`);
      assert.ok(!ids(example.compliant, `${rule.id}-compliant`, example.dialect).includes(rule.id), `${rule.id} not expected on the compliant example`);
    });
  }
});
