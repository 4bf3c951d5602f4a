/** Classification of KMS key references (reference §4: only `alias/aws/…` is certainly AWS-managed). */

export type KeyClass = 'aws-managed' | 'customer-managed' | 'undecidable' | 'invalid';

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MRK_ID = /^mrk-[0-9a-f]{32}$/i;
const ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;
const ALIAS = /^alias\/[a-zA-Z0-9/_-]+$/;

export interface KeyShape {
  form: 'key-id' | 'key-arn' | 'alias-name' | 'alias-arn';
  region?: string;
  account?: string;
}

/** Parses a literal key reference; undefined when it is none of the four forms KMS accepts. */
export function parseKeyReference(text: string): KeyShape | undefined {
  if (KEY_ID.test(text) || MRK_ID.test(text)) return { form: 'key-id' };
  if (ALIAS.test(text)) return { form: 'alias-name' };
  const arn = ARN.exec(text);
  if (!arn) return undefined;
  const [, , region, account, type, rest] = arn;
  if (type === 'key' && !(KEY_ID.test(rest) || MRK_ID.test(rest))) return undefined;
  if (type === 'alias' && !/^[a-zA-Z0-9/_-]+$/.test(rest)) return undefined;
  return { form: type === 'key' ? 'key-arn' : 'alias-arn', region, account };
}

/** `alias/aws/` is reserved for AWS-managed keys, so it decides, wherever it appears in the text. */
export function mentionsAwsManagedAlias(text: string): boolean {
  return /(^|:)alias\/aws\//.test(text);
}

export function classifyKeyText(text: string): KeyClass {
  if (mentionsAwsManagedAlias(text)) return 'aws-managed';
  const shape = parseKeyReference(text);
  if (!shape) return 'invalid';
  // A customer cannot create an `alias/aws/…` alias; any other alias is theirs.
  if (shape.form === 'alias-name' || shape.form === 'alias-arn') return 'customer-managed';
  // A bare key id or key ARN may belong to an AWS-managed key: only DescribeKey can tell.
  return 'undecidable';
}
