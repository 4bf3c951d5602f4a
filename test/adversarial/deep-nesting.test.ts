import type { Engine } from '../../shared-rules/src/engine';
import { cleanWorkspaces, runCli, workspace } from '../cli/harness';
import { analyseSurviving, assertMemoryBounded, assertScanCompleted, cliBuilt, sharedEngine } from './support';

const DEPTH = 100_000;
const nest = (open: string, inner: string, close: string): string => open.repeat(DEPTH) + inner + close.repeat(DEPTH);

/** 100,000-deep inputs in every dialect, at the places the evaluators walk into. */
const CASES: Record<string, string> = {
  'hcl-tuple.tf': `resource "aws_sagemaker_notebook_instance" "n" {\n  instance_type = "ml.t3.medium"\n  kms_key_id = ${nest('[', '"k"', ']')}\n}\n`,
  'hcl-parens.tf': `locals {\n  key = ${nest('(', '"alias/aws/sagemaker"', ')')}\n}\nresource "aws_sagemaker_notebook_instance" "n" {\n  kms_key_id = local.key\n}\n`,
  'hcl-conditional.tf': `resource "aws_sagemaker_notebook_instance" "n" {\n  kms_key_id = ${'true ? '.repeat(DEPTH)}"k"${' : "j"'.repeat(DEPTH)}\n}\n`,
  'hcl-policy.tf': `resource "aws_kms_key" "k" {\n  policy = jsonencode(${nest('{ a = ', '1', ' }')})\n}\nresource "aws_sagemaker_notebook_instance" "n" {\n  kms_key_id = aws_kms_key.k.arn\n}\n`,
  'hcl-unclosed.tf': `resource "aws_sagemaker_notebook_instance" "n" {\n${'a {\n'.repeat(DEPTH)}`,
  'yaml-flow-seq.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  N:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      KmsKeyId: ${nest('[', 'k', ']')}\n`,
  'yaml-flow-map.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  N:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties: ${nest('{a: ', 'k', '}')}\n`,
  'yaml-intrinsics.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  N:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      KmsKeyId: ${nest('{"Fn::If": [c, ', '"k"', ', "j"]}')}\n`,
  'json-array.json': `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"N": {"Type": "AWS::SageMaker::NotebookInstance", "Properties": {"KmsKeyId": ${nest('[', '"k"', ']')}}}}}\n`,
  'json-object.template.json': `{"Resources": {"N": {"Type": "AWS::SageMaker::NotebookInstance", "Properties": ${nest('{"a": ', '1', '}')}}}}\n`,
  'python-parens.py': `import sagemaker\nKEY = ${nest('(', '"alias/aws/sagemaker"', ')')}\nest = sagemaker.estimator.Estimator(instance_type="ml.m5.xlarge", volume_kms_key=KEY)\n`,
  'python-call.py': `from sagemaker.estimator import Estimator\nest = Estimator(instance_type="ml.m5.xlarge", output_kms_key=${nest('f(', 'x', ')')})\n`,
  'python-dict.py': `import boto3\nsm = boto3.client("sagemaker")\nparams = ${nest('{"a": ', '1', '}')}\nsm.create_training_job(**params)\n`,
  'python-list.py': `import boto3\nsm = boto3.client("sagemaker")\nsm.create_notebook_instance(NotebookInstanceName="n", InstanceType="ml.t3.medium", KmsKeyId=${nest('[', '"k"', ']')})\n`,
  'notebook.ipynb': JSON.stringify({
    cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: [`from sagemaker.estimator import Estimator\n`, `KEY = ${nest('(', '"k"', ')')}\n`, 'Estimator(instance_type="ml.m5.xlarge", volume_kms_key=KEY)\n'] }],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  }),
};

describe('adversarial: 100,000-deep nesting', function () {
  this.timeout(120_000);
  let engine: Engine;
  before(async () => (engine = await sharedEngine()));
  after(cleanWorkspaces);

  for (const [name, text] of Object.entries(CASES)) {
    it(name, () => {
      analyseSurviving(engine, `/adversarial/deep/${name}`, text);
      assertMemoryBounded();
    });
  }

  it('completes a CLI scan of deep files in every dialect', function () {
    if (!cliBuilt()) this.skip();
    const picked = ['hcl-tuple.tf', 'yaml-flow-seq.yaml', 'json-array.json', 'python-parens.py', 'notebook.ipynb'];
    // One folder each: a Terraform file's neighbours are parsed with it.
    const dir = workspace(Object.fromEntries(picked.map((name) => [`${name.replace(/\W/g, '-')}/${name}`, CASES[name]])));
    assertScanCompleted(runCli(['scan', '.', '--format', 'json'], dir));
  });
});
