import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CFN_RESOURCES } from '../../shared-rules/src/cloudformation/field-table';
import type { Finding } from '../../shared-rules/src/model';
import { active, analyze, applyEdits, syntaxErrors } from './cloudformation-support';

/**
 * Fixtures are data: `test/fixtures/cloudformation/<rule>/{positive,negative}/<name>.{yaml,json}`.
 * A YAML fixture marks each expected finding with `# expect: SML001[, SML013]` on the finding's line;
 * JSON fixtures list them in `expected.json` beside them: `{"<file>": [{"ruleId": "SML001", "line": 7}]}`
 * (1-based lines). Only the folder's rule and the rules named in expectations are compared.
 */
const ROOT = path.join(__dirname, '..', 'fixtures', 'cloudformation');
const TEMPLATE = /\.(ya?ml|json|template)$/;

interface Expected {
  ruleId: string;
  line: number;
}

function expectations(file: string, text: string): Expected[] {
  if (file.endsWith('.json')) {
    const table = path.join(path.dirname(file), 'expected.json');
    if (!fs.existsSync(table)) return [];
    const all = JSON.parse(fs.readFileSync(table, 'utf8')) as Record<string, Expected[]>;
    return (all[path.basename(file)] ?? []).map((e) => ({ ruleId: e.ruleId, line: e.line - 1 }));
  }
  const out: Expected[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /#\s*expect:\s*(SML\d{3}(?:\s*,\s*SML\d{3})*)/.exec(line);
    if (m) for (const id of m[1].split(',')) out.push({ ruleId: id.trim(), line: i });
  });
  return out;
}

const key = (f: { ruleId: string; line: number }) => `${f.ruleId}@${f.line + 1}`;
const identity = (f: Finding) => `${f.ruleId} ${f.resource} ${f.fieldPath ?? ''} ${f.range.start.line}`;
const KEY_RULES = new Set(['SML001', 'SML002', 'SML003', 'SML004', 'SML006', 'SML020']);

const ruleDirs = fs.existsSync(ROOT) ? fs.readdirSync(ROOT).filter((d) => /^SML\d{3}$/.test(d)) : [];

describe('CloudFormation fixtures', () => {
  it('has positive and negative YAML and JSON fixtures for every rule folder', () => {
    assert.ok(ruleDirs.length >= 13, `rule folders: ${ruleDirs.join(', ')}`);
    for (const rule of ruleDirs) {
      for (const kind of ['positive', 'negative']) {
        const files = fs.readdirSync(path.join(ROOT, rule, kind)).filter((f) => TEMPLATE.test(f) && f !== 'expected.json');
        assert.ok(files.some((f) => f.endsWith('.json')), `${rule}/${kind} lacks a JSON fixture`);
        assert.ok(files.some((f) => /\.ya?ml$/.test(f)), `${rule}/${kind} lacks a YAML fixture`);
      }
    }
  });

  it('every resource type of the field table appears in a fixture', () => {
    const texts: string[] = [];
    const collect = (dir: string): void => {
      for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        if (f.isDirectory()) collect(path.join(dir, f.name));
        else if (TEMPLATE.test(f.name)) texts.push(fs.readFileSync(path.join(dir, f.name), 'utf8'));
      }
    };
    collect(ROOT);
    const missing = CFN_RESOURCES.map((r) => r.type).filter((type) => !texts.some((t) => t.includes(type)));
    assert.deepStrictEqual(missing, []);
  });

  for (const rule of ruleDirs) {
    for (const kind of ['positive', 'negative'] as const) {
      const dir = path.join(ROOT, rule, kind);
      const files = fs.readdirSync(dir).filter((f) => TEMPLATE.test(f) && f !== 'expected.json');
      for (const name of files) {
        const file = path.join(dir, name);
        const rel = path.relative(ROOT, file);
        const text = fs.readFileSync(file, 'utf8');
        const expected = expectations(file, text);
        const ids = new Set([rule, ...expected.map((e) => e.ruleId)]);

        it(`${rel}: findings match the expectations`, async () => {
          const result = await analyze(file, text);
          assert.strictEqual(result.dialect, 'cloudformation');
          const actual = active(result.findings)
            .filter((f) => ids.has(f.ruleId))
            .map((f) => key({ ruleId: f.ruleId, line: f.range.start.line }));
          assert.deepStrictEqual([...new Set(actual)].sort(), [...new Set(expected.map(key))].sort());
          if (kind === 'positive') assert.ok(actual.some((a) => a.startsWith(rule)), `${rule} expected`);
          else assert.ok(!actual.some((a) => a.startsWith(rule)), `${rule} not expected`);
        });

        if (kind !== 'positive') continue;
        it(`${rel}: every fix re-parses and clears its finding`, async () => {
          const before = active((await analyze(file, text)).findings);
          const targets = before.filter((f) => f.ruleId === rule);
          let applied = 0;
          for (const finding of targets) {
            assert.ok(finding.fixes.length > 0, `${identity(finding)} has no fix`);
            for (const fix of finding.fixes) {
              const edits = fix.edits.filter((e) => e.file === file).flatMap((e) => e.edits);
              const fixed = applyEdits(text, edits);
              assert.deepStrictEqual(syntaxErrors(file, fixed), [], `"${fix.title}" broke the syntax:\n${fixed}`);
              const after = (await analyze(file, fixed)).findings;
              const same = (f: Finding) => f.ruleId === rule && f.resource === finding.resource && f.fieldPath === finding.fieldPath;
              assert.ok(active(after).filter(same).length < before.filter(same).length, `"${fix.title}" left ${identity(finding)}:\n${fixed}`);
              const known = new Set(before.map((f) => `${f.ruleId} ${f.resource} ${f.fieldPath ?? ''}`));
              const added = active(after).filter((f) => KEY_RULES.has(f.ruleId) && !known.has(`${f.ruleId} ${f.resource} ${f.fieldPath ?? ''}`));
              assert.deepStrictEqual(added.map(identity), [], `"${fix.title}" introduced findings:\n${fixed}`);
              applied++;
            }
          }
          assert.ok(applied > 0);
        });
      }
    }
  }
});
