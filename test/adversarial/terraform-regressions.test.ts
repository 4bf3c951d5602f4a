/** Crashes and bad fixes the fuzzer and the adversarial inputs found in the Terraform path, one test each. */
import * as assert from 'assert';
import { Engine, MAX_ANALYSED_CHARS } from '../../shared-rules/src/engine';
import type { Finding } from '../../shared-rules/src/model';
import { applyEdits } from '../support/edits';
import { SyntaxErrorCounter } from '../support/syntax-errors';

const analyse = (engine: Engine, path: string, text: string): ReturnType<Engine['analyze']> => {
  const file = { path, text };
  const result = engine.analyze(file, { folderFiles: () => [file] });
  engine.forget(path);
  return result;
};

const crashed = (notices: string[]): string | undefined => notices.find((n) => n.includes('could not be analysed'));

describe('adversarial: Terraform regressions', () => {
  let engine: Engine;
  let counter: SyntaxErrorCounter;

  before(async () => {
    engine = await Engine.create();
    counter = await SyntaxErrorCounter.create();
  });

  after(() => counter.delete());

  it('reads a file with 100,000 nested blocks without overflowing the stack', () => {
    const depth = 100_000;
    const text = 'resource "aws_sagemaker_notebook_instance" "deep" {\n' + 'a {\n'.repeat(depth) + '}\n'.repeat(depth) + '}\n';
    const result = analyse(engine, '/adversarial/deep-blocks.tf', text);
    assert.strictEqual(crashed(result.notices), undefined);
    assert.ok(result.findings.some((f) => f.ruleId === 'SML001' && f.resource === 'aws_sagemaker_notebook_instance.deep'));
  });

  it('reads an attribute whose expression follows a lone carriage return or other space tree-sitter skips (fuzz seed 29)', () => {
    for (const space of ['\r', '\f', '\v', '\u00a0', '\u0085', '\u2028', '\ufeff']) {
      const key = 'resource "aws_kms_key" "k" {\n  description = "k"\n}\n';
      const text = `${key}resource "aws_sagemaker_notebook_instance" "nb" {\n  instance_type = "ml.t3.medium"\n  kms_key_id    =${space} aws_kms_key.k.arn\n  tags          =${space} { team = "ml" }\n}\n`;
      const path = `/adversarial/space-${space.charCodeAt(0)}.tf`;
      const first = analyse(engine, path, text);
      assert.strictEqual(crashed(first.notices), undefined, JSON.stringify(space));
      // Typing re-parses the file and reads its blocks on demand: the same text again, one character added and removed.
      const file = { path, text };
      const context = { folderFiles: () => [file] };
      engine.analyze(file, context);
      engine.analyze({ path, text: `${text}#` }, context);
      const again = engine.analyze(file, context);
      engine.forget(path);
      assert.strictEqual(crashed(again.notices), undefined, JSON.stringify(space));
      assert.deepStrictEqual(again.findings.map((f) => f.ruleId).sort(), first.findings.map((f) => f.ruleId).sort(), JSON.stringify(space));
    }
  });

  it('reads a string with a \\U escape beyond Unicode (an error to Terraform) instead of failing the file', () => {
    const text = 'resource "aws_sagemaker_notebook_instance" "n" {\n  instance_type = "ml.t3.medium"\n  kms_key_id = "\\UFFFFFFFF"\n}\n';
    const result = analyse(engine, '/adversarial/escape.tf', text);
    assert.strictEqual(crashed(result.notices), undefined);
    assert.ok(result.findings.some((f) => f.ruleId === 'SML006' && f.resource === 'aws_sagemaker_notebook_instance.n'), result.findings.map((f) => f.ruleId).join(', '));
  });

  it('reads a key policy that names its own key, or two keys naming each other, without recursing forever', () => {
    const notebook = 'resource "aws_sagemaker_notebook_instance" "n" {\n  instance_type = "ml.t3.medium"\n  kms_key_id    = aws_kms_key.k.arn\n}\n';
    const key = (name: string, other: string) =>
      `resource "aws_kms_key" "${name}" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "kms:*", Resource = aws_kms_key.${other}.arn }] })\n}\n`;
    for (const keys of [key('k', 'k'), key('k', 'o') + key('o', 'k')]) {
      const result = analyse(engine, '/adversarial/key-cycle.tf', notebook + keys);
      assert.deepStrictEqual(result.notices, []);
      assert.ok(!result.findings.some((f) => f.ruleId === 'SML001'), result.findings.map((f) => f.ruleId).join(', '));
      assert.ok(result.findings.some((f) => f.ruleId === 'SML012'), 'the notebook is analysed');
    }
  });

  it('defines a new key above the resource when the file ends inside a broken block', () => {
    const text = [
      'resource "aws_sagemaker_notebook_instance" "nb" {',
      '  instance_type = "ml.t3.medium"',
      '}',
      '',
      'resource "aws_s3_bucket" "half_typed" {',
      '  bucket = "x"',
      '  tags = {',
      '',
    ].join('\n');
    const finding = analyse(engine, '/adversarial/broken-end.tf', text).findings.find((f) => f.ruleId === 'SML001');
    assert.ok(finding);
    const create = finding.fixes.find((f) => f.title.startsWith('Create a customer-managed KMS key'));
    assert.ok(create, 'a create-key fix is offered');
    const fixed = applyEdits(text, create.edits[0].edits);
    assert.ok(fixed.indexOf('resource "aws_kms_key"') < fixed.indexOf('resource "aws_sagemaker_notebook_instance"'));
    assert.ok(counter.count('x.tf', fixed)! <= counter.count('x.tf', text)!);
    const after = analyse(engine, '/adversarial/broken-end.tf', fixed);
    assert.ok(!after.findings.some((f) => f.ruleId === 'SML001' && f.resource === 'aws_sagemaker_notebook_instance.nb'));
  });

  it('offers no insertion into a block the parser had to recover inside', () => {
    // Minimised from a fuzz mutant: JSON spliced into a block; the parser closes the resource at a stray brace.
    const text = ['resource "aws_sagemaker_training_job" "t" {', '  algorithm_specification {', '       },', '       "Resource": "*"', '      },', '       "Effect": "Allow",'].join('\n');
    const before = counter.count('x.tf', text)!;
    for (const finding of analyse(engine, '/adversarial/recovered.tf', text).findings) {
      for (const fix of finding.fixes) {
        const after = counter.count('x.tf', applyEdits(text, fix.edits[0].edits))!;
        assert.ok(after <= before, `${fix.title}: ${before} → ${after} syntax errors`);
      }
    }
  });

  it('never offers a key whose name is not an identifier (a reference to it would not parse)', () => {
    const text = [
      'data "aws_kms_alias" "3hared" {',
      '  name = "alias/shared"',
      '}',
      'resource "aws_sagemaker_notebook_instance" "nb" {',
      '  instance_type = "ml.t3.medium"',
      '}',
      '',
    ].join('\n');
    const findings: Finding[] = analyse(engine, '/adversarial/bad-label.tf', text).findings;
    const titles = findings.flatMap((f) => f.fixes.map((x) => x.title));
    assert.ok(!titles.some((t) => t.includes('3hared')), titles.join('; '));
  });

  it('does not reference a caller-identity data source whose name is not an identifier in a new key', () => {
    const text = ['data "aws_caller_identity" "curren|" {}', 'resource "aws_sagemaker_notebook_instance" "nb" {', '  instance_type = "ml.t3.medium"', '}', ''].join('\n');
    const finding = analyse(engine, '/adversarial/bad-identity.tf', text).findings.find((f) => f.ruleId === 'SML001');
    const create = finding?.fixes.find((f) => f.title.startsWith('Create a customer-managed KMS key'));
    assert.ok(create);
    const fixed = applyEdits(text, create.edits[0].edits);
    assert.ok(!fixed.includes('curren|.account_id'), fixed);
    assert.ok(counter.count('x.tf', fixed)! <= counter.count('x.tf', text)!);
  });

  it('skips a file over the engine limit with one notice, and tree-sitter still parses afterwards', () => {
    const unit = 'resource "aws_sagemaker_notebook_instance" "n" {\n  instance_type = "ml.t3.medium"\n}\n';
    const huge = unit.repeat(Math.ceil((MAX_ANALYSED_CHARS + 1) / unit.length));
    const result = analyse(engine, '/adversarial/huge.tf', huge);
    assert.deepStrictEqual(result.findings, []);
    assert.strictEqual(result.notices.length, 1);
    assert.match(result.notices[0], /skipped: larger than/);
    assert.ok(analyse(engine, '/adversarial/small.tf', unit).findings.some((f) => f.ruleId === 'SML001'));
  });
});
