import { createHash } from 'crypto';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Finding, Range, Severity } from '../model';
import { DOCS_BASE, docsUrl, RULES } from '../rules/registry';
import type { Rule } from '../rules/rule';
import { indent } from './format-json';
import type { Reporter } from './reporter';

export const TOOL_NAME = 'sagemaker-lint';
export const INFORMATION_URI = DOCS_BASE.replace(/\/blob\/.*$/, '');
/** The `partialFingerprints` key; bump the version if the fingerprint recipe changes. */
export const FINGERPRINT_KEY = 'sagemakerLintFinding/v1';
const SRCROOT = '%SRCROOT%';

type Json = Record<string, unknown>;

const LEVELS: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note' };

/**
 * SARIF 2.1.0: one run, the registry as `tool.driver.rules`, 1-based regions relative to
 * `%SRCROOT%` (the working directory), suppressed findings with `suppressions`, fixes as
 * `artifactChanges`, and fingerprints that ignore line numbers. Results are written folder by
 * folder; the notifications, known only at the end, follow them.
 */
export function sarifReporter(cwd: string, version: string): Reporter {
  const RESULTS = '\u0000results';
  const INVOCATIONS = '\u0000invocations';
  const skeleton = JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: TOOL_NAME, version, semanticVersion: version, informationUri: INFORMATION_URI, rules: RULES.map(ruleDescriptor) } },
          originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
          columnKind: 'utf16CodeUnits',
          results: RESULTS,
          invocations: INVOCATIONS,
        },
      ],
    },
    null,
    2,
  );
  const resultsAt = skeleton.indexOf(JSON.stringify(RESULTS));
  const resultsIndent = lineIndent(skeleton, resultsAt);
  const tail = skeleton.slice(resultsAt + JSON.stringify(RESULTS).length);
  let count = 0;
  const location = (file: string, range: Range): Json => ({ physicalLocation: { artifactLocation: artifact(file, cwd), region: region(range) } });
  return {
    begin: () => `${skeleton.slice(0, resultsAt)}[`,
    folder(findings) {
      const fingerprints = fingerprintsFor(findings, cwd);
      let out = '';
      findings.forEach((f, i) => {
        const ruleIndex = RULES.findIndex((r) => r.id === f.ruleId);
        const result: Json = {
          ruleId: f.ruleId,
          ...(ruleIndex >= 0 ? { ruleIndex } : {}),
          level: LEVELS[f.severity],
          message: { text: f.message },
          locations: [location(f.file, f.range)],
          partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[i] },
          properties: { resource: f.resource, ...(f.fieldPath ? { fieldPath: f.fieldPath } : {}) },
        };
        if (f.related.length > 0) {
          result.relatedLocations = f.related.map((r, id) => ({ id, ...location(r.file, r.range), message: { text: r.message } }));
        }
        if (f.fixes.length > 0) {
          result.fixes = f.fixes.map((fix) => ({
            description: { text: fix.title },
            artifactChanges: fix.edits.map((e) => ({
              artifactLocation: artifact(e.file, cwd),
              replacements: e.edits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
            })),
          }));
        }
        if (f.suppressed) result.suppressions = [{ kind: 'inSource', status: 'accepted', justification: f.suppressed.reason }];
        out += `${count++ === 0 ? '\n' : ',\n'}${indent(JSON.stringify(result, null, 2), `${resultsIndent}  `)}`;
      });
      return out;
    },
    end({ notices }) {
      const invocations = [{ executionSuccessful: true, toolExecutionNotifications: notices.map((n) => ({ level: 'note', message: { text: n } })) }];
      const at = tail.indexOf(JSON.stringify(INVOCATIONS));
      const value = JSON.stringify(invocations, null, 2).replace(/\n/g, `\n${lineIndent(tail, at)}`);
      return `${count === 0 ? ']' : `\n${resultsIndent}]`}${tail.slice(0, at)}${value}${tail.slice(at + JSON.stringify(INVOCATIONS).length)}\n`;
    },
  };
}

/** The indentation of the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset) + 1;
  return /^ */.exec(text.slice(start))?.[0] ?? '';
}

function ruleDescriptor(rule: Rule): Json {
  const peers = [...(rule.peers.checkov ?? []), ...(rule.peers.kics ?? []), ...(rule.peers.prowler ?? []), ...(rule.peers.awsConfig ?? []), ...(rule.peers.securityHub ?? [])];
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: plainText(rule.help) },
    help: { text: plainText(rule.help), markdown: rule.help },
    helpUri: docsUrl(rule),
    defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
    properties: { tags: ['security', ...rule.dialects, ...peers], peers: rule.peers },
  };
}

/** Markdown help as plain text: code spans and emphasis unwrapped, links as `text (url)`. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|\W)\*([^*\s][^*]*)\*(?=\W|$)/g, '$1$2');
}

function region(range: Range): Json {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function artifact(file: string, cwd: string): Json {
  const rel = path.relative(cwd, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(file).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * Hash of rule id, file, resource label and field path, with an occurrence number for the rare
 * finding that repeats on the same resource and field. No line numbers: inserting unrelated
 * lines above keeps every fingerprint.
 */
function fingerprintsFor(findings: Finding[], cwd: string): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const file = path.relative(cwd, f.file).split(path.sep).join('/');
    const hash = createHash('sha256').update([f.ruleId, file, f.resource, f.fieldPath ?? ''].join('\u0000')).digest('hex').slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}
