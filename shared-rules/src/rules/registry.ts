import type { Rule } from './rule';
import { volumeKmsKeyMissing } from './sml001-volume-kms-key-missing';
import { outputKmsKeyMissing } from './sml002-output-kms-key-missing';
import { awsManagedKmsKey } from './sml003-aws-managed-kms-key';
import { kmsKeyOnLocalStorageInstance } from './sml004-kms-key-on-local-storage-instance';
import { kmsKeyRegionMismatch } from './sml005-kms-key-region-mismatch';
import { kmsKeyInvalid } from './sml006-kms-key-invalid';
import { networkIsolationDisabled } from './sml010-network-isolation-disabled';
import { interContainerEncryptionDisabled } from './sml011-inter-container-encryption-disabled';
import { directInternetAccess } from './sml012-direct-internet-access';
import { vpcConfigMissing } from './sml013-vpc-config-missing';
import { notebookRootAccess } from './sml014-notebook-root-access';
import { notebookImdsV1 } from './sml015-notebook-imds-v1';
import { kmsKeyPolicyLacksSageMakerAccess } from './sml020-kms-key-policy-lacks-sagemaker-access';
import { unknownInstanceType } from './sml030-unknown-instance-type';

/** Every rule, in id order. Ids are public (users write them in suppressions): never renumber. */
export const RULES: readonly Rule[] = [
  volumeKmsKeyMissing,
  outputKmsKeyMissing,
  awsManagedKmsKey,
  kmsKeyOnLocalStorageInstance,
  kmsKeyRegionMismatch,
  kmsKeyInvalid,
  networkIsolationDisabled,
  interContainerEncryptionDisabled,
  directInternetAccess,
  vpcConfigMissing,
  notebookRootAccess,
  notebookImdsV1,
  kmsKeyPolicyLacksSageMakerAccess,
  unknownInstanceType,
];

export const DOCS_BASE = 'https://github.com/sagemaker-lint/sagemaker-lint/blob/main/docs/rules.md';

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

/** The docs anchor of a rule: `…/rules.md#sml001-volume-kms-key-missing`. */
export function docsUrl(rule: Rule): string {
  return `${DOCS_BASE}#${rule.id.toLowerCase()}-${rule.name}`;
}

/** Our rules that a Checkov check id maps to, for `checkov:skip` interop. */
export function rulesForCheckovId(checkovId: string): string[] {
  return RULES.filter((r) => r.peers.checkov?.includes(checkovId)).map((r) => r.id);
}
