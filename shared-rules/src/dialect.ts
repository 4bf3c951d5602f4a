import type { Dialect, FileFacts } from './model';

export interface SourceText {
  path: string;
  text: string;
}

/** What an adapter may read besides the file itself (other files of its folder). */
export interface AnalysisContext {
  folderFiles(dir: string): SourceText[];
  /**
   * The merged SageMaker Python SDK `config.yaml` documents named by `.sagemaker-lint.yaml`
   * (`sagemakerConfig`), whose values count as set for the SDK calls they apply to.
   */
  sdkConfig?: Record<string, unknown>;
  /** CloudFormation parameter values (`--parameter KEY=VALUE`); they win over `Parameters` defaults. */
  parameters?: Record<string, string>;
}

/** One dialect (Terraform, CloudFormation, Python): recognises its files and turns them into facts. */
export interface DialectAdapter {
  dialect: Dialect;
  /** Whether the file is this dialect's, by its name and, where the name is ambiguous, its text. */
  claims(path: string, text: string): boolean;
  /** Whether a file only gives context to others (`.tfvars`): it is read, never reported on. */
  isContext?(path: string): boolean;
  /** File names whose change can alter findings in other files of the same folder. */
  affectsNeighbours?(path: string): boolean;
  analyze(file: SourceText, context: AnalysisContext): FileFacts;
  forget?(path: string): void;
}
