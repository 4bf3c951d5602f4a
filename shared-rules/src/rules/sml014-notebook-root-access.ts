import type { FlagCheck } from './flag';
import { checkFlag, equalsText } from './flag';
import type { Rule } from './rule';

const ROOT_ACCESS: FlagCheck = {
  role: 'root-access',
  good: equalsText('Disabled'),
  fixValue: 'Disabled',
  message: (field, _r, absent) =>
    `${absent ? `\`${field.name}\` is not set and defaults to Enabled` : `\`${field.name}\` is Enabled`}, so notebook users have root on the instance. Set it to Disabled.`,
  fixTitle: (field) => `Set ${field.name} to Disabled`,
};

export const notebookRootAccess: Rule = {
  id: 'SML014',
  name: 'notebook-root-access',
  title: 'Notebook users have root access',
  defaultSeverity: 'warning',
  dialects: ['terraform', 'cloudformation', 'python'],
  help:
    'Root access is enabled by default: every notebook user can change the instance\'s software and configuration, ' +
    'including what the lifecycle configuration set up. Disable it unless users must install system packages.',
  peers: {
    checkov: ['CKV_AWS_307'],
    prowler: ['sagemaker_notebook_instance_root_access_disabled'],
    awsConfig: ['SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK'],
    securityHub: ['SageMaker.3'],
  },
  check(resource) {
    return checkFlag(resource, ROOT_ACCESS);
  },
};
