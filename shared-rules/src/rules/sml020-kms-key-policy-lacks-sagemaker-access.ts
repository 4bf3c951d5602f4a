import type { KmsKeyDefinition, PolicyFact, PolicyStatement } from '../model';
import type { Report, Rule } from './rule';
import { NO_REPORTS } from './rule';
import { rangeOf } from './support';

const REQUIRED = ['kms:CreateGrant', 'kms:Decrypt', 'kms:GenerateDataKey'];

function actionCovers(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  return re.test(action);
}

/** True when some principal (SageMaker's service or any other) is allowed all of SageMaker's required actions. */
export function policyGrantsSageMaker(statements: PolicyStatement[]): boolean {
  const byPrincipal = new Map<string, string[]>();
  for (const s of statements.filter((st) => st.effect === 'Allow')) {
    for (const p of s.principals) byPrincipal.set(p, [...(byPrincipal.get(p) ?? []), ...s.actions]);
  }
  return [...byPrincipal.values()].some((actions) => REQUIRED.every((req) => actions.some((a) => actionCovers(a, req))));
}

/** A key's policy is read once per module, and every resource using the key is checked against it. */
const VERDICTS = new WeakMap<PolicyFact, boolean>();

function grantsSageMaker(policy: PolicyFact): boolean {
  let verdict = VERDICTS.get(policy);
  if (verdict === undefined) {
    verdict = policyGrantsSageMaker(policy.statements);
    VERDICTS.set(policy, verdict);
  }
  return verdict;
}

export const kmsKeyPolicyLacksSageMakerAccess: Rule = {
  id: 'SML020',
  name: 'kms-key-policy-lacks-sagemaker-access',
  title: 'Customer-managed key policy does not let SageMaker use the key',
  defaultSeverity: 'warning',
  dialects: ['terraform', 'cloudformation'],
  help:
    'SageMaker needs `kms:CreateGrant`, `kms:Decrypt` and `kms:GenerateDataKey*` on the key (through the SageMaker ' +
    'service principal, or a principal such as the account root that delegates to IAM). A literal key policy that ' +
    'grants none of them makes jobs fail when they start. Only policies we can read completely are checked.',
  peers: {},
  check(resource) {
    let seen: Set<KmsKeyDefinition> | undefined;
    let reports: Report[] | undefined;
    const fields = resource.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      if (field.value.state !== 'key') continue;
      const key = field.value.key;
      if (seen?.has(key) || !key.policy || !key.policy.readable) continue;
      (seen ??= new Set()).add(key);
      if (grantsSageMaker(key.policy)) continue;
      (reports ??= []).push({
        range: rangeOf(field),
        fieldPath: field.path,
        message: `The key policy of ${key.label} grants no principal kms:CreateGrant, kms:Decrypt and kms:GenerateDataKey*, so SageMaker cannot use the key for \`${field.name}\`.`,
        related: [{ file: key.policy.file, range: key.policy.range, message: `key policy of ${key.label}` }],
      });
    }
    return reports ?? NO_REPORTS;
  },
};
