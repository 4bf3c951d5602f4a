import * as path from 'path';
import type { RuleFailure, RuleSettings } from './analyze';
import { findingsFor } from './analyze';
import { FindingsCache } from './findings-cache';
import type { AnalysisContext, DialectAdapter, SourceText } from './dialect';
import type { Dialect, FileFacts, Finding } from './model';
import { claimsTemplate, CloudFormationAdapter } from './cloudformation/adapter';
import { PythonAnalyzer } from './python/adapter';
import { registerNotebookAnalyzer } from './python/notebook';
import { TerraformAdapter } from './terraform/adapter';
import { isTfvarsFile } from './terraform/module';
import { createParser } from './tree-sitter';

export interface FileAnalysis {
  file: string;
  dialect: Dialect | undefined;
  findings: Finding[];
  notices: string[];
}

/**
 * Files longer than this are skipped with a notice, whatever the configured limit: tree-sitter's
 * WASM heap aborts on inputs of a few tens of megabytes, and after an abort no parser works again.
 */
export const MAX_ANALYSED_CHARS = 10 * 1024 * 1024;

/** The analysis engine: every dialect adapter behind one call. Create once; analysis is synchronous. */
export class Engine {
  /** Findings of resources unchanged since the previous analysis of a file being edited. */
  private readonly findingsCache = new FindingsCache();

  private constructor(readonly adapters: DialectAdapter[]) {}

  static async create(): Promise<Engine> {
    const terraform = new TerraformAdapter(await createParser('terraform'));
    const cloudformation = new CloudFormationAdapter();
    const python = new PythonAnalyzer(await createParser('python'));
    registerNotebookAnalyzer(python);
    const adapters: DialectAdapter[] = [
      {
        dialect: 'terraform',
        claims: (p) => p.endsWith('.tf') || isTfvarsFile(p),
        isContext: (p) => !p.endsWith('.tf'),
        affectsNeighbours: () => true,
        analyze: (file, context) => terraform.analyze(file, context.folderFiles(path.dirname(file.path))),
        forget: (p) => terraform.forget(p),
      },
      {
        dialect: 'cloudformation',
        claims: claimsTemplate,
        analyze: (file, context) => cloudformation.analyze(file, context),
        forget: (p) => cloudformation.forget(p),
      },
      {
        dialect: 'python',
        claims: (p) => p.endsWith('.py') || p.endsWith('.ipynb'),
        analyze: (file, context) => python.analyze(file, context),
        forget: (p) => python.forget(p),
      },
    ];
    return new Engine(adapters);
  }

  adapterFor(file: string, text: string): DialectAdapter | undefined {
    return this.adapters.find((a) => a.claims(file, text));
  }

  /** Facts of one file; undefined when no dialect claims it. Never throws for bad input. */
  facts(file: SourceText, context: AnalysisContext): FileFacts | undefined {
    if (file.text.length > MAX_ANALYSED_CHARS) return undefined;
    const adapter = this.adapterFor(file.path, file.text);
    if (!adapter || adapter.isContext?.(file.path)) return undefined;
    return adapter.analyze(file, withinLimit(context));
  }

  analyze(file: SourceText, context: AnalysisContext, settings: RuleSettings = {}, onRuleFailure?: (f: RuleFailure) => void): FileAnalysis {
    if (file.text.length > MAX_ANALYSED_CHARS) return { file: file.path, dialect: undefined, findings: [], notices: [tooLarge(file.path)] };
    const adapter = this.adapterFor(file.path, file.text);
    if (!adapter || adapter.isContext?.(file.path)) return { file: file.path, dialect: adapter?.dialect, findings: [], notices: [] };
    let facts: FileFacts;
    try {
      facts = adapter.analyze(file, withinLimit(context));
    } catch (error) {
      return { file: file.path, dialect: adapter.dialect, findings: [], notices: [`${file.path}: could not be analysed (${describe(error)})`] };
    }
    try {
      return { file: file.path, dialect: adapter.dialect, findings: findingsFor(facts, settings, onRuleFailure, this.findingsCache), notices: facts.notices };
    } catch (error) {
      // Facts read on demand (a resource block first read by a rule) can fail like the adapter's own reading.
      return { file: file.path, dialect: adapter.dialect, findings: [], notices: [`${file.path}: could not be analysed (${describe(error)})`] };
    }
  }

  forget(file: string): void {
    this.findingsCache.forget(file);
    for (const a of this.adapters) a.forget?.(file);
  }
}

/** Neighbours over the limit are left out of a folder's context, as they are never analysed themselves. */
function withinLimit(context: AnalysisContext): AnalysisContext {
  return { ...context, folderFiles: (dir) => context.folderFiles(dir).filter((f) => f.text.length <= MAX_ANALYSED_CHARS) };
}

function tooLarge(file: string): string {
  return `${file}: skipped: larger than ${MAX_ANALYSED_CHARS / (1024 * 1024)} MB`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
