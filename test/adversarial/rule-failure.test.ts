import * as assert from 'assert';
import type { RuleFailure } from '../../shared-rules/src/analyze';
import type { Engine } from '../../shared-rules/src/engine';
import { RULES } from '../../shared-rules/src/rules/registry';
import type { Rule } from '../../shared-rules/src/rules/rule';
import { sharedEngine } from './support';

const throwing: Rule = {
  id: 'SML999',
  name: 'always-throws',
  title: 'A rule with a bug',
  defaultSeverity: 'warning',
  help: 'Test only.',
  dialects: ['terraform', 'cloudformation', 'python'],
  peers: {},
  check() {
    throw new Error('bug in a rule');
  },
};

describe('adversarial: a rule that throws', () => {
  let engine: Engine;
  before(async () => (engine = await sharedEngine()));

  it('is reported through onRuleFailure for each resource, and the other rules still report', () => {
    const registry = RULES as Rule[];
    registry.push(throwing);
    try {
      const text = 'resource "aws_sagemaker_notebook_instance" "a" {}\nresource "aws_sagemaker_notebook_instance" "b" {}\n';
      const file = { path: '/adversarial/rule-failure/main.tf', text };
      const failures: RuleFailure[] = [];
      const result = engine.analyze(file, { folderFiles: () => [file] }, {}, (f) => failures.push(f));
      engine.forget(file.path);
      assert.deepStrictEqual(
        failures.map((f) => [f.ruleId, f.resource, (f.error as Error).message]),
        [
          ['SML999', 'aws_sagemaker_notebook_instance.a', 'bug in a rule'],
          ['SML999', 'aws_sagemaker_notebook_instance.b', 'bug in a rule'],
        ],
      );
      assert.ok(result.findings.some((f) => f.ruleId === 'SML001' && f.resource === 'aws_sagemaker_notebook_instance.a'));
      assert.ok(result.findings.some((f) => f.ruleId === 'SML001' && f.resource === 'aws_sagemaker_notebook_instance.b'));
      assert.ok(!result.findings.some((f) => f.ruleId === 'SML999'));
    } finally {
      registry.splice(registry.indexOf(throwing), 1);
    }
  });
});
