import type { Report, Rule } from './rule';
import { NO_REPORTS } from './rule';
import { fieldsWithRole, kindLabel, rangeOf } from './support';

export const vpcConfigMissing: Rule = {
  id: 'SML013',
  name: 'vpc-config-missing',
  title: 'No VPC configuration',
  defaultSeverity: 'warning',
  dialects: ['terraform', 'cloudformation', 'python'],
  help:
    'Without a subnet or VPC configuration the resource runs in SageMaker\'s own network, outside your security groups, ' +
    'VPC endpoints and flow logs. Attach it to private subnets of your VPC. Reported as a warning for notebooks and ' +
    'domains and as information for jobs and models.',
  peers: {
    checkov: ['CKV_AWS_306'],
    kics: ['9c7028d9-04c2-45be-b8b2-1188ccaefb36'],
    prowler: ['sagemaker_notebook_instance_vpc_settings_configured', 'sagemaker_models_vpc_settings_configured', 'sagemaker_training_jobs_vpc_settings_configured'],
    awsConfig: ['SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC', 'SAGEMAKER_MODEL_IN_VPC'],
    securityHub: ['SageMaker.2'],
  },
  check(resource) {
    const interactive = resource.kind === 'notebook-instance' || resource.kind === 'domain';
    let reports: Report[] | undefined;
    const fields = fieldsWithRole(resource, 'vpc');
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      if (field.value.state !== 'missing') continue;
      (reports ??= []).push({
        range: rangeOf(field),
        fieldPath: field.path,
        severity: interactive ? ('warning' as const) : ('information' as const),
        message: `\`${field.name}\` is not set, so this ${kindLabel(resource.kind)} runs outside your VPC. Attach it to private subnets.`,
      });
    }
    return reports ?? NO_REPORTS;
  },
};
