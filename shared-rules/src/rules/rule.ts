import type { Fix, RelatedLocation, Range, ResourceFacts, Severity } from '../model';

export interface PeerIds {
  checkov?: string[];
  kics?: string[];
  prowler?: string[];
  awsConfig?: string[];
  securityHub?: string[];
}

/** What a rule reports; the engine adds the id, severity overrides, suppression and the suppress fix. */
export interface Report {
  range: Range;
  message: string;
  /** Overrides the rule's default for this report (SML004 and SML011 vary by resource). */
  severity?: Severity;
  related?: RelatedLocation[];
  /**
   * Fixes, or a function computing them when someone reads the finding's fixes (a code action,
   * SARIF). The function may run long after the analysis, when the file's syntax tree is deleted:
   * it and the editor may use only plain data (offsets, text, booleans), never a tree-sitter Node.
   */
  fixes?: Fix[] | (() => Fix[]);
  fieldPath?: string;
}

/** What a rule returns when it reports nothing: one shared array, never written. */
export const NO_REPORTS: Report[] = Object.freeze([]) as unknown as Report[];

export interface Rule {
  id: string;
  name: string;
  title: string;
  defaultSeverity: Severity;
  /** Markdown help: why it matters and how to fix; shown in docs, SARIF and hovers. */
  help: string;
  /** Which dialects can express what the rule checks. */
  dialects: ('terraform' | 'cloudformation' | 'python')[];
  peers: PeerIds;
  check(resource: ResourceFacts): Report[];
}
