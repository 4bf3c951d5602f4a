import type { FlagCheck } from './flag';
import { checkFlag } from './flag';
import type { Rule } from './rule';

const IMDS_VERSION: FlagCheck = {
  role: 'imds-version',
  good: (field) => (field.value.state === 'known' ? String(field.value.value) === '2' : undefined),
  fixValue: '2',
  message: (field, _r, absent) =>
    `${absent ? `\`${field.name}\` is not set and defaults to 1` : `\`${field.name}\` is not 2`}, so the notebook still answers IMDSv1 requests. Set it to 2.`,
  fixTitle: (field) => `Set ${field.name} to 2`,
};

export const notebookImdsV1: Rule = {
  id: 'SML015',
  name: 'notebook-imds-v1',
  title: 'Notebook allows IMDSv1',
  defaultSeverity: 'warning',
  dialects: ['terraform', 'cloudformation', 'python'],
  help:
    'IMDSv1 answers unauthenticated requests, so a server-side request forgery in notebook code can read the ' +
    'instance role\'s credentials. Require IMDSv2 (minimum version 2).',
  peers: { checkov: ['CKV_AWS_371'] },
  check(resource) {
    return checkFlag(resource, IMDS_VERSION);
  },
};
