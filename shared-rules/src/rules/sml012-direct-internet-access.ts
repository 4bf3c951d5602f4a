import type { FlagCheck } from './flag';
import { checkFlag, equalsText } from './flag';
import type { Rule } from './rule';

const DIRECT_INTERNET_ACCESS: FlagCheck = {
  role: 'direct-internet-access',
  good: equalsText('Disabled'),
  fixValue: 'Disabled',
  message: (field, _r, absent) =>
    `${absent ? `\`${field.name}\` is not set and defaults to Enabled` : `\`${field.name}\` is Enabled`}, so the notebook reaches the internet outside your VPC. Set it to Disabled.`,
  fixTitle: (field) => `Set ${field.name} to Disabled`,
};

const APP_NETWORK_ACCESS: FlagCheck = {
  role: 'app-network-access',
  good: equalsText('VpcOnly'),
  fixValue: 'VpcOnly',
  message: (field, _r, absent) =>
    `${absent ? `\`${field.name}\` is not set and defaults to PublicInternetOnly` : `\`${field.name}\` is PublicInternetOnly`}, so Studio apps reach the internet outside your VPC. Set it to VpcOnly.`,
  fixTitle: (field) => `Set ${field.name} to VpcOnly`,
};

export const directInternetAccess: Rule = {
  id: 'SML012',
  name: 'direct-internet-access',
  title: 'Notebook or Studio domain has direct internet access',
  defaultSeverity: 'warning',
  dialects: ['terraform', 'cloudformation', 'python'],
  help:
    'Notebook instances default to direct internet access and Studio domains to `PublicInternetOnly`: traffic leaves ' +
    'through SageMaker\'s network, bypassing your VPC\'s controls and logs. Disable direct access (notebooks then need ' +
    'a subnet) or set the domain to `VpcOnly`.',
  peers: {
    checkov: ['CKV_AWS_122'],
    kics: ['88d55d94-315d-4564-beee-d2d725feab11'],
    prowler: ['sagemaker_notebook_instance_without_direct_internet_access_configured'],
    awsConfig: ['SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS', 'SAGEMAKER_DOMAIN_IN_VPC'],
    securityHub: ['SageMaker.1'],
  },
  check(resource) {
    const direct = checkFlag(resource, DIRECT_INTERNET_ACCESS);
    const app = checkFlag(resource, APP_NETWORK_ACCESS);
    return app.length === 0 ? direct : direct.length === 0 ? app : [...direct, ...app];
  },
};
