import * as assert from 'assert';
import * as path from 'path';
import { RULES } from '../../../shared-rules/src/rules/registry';
import { TERRAFORM_RESOURCES } from '../../../shared-rules/src/terraform/field-table';
import { analyzeModule, describeFinding, engine, expectationsOf, FIXTURES, moduleFolders, readFolder, scopeOf } from './harness';

const folders = moduleFolders(FIXTURES);

describe('terraform fixtures', () => {
  for (const dir of folders) {
    const name = path.relative(FIXTURES, dir);
    it(name, async () => {
      const files = readFolder(dir);
      const inScope = scopeOf(dir, files);
      const expectations = expectationsOf(files).filter((e) => inScope(e.ruleId));
      const expected = expectations.map(describeFinding).sort();
      const withSeverity = new Set(expectations.filter((e) => e.severity).map((e) => `${e.file}:${e.line}:${e.ruleId}`));
      const actual = analyzeModule(await engine(), files)
        .filter((f) => inScope(f.ruleId))
        .map((f) => {
          const line = f.range.start.line;
          const severity = withSeverity.has(`${f.file}:${line}:${f.ruleId}`) ? f.severity : undefined;
          return describeFinding({ file: f.file, line, ruleId: f.ruleId, suppressed: f.suppressed !== undefined, ...(severity ? { severity } : {}) });
        })
        .sort();
      assert.deepStrictEqual(actual, expected);
      const kind = path.basename(dir);
      if (kind === 'positive') assert.ok(expected.length > 0, 'a positive fixture expects at least one finding');
      if (kind === 'negative') assert.strictEqual(expected.length, 0, 'a negative fixture expects no finding');
    });
  }

  it('covers every Terraform rule with a positive and a negative fixture', () => {
    const missing = RULES.filter((r) => r.dialects.includes('terraform')).flatMap((r) =>
      ['positive', 'negative'].filter((k) => !folders.includes(path.join(FIXTURES, r.id, k))).map((k) => `${r.id}/${k}`),
    );
    assert.deepStrictEqual(missing, []);
  });

  it('uses every resource type of the field table', () => {
    const texts = folders.flatMap(readFolder).map((f) => f.text).join('\n');
    const unused = TERRAFORM_RESOURCES.map((r) => r.type).filter((t) => !new RegExp(`resource\\s+"${t}"`).test(texts));
    assert.deepStrictEqual(unused, []);
  });
});
