/**
 * The engine's vocabulary: positions, three-valued values, dialect-neutral resource facts,
 * findings and the fixes attached to them. Nothing here knows about a dialect or an editor.
 */

/** Zero-based line and UTF-16 character offset, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export type Dialect = 'terraform' | 'cloudformation' | 'python';

export type Severity = 'error' | 'warning' | 'information';

/** Where a value came from, for messages and `relatedInformation` (a variable default, a data source…). */
export interface Origin {
  file: string;
  range: Range;
  description: string;
}

export type Scalar = string | number | boolean;

/** A customer-managed key defined in the analysed code (Terraform resource, CFN resource, Python constant). */
export interface KmsKeyDefinition {
  /** How users name it: `aws_kms_key.sagemaker`, `SageMakerKey`, `SAGEMAKER_KMS_KEY`. */
  label: string;
  /** The expression a fix inserts to reference it, per field kind. */
  reference: { arn: string; any: string };
  file: string;
  range: Range;
  /** The key policy, when it is written literally (for SML020); `undefined` when unreadable. */
  policy?: PolicyFact;
  region?: string;
}

export interface PolicyFact {
  /** `readable` is false when any part of the policy could not be evaluated. */
  readable: boolean;
  statements: PolicyStatement[];
  range: Range;
  file: string;
}

export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  /** Service principals named (e.g. `sagemaker.amazonaws.com`); `*` for any principal. */
  principals: string[];
}

/**
 * Three-valued values. `unknown` is never `missing`: a reference we cannot see through
 * (a module input, SSM, ImportValue, a function argument) produces no finding.
 */
export type Value =
  | { state: 'known'; value: Scalar; range: Range; trail: Origin[] }
  | { state: 'key'; key: KmsKeyDefinition; range: Range; trail: Origin[] }
  | { state: 'missing'; range?: Range; trail: Origin[]; reason?: string }
  | {
      state: 'unknown';
      range?: Range;
      trail: Origin[];
      reason: string;
      /** Constant text of a partly known string, unknown parts as `\u0000` (`arn:…:alias/aws/s3`). */
      partial?: string;
    };

export const unknown = (reason: string, range?: Range, trail: Origin[] = [], partial?: string): Value => ({
  state: 'unknown',
  reason,
  trail,
  ...(range ? { range } : {}),
  ...(partial !== undefined ? { partial } : {}),
});

export type ResourceKind =
  | 'notebook-instance'
  | 'training-job'
  | 'processing-job'
  | 'transform-job'
  | 'tuning-job'
  | 'endpoint-config'
  | 'model'
  | 'monitoring-job'
  | 'monitoring-schedule'
  | 'domain'
  | 'user-profile'
  | 'space'
  | 'feature-group'
  | 'labeling-job'
  | 'flow-definition'
  | 'automl-job'
  | 'compilation-job'
  | 'inference-experiment'
  | 'cluster';

/** Which SageMaker instance-type list applies (see data/instance-types.json). */
export type InstanceFamilyList = 'notebook' | 'training' | 'processing' | 'transform' | 'endpoint';

export type FieldRole =
  | 'volume-kms'
  | 'output-kms'
  | 'network-isolation'
  | 'inter-container-encryption'
  | 'direct-internet-access'
  | 'app-network-access'
  | 'vpc'
  | 'root-access'
  | 'imds-version'
  | 'instance-type'
  | 'instance-count'
  | 'instance-groups';

/** One field of a resource as the rules see it, whatever dialect wrote it. */
export interface FieldFact {
  role: FieldRole;
  /** The field as the user writes it: `kms_key_id`, `VolumeKmsKeyId`, `volume_kms_key`. */
  name: string;
  /** Display path from the resource body: `resource_config.volume_kms_key_id`. */
  path: string;
  value: Value;
  /** Where a finding about an absent field is reported (the resource header or the enclosing block). */
  anchor: Range;
  /** The field accepts only an ARN (Terraform `kms_key_arn` and ARN-validated arguments). */
  arnOnly?: boolean;
  /** Changing this field recreates the resource. */
  forcesReplacement?: boolean;
  /** Instance-type group this field belongs to (`production_variants[0]`); fields without one span the resource. */
  group?: string;
  /** Dialect handle the editor uses to write fixes for this field. */
  handle: unknown;
}

export interface ResourceFacts {
  dialect: Dialect;
  file: string;
  kind: ResourceKind;
  instanceList?: InstanceFamilyList;
  /** `aws_sagemaker_notebook_instance`, `AWS::SageMaker::NotebookInstance`, `sagemaker.estimator.Estimator`. */
  type: string;
  /** `aws_sagemaker_notebook_instance.main`, `Notebook`, `estimator` */
  label: string;
  header: Range;
  fields: FieldFact[];
  /** Region the resource is created in (SML005). */
  region: Value;
  /** Customer-managed keys visible from this resource (same folder / template / module). */
  customerKeys: KmsKeyDefinition[];
  /** Dialect handle for resource-level fixes (suppression comment, new key resource). */
  handle: unknown;
  editor: DialectEditor;
  /**
   * Set when the adapter can tell an unchanged resource between two analyses of the same file:
   * equal keys mean equal findings (same rules settings), so they may be reused.
   */
  cacheKey?: string;
}

/** A fix as the editor applies it: edits per file, computed by the engine. */
export interface Fix {
  title: string;
  isPreferred?: boolean;
  edits: { file: string; edits: TextEdit[] }[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related: RelatedLocation[];
  fixes: Fix[];
  /** Set when a suppression comment or config matched; suppressed findings are kept for SARIF. */
  suppressed?: { kind: 'comment' | 'checkov' | 'metadata'; reason: string };
  /** Resource label and field path, for stable fingerprints. */
  resource: string;
  fieldPath?: string;
}

/** What a fix writes into a field. */
export type FixValue =
  | { kind: 'literal'; value: Scalar }
  | { kind: 'key'; key: KmsKeyDefinition }
  | { kind: 'placeholder-key' };

/**
 * The per-dialect writer behind fixes. Rules describe intent (set this field, remove that one);
 * the editor turns it into minimal text edits that keep the file's own style.
 */
export interface DialectEditor {
  setField(resource: ResourceFacts, field: FieldFact, value: FixValue): TextEdit[] | undefined;
  removeField(resource: ResourceFacts, field: FieldFact): TextEdit[] | undefined;
  suppress(resource: ResourceFacts, ruleId: string, at: Range): TextEdit[];
  /** Edits that define a new customer-managed key for SageMaker, and the definition to reference. */
  createKey(resource: ResourceFacts): { edits: TextEdit[]; key: KmsKeyDefinition } | undefined;
}

/** A comment or metadata entry that silences rules at a place. */
export interface Suppression {
  ruleIds: string[];
  reason: string;
  kind: 'comment' | 'checkov' | 'metadata';
  /** Lines (0-based, inclusive) the suppression covers. */
  fromLine: number;
  toLine: number;
  range: Range;
}

/** What a dialect adapter yields for one file. */
export interface FileFacts {
  file: string;
  dialect: Dialect;
  resources: ResourceFacts[];
  suppressions: Suppression[];
  /** Parse problems worth telling the user about (not findings). */
  notices: string[];
}
