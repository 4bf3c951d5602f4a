import * as assert from 'assert';
import * as path from 'path';
import type { Parser } from 'web-tree-sitter';
import type { SourceText } from '../../../shared-rules/src/dialect';
import { TerraformAdapter } from '../../../shared-rules/src/terraform/adapter';
import { createParser } from '../../../shared-rules/src/tree-sitter';
import { analyzeModule, engine, FIXTURES, readFolder } from './harness';

const notebook = (name: string, key: string): string =>
  `resource "aws_sagemaker_notebook_instance" "${name}" {\n  name          = "${name}"\n  instance_type = "ml.t3.medium"\n  kms_key_id    = ${key}\n}\n`;

describe('terraform adapter', () => {
  it('names the variable whose null default leaves a key unset', async () => {
    const findings = analyzeModule(await engine(), readFolder(path.join(FIXTURES, 'resolution/variables')));
    const f = findings.find((x) => x.ruleId === 'SML001' && x.resource.endsWith('.null_default'));
    assert.ok(f);
    assert.match(f.message, /variable "null_default" defaults to null/);
    const tfvars = analyzeModule(await engine(), readFolder(path.join(FIXTURES, 'resolution/tfvars')));
    const unset = tfvars.find((x) => x.ruleId === 'SML001' && x.resource.endsWith('.unset_by_tfvars'));
    assert.ok(unset);
    assert.match(unset.message, /var\.unset_by_tfvars is set to null in terraform\.tfvars/);
  });

  it('points an AWS-managed key found through a data source at the data source', async () => {
    const findings = analyzeModule(await engine(), readFolder(path.join(FIXTURES, 'SML003/positive')));
    const f = findings.find((x) => x.ruleId === 'SML003' && x.resource.endsWith('.through_data_source') && x.fieldPath === 'kms_key_arn');
    assert.ok(f);
    assert.match(f.message, /data\.aws_kms_alias\.managed/);
    assert.deepStrictEqual(f.related.map((r) => r.range.start.line), [12]);
  });

  it('prefers the one customer-managed key in scope, else creating one; and removing a key on NVMe', async () => {
    const preferred = (dir: string, ruleId: string): string[] =>
      analyzeModule(eng, readFolder(path.join(FIXTURES, dir)))
        .filter((f) => f.ruleId === ruleId)
        .flatMap((f) => f.fixes.filter((x) => x.isPreferred).map((x) => x.title));
    const eng = await engine();
    assert.deepStrictEqual(preferred('edits', 'SML002'), ['Use customer-managed key aws_kms_key.only (recreates the resource)']);
    assert.ok(preferred('SML001/positive', 'SML001').every((t) => t.startsWith('Create a customer-managed KMS key for SageMaker')));
    assert.ok(preferred('SML004/positive', 'SML004').every((t) => /^Remove (kms_key_arn|kms_key_id|volume_kms_key_id)/.test(t)));
  });

  it('reports a syntax error as a notice and keeps the complete blocks', async () => {
    const files = readFolder(path.join(FIXTURES, 'syntax-error'));
    const result = (await engine()).analyze(files[0], { folderFiles: () => files });
    assert.strictEqual(result.notices.length, 1);
    assert.match(result.notices[0], /syntax errors/);
    assert.ok(result.findings.length > 0);
  });

  it('reads .tfvars files for context only', async () => {
    const files = readFolder(path.join(FIXTURES, 'resolution/tfvars'));
    const tfvars = files.find((f) => f.path.endsWith('terraform.tfvars'))!;
    assert.deepStrictEqual((await engine()).analyze(tfvars, { folderFiles: () => files }).findings, []);
  });

  it('reads terraform.tfvars.json and *.auto.tfvars.json as context, never as templates', async () => {
    const eng = await engine();
    for (const name of ['terraform.tfvars.json', 'prod.auto.tfvars.json']) {
      const adapter = eng.adapterFor(path.join('m', name), '{"Resources": {"X": {"Type": "AWS::SageMaker::NotebookInstance"}}}');
      assert.strictEqual(adapter?.dialect, 'terraform');
      assert.strictEqual(adapter.isContext?.(name), true);
    }
  });

  it('re-checks a file when a neighbour that defines its variable changes', async () => {
    const dir = path.join(path.sep, 'virtual', 'neighbours');
    const main: SourceText = { path: path.join(dir, 'main.tf'), text: notebook('nb', 'var.key') };
    const vars = (def: string): SourceText => ({ path: path.join(dir, 'variables.tf'), text: `variable "key" {\n  default = ${def}\n}\n` });
    const eng = await engine();
    const ids = (v: SourceText): string[] =>
      eng.analyze(main, { folderFiles: () => [main, v] }).findings.filter((f) => f.ruleId <= 'SML006').map((f) => f.ruleId);
    assert.deepStrictEqual(ids(vars('"alias/aws/sagemaker"')), ['SML003']);
    assert.deepStrictEqual(ids(vars('"alias/ml-platform"')), []);
    assert.deepStrictEqual(ids(vars('null')), ['SML001']);
  });

  describe('parsing on the edit path', () => {
    let parser: Parser;
    let parses: number;
    let counting: Parser;
    before(async () => {
      parser = await createParser('terraform');
      counting = new Proxy(parser, {
        get(target, prop, receiver) {
          if (prop === 'parse') {
            return (...args: Parameters<Parser['parse']>) => {
              parses++;
              return target.parse(...args);
            };
          }
          return Reflect.get(target, prop, receiver) as unknown;
        },
      });
    });

    it('parses only the file that changed, not its unchanged neighbours', () => {
      const adapter = new TerraformAdapter(counting);
      const dir = path.join(path.sep, 'virtual', 'edit');
      const neighbours: SourceText[] = Array.from({ length: 5 }, (_, i) => ({ path: path.join(dir, `n${i}.tf`), text: notebook(`n${i}`, '"alias/x"') }));
      let main: SourceText = { path: path.join(dir, 'main.tf'), text: notebook('main', 'var.key') };
      parses = 0;
      adapter.analyze(main, [main, ...neighbours]);
      assert.strictEqual(parses, 6);
      for (let edit = 0; edit < 3; edit++) {
        main = { ...main, text: `${main.text}# edit ${edit}\n` };
        parses = 0;
        const facts = adapter.analyze(main, [main, ...neighbours]);
        assert.strictEqual(parses, 1, 'only the edited file is parsed again');
        assert.strictEqual(facts.resources[0].label, 'aws_sagemaker_notebook_instance.main');
      }
      adapter.forget(main.path);
      parses = 0;
      adapter.analyze(main, [main, ...neighbours]);
      assert.strictEqual(parses, 1);
    });
  });
});
