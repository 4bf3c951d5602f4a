import * as assert from 'assert';
import * as path from 'path';
import { analyzeModule, engine, EXAMPLES, readFolder } from './harness';

/** What `examples/terraform` demonstrates: each non-compliant pattern once, beside compliant resources. */
const EXPECTED = [
  'endpoint.tf:21 SML004 aws_sagemaker_endpoint_configuration.churn',
  'endpoint.tf:34 SML003 aws_sagemaker_endpoint_configuration.churn',
  'monitoring.tf:31 SML005 aws_sagemaker_data_quality_job_definition.churn',
  'notebook.tf:20 SML001 aws_sagemaker_notebook_instance.scratch',
  'notebook.tf:20 SML012 aws_sagemaker_notebook_instance.scratch',
  'notebook.tf:20 SML013 aws_sagemaker_notebook_instance.scratch (suppressed)',
  'notebook.tf:20 SML014 aws_sagemaker_notebook_instance.scratch',
  'notebook.tf:20 SML015 aws_sagemaker_notebook_instance.scratch',
  'training.tf:64 SML010 aws_sagemaker_hyper_parameter_tuning_job.recommender',
  'training.tf:64 SML011 aws_sagemaker_hyper_parameter_tuning_job.recommender',
  'training.tf:64 SML013 aws_sagemaker_hyper_parameter_tuning_job.recommender',
  'training.tf:72 SML002 aws_sagemaker_hyper_parameter_tuning_job.recommender',
  'training.tf:80 SML004 aws_sagemaker_hyper_parameter_tuning_job.recommender',
];

describe('examples/terraform', () => {
  it('reports exactly the problems the example project demonstrates', async () => {
    const findings = analyzeModule(await engine(), readFolder(EXAMPLES));
    const actual = findings.map((f) => `${path.basename(f.file)}:${f.range.start.line + 1} ${f.ruleId} ${f.resource}${f.suppressed ? ' (suppressed)' : ''}`).sort();
    assert.deepStrictEqual(actual, [...EXPECTED].sort());
    assert.ok(findings.filter((f) => f.suppressed).every((f) => f.suppressed!.reason.length > 0), 'suppressions carry a reason');
  });
});
