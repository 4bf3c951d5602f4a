import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../shared-rules/src/engine';
import { RULES } from '../../shared-rules/src/rules/registry';
import { active, contextFor, expectations, FIXTURES, fixtureFiles } from './python-support';

/**
 * Fixtures as data: `test/fixtures/python/<rule>/{positive,negative}/*.py|ipynb` with `# expect: SMLxxx` on each
 * line a finding starts on. Positive files must report the folder's rule exactly there; negative files never
 * report it; `no-findings/` files report nothing at all. Rules named in expect comments are checked too.
 */
describe('python fixtures', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });

  const pythonRules = RULES.filter((r) => r.dialects.includes('python')).map((r) => r.id);

  for (const id of pythonRules) {
    it(`${id} has positive and negative Python fixtures, including a notebook and boto3`, () => {
      const positive = fixtureFiles(path.join(FIXTURES, id, 'positive'));
      const negative = fixtureFiles(path.join(FIXTURES, id, 'negative'));
      assert.ok(positive.length > 0, `no positive fixture for ${id}`);
      assert.ok(negative.length > 0, `no negative fixture for ${id}`);
    });
  }

  for (const file of fixtureFiles(FIXTURES)) {
    const rel = path.relative(FIXTURES, file);
    const [folder, polarity] = rel.split(path.sep);
    it(rel, () => {
      const text = fs.readFileSync(file, 'utf8');
      const result = engine.analyze({ path: file, text }, contextFor(file));
      const findings = active(result.findings);
      const expected = expectations(text);
      const describe = (): string => findings.map((f) => `${f.ruleId}@${f.range.start.line}`).join(' ');
      if (folder === 'no-findings') {
        assert.deepStrictEqual(describe(), '', 'look-alike or unknown code must not be flagged');
        return;
      }
      const ids = new Set([...expected.keys(), folder]);
      for (const ruleId of ids) {
        const got = findings.filter((f) => f.ruleId === ruleId).map((f) => f.range.start.line).sort((a, b) => a - b);
        const want = (expected.get(ruleId) ?? []).sort((a, b) => a - b);
        assert.deepStrictEqual(got, want, `${ruleId} lines (all findings: ${describe()})`);
      }
      if (polarity === 'positive') assert.ok((expected.get(folder) ?? []).length > 0, 'a positive fixture expects its rule');
    });
  }
});
