/**
 * Reusing unchanged resources between analyses must be invisible: after each of a seeded series
 * of edits (typing inside resources and declarations, suppression comments, line breaks that
 * shift later blocks, broken and repaired syntax, edits of a neighbouring file, other rule
 * settings), the engine that reuses reports exactly what an engine without history reports.
 */
import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import type { RuleSettings } from '../../../shared-rules/src/analyze';
import { Engine } from '../../../shared-rules/src/engine';
import type { Finding } from '../../../shared-rules/src/model';
import { TERRAFORM_RESOURCE_TYPES } from '../../../shared-rules/src/terraform/field-table';
import { parseHclLazy } from '../../../shared-rules/src/terraform/reuse';
import type { HclBlock, HclFile } from '../../../shared-rules/src/terraform/syntax';
import { parseHcl } from '../../../shared-rules/src/terraform/syntax';
import { createParser } from '../../../shared-rules/src/tree-sitter';
import { Random } from '../../support/random';
import { terraformFile, terraformVariables } from '../../support/workload';

const STEPS = Number(process.env.FUZZ_BUDGET === 'long' ? 3000 : 300);
const MAIN = '/reuse/main.tf';
const VARIABLES = '/reuse/variables.tf';
const TFVARS = '/reuse/terraform.tfvars';
const TRAINING = '/reuse/training.tf';

const TYPED = ['x', ' ', '\n', '"', '=', '{', '}', '#', 'é', 'kms_key_id = "alias/aws/sagemaker"\n', 'enable_network_isolation = true\n', 'volume_kms_key_id = var.kms_key_arn\n'];
const SUPPRESSIONS = ['# sagemaker-lint:ignore SML001 reviewed\n', '# sagemaker-lint:ignore SML002,SML010 later\n', '  # checkov:skip=CKV_AWS_22: not here\n', '// sagemaker-lint:ignore SML011\n', '\n# sagemaker-lint:ignore SML001\n\n'];
const SETTINGS: RuleSettings[] = [{}, { SML001: 'off' }, { SML002: 'information', SML010: 'error' }];

/** Everything a finding tells the user, fixes' edits included. */
function summary(findings: Finding[]): unknown[] {
  return findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    range: f.range,
    related: f.related,
    suppressed: f.suppressed,
    resource: f.resource,
    fieldPath: f.fieldPath,
    fixes: f.fixes.map((x) => ({ title: x.title, isPreferred: x.isPreferred, edits: x.edits })),
  }));
}

/** Start offsets of top-level blocks whose header matches. */
function blockStarts(text: string, header: RegExp): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = new RegExp(`^${header.source}`, 'gm');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const close = text.indexOf('\n}', m.index);
    out.push({ start: m.index, end: close === -1 ? text.length : close + 2 });
  }
  return out;
}

/** A parsed file as plain data: blocks (lazy ones read), attributes and comments. */
function plainFile(file: HclFile): unknown {
  const block = (b: HclBlock): unknown => ({
    type: b.type,
    labels: b.labels,
    range: b.range,
    header: b.header,
    bodyStart: b.bodyStart,
    bodyEnd: b.bodyEnd,
    singleLine: b.singleLine,
    dynamic: b.dynamic,
    hasError: b.hasError,
    start: b.node.startIndex,
    attributes: [...b.attributes.values()].map((a) => ({ name: a.name, range: a.range, expr: a.expr?.text })),
    blocks: b.blocks.map(block),
  });
  return { blocks: file.blocks.map(block), attributes: [...file.attributes.keys()], comments: file.comments, hasErrors: file.hasErrors };
}

function insertAt(text: string, at: number, piece: string, removed = 0): string {
  return text.slice(0, at) + piece + text.slice(at + removed);
}

describe('terraform: reuse of unchanged resources between analyses', () => {
  it('reads a file lazily into the same blocks and comments as the eager reader', async () => {
    const parser = await createParser('terraform');
    try {
      const r = new Random(5);
      let text = `# sagemaker-lint:ignore SML001 top\n${terraformFile(9, 200).text}// end\n/* a # b // c */\nlocals { u = "s3://x#y" } # trailing\n`;
      for (let step = 0; step < 120; step++) {
        const at = r.int(text.length + 1);
        text = insertAt(text, at, r.chance(0.7) ? r.pick([...TYPED, ...SUPPRESSIONS, '/*', '*/', '\r\n']) : '', r.chance(0.3) ? Math.min(r.between(1, 20), text.length - at) : 0);
        const eager = parseHcl(parser, 'a.tf', text);
        const lazy = parseHclLazy(parser, 'a.tf', text, undefined, (t) => TERRAFORM_RESOURCE_TYPES.has(t));
        try {
          assert.deepStrictEqual(plainFile(lazy), plainFile(eager), `step ${step}`);
        } finally {
          eager.tree.delete();
          lazy.tree.delete();
        }
      }
    } finally {
      parser.delete();
    }
  });

  it('kept findings do not keep earlier versions of the file alive', async () => {
    // A label or message sliced from a file's text points into that text: a kept finding built
    // from it held a whole version of the file for as long as the entry was kept.
    v8.setFlagsFromString('--expose-gc');
    const collect = vm.runInNewContext('gc') as () => void;
    const engine = await Engine.create();
    const file = '/retention/main.tf';
    // Cheap to parse and read: one long string in a resource nothing consults.
    const padding = `resource "null_resource" "pad" {\n  triggers = { pad = "${'x'.repeat(1_000_000)}" }\n}\n`;
    const version = (i: number): string =>
      `resource "aws_sagemaker_notebook_instance" "nb" {\n  name          = "nb"\n  role_arn      = "r"\n  instance_type = "ml.t3.medium"\n  # edit ${i}\n}\n${padding}`;
    const analyze = (i: number): number => {
      const source = { path: file, text: version(i) };
      return engine.analyze(source, { folderFiles: () => [source] }).findings.length;
    };
    assert.ok(analyze(0) > 0);
    assert.ok(analyze(1) > 0);
    collect();
    const before = process.memoryUsage().heapUsed;
    const versions = 20;
    for (let i = 2; i < 2 + versions; i++) analyze(i);
    collect();
    const grown = process.memoryUsage().heapUsed - before;
    // Each version is 1 MB: keeping them would grow the heap by about 20 MB.
    assert.ok(grown < (versions * padding.length) / 4, `heap grew by ${(grown / 1e6).toFixed(1)} MB over ${versions} edits`);
    engine.forget(file);
  });

  it(`equals an analysis without history after each of ${STEPS} edits`, async () => {
    const reusing = await Engine.create();
    let fresh = await Engine.create();
    const r = new Random(Number(process.env.FUZZ_SEED ?? 11));
    let main = terraformFile(5, 260).text;
    let variables = `${terraformVariables()}\nlocals {\n  shared_key = "alias/aws/sagemaker"\n}\n`;
    let tfvars = 'bucket = "ml-data"\n';
    // A neighbour with resources of its own: typing in them leaves main.tf's context unchanged.
    let training = terraformFile(8, 80).text.replace(/^[\s\S]*?\n(?=resource "aws_sagemaker)/, '');
    // The last text without syntax errors: half-typed states are repaired as an editor's user would.
    let lastValid = main;
    let hasErrors = false;
    let settings: RuleSettings = {};
    const kinds = new Map<string, number>();
    let withFindings = 0;
    let late: { got: Finding[]; expected: unknown[] } | undefined;
    for (let step = 0; step < STEPS; step++) {
      const kind: string = hasErrors && r.chance(0.4) ? 'repair' : r.weighted<string>([
        ['resource', 30],
        ['declaration', 10],
        ['suppress', 8],
        ['unsuppress', 6],
        ['newline', 8],
        ['break', 6],
        ['repair', 6],
        ['neighbour', 6],
        ['tfvars', 3],
        ['neighbour resource', 8],
        ['anywhere', 10],
        ['settings', 3],
      ]);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const inBlock = (header: RegExp): number | undefined => {
        const blocks = blockStarts(main, header);
        if (blocks.length === 0) return undefined;
        const b = r.pick(blocks);
        return b.start + r.int(b.end - b.start);
      };
      switch (kind) {
        case 'resource':
        case 'declaration': {
          const at = inBlock(kind === 'resource' ? /resource "aws_sagemaker_/ : /(variable|locals|data|provider|resource "aws_kms_key")\b/);
          if (at === undefined) break;
          main = r.chance(0.75) ? insertAt(main, at, r.pick(TYPED)) : insertAt(main, at, '', Math.min(r.between(1, 6), main.length - at));
          break;
        }
        case 'suppress': {
          const blocks = blockStarts(main, /resource "/);
          if (blocks.length === 0) break;
          const b = r.pick(blocks);
          // Above the block, or on a line inside it.
          const inside = r.chance(0.4) ? main.indexOf('\n', b.start) + 1 : b.start;
          main = insertAt(main, inside, r.pick(SUPPRESSIONS));
          break;
        }
        case 'unsuppress': {
          const lines = main.split('\n');
          const marked = lines.map((l, i) => (/sagemaker-lint:ignore|checkov:skip/.test(l) ? i : -1)).filter((i) => i >= 0);
          if (marked.length === 0) break;
          lines.splice(r.pick(marked), 1);
          main = lines.join('\n');
          break;
        }
        case 'newline': {
          const lines = main.split('\n');
          lines.splice(r.int(lines.length), 0, ...(r.chance(0.5) ? [''] : ['', '']));
          main = lines.join('\n');
          break;
        }
        case 'break': {
          const closers = [...main.matchAll(/[}"]/g)].map((m) => m.index);
          if (closers.length === 0) break;
          main = insertAt(main, r.pick(closers), '', 1);
          break;
        }
        case 'repair':
          main = lastValid;
          break;
        case 'neighbour':
          variables = variables.includes('default = "arn:aws:kms')
            ? variables.replace(/\n {2}default = "arn:aws:kms[^\n]*/, '')
            : variables.replace('variable "role_arn" {\n  type = string', 'variable "role_arn" {\n  type = string\n  default = "arn:aws:kms:eu-west-1:123456789012:key/abc"');
          if (r.chance(0.3)) variables = variables.replace(/shared_key = "[^"]*"/, r.chance(0.5) ? 'shared_key = "alias/aws/sagemaker"' : 'shared_key = "arn:aws:kms:eu-west-1:123456789012:key/def"');
          if (r.chance(0.2)) variables += '\nvariable "kms_key_arn" {\n  default = "arn:aws:kms:eu-west-1:123456789012:key/ghi"\n}\n';
          break;
        case 'neighbour resource': {
          const blocks = blockStarts(training, /resource "/);
          if (blocks.length === 0) break;
          const b = r.pick(blocks);
          const at = b.start + r.int(b.end - b.start);
          training = r.chance(0.2) ? insertAt(training, b.start, `resource "aws_kms_key" "late_${step}" {}\n\n`) : insertAt(training, at, r.pick(TYPED));
          break;
        }
        case 'tfvars':
          tfvars = tfvars.includes('kms_key_arn') ? 'bucket = "ml-data"\n' : `${tfvars}kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/tfvars"\n`;
          break;
        case 'anywhere': {
          const at = r.int(main.length + 1);
          main = insertAt(main, at, r.chance(0.7) ? r.pick(TYPED) : '', r.chance(0.3) ? Math.min(r.between(1, 30), main.length - at) : 0);
          break;
        }
        case 'settings':
          settings = r.pick(SETTINGS);
          break;
      }
      const files = [
        { path: MAIN, text: main },
        { path: VARIABLES, text: variables },
        { path: TFVARS, text: tfvars },
        { path: TRAINING, text: training },
      ];
      const context = { folderFiles: () => files };
      const got = reusing.analyze(files[0], context, settings);
      // Analysing the neighbour as well moves the shared parse cache, as an editor with both files open does.
      if (step % 7 === 0) reusing.analyze(files[1], context, settings);
      if (step % 3 === 0) {
        const neighbour = reusing.analyze(files[3], context, settings);
        for (const f of files) fresh.forget(f.path);
        assert.deepStrictEqual(summary(neighbour.findings), summary(fresh.analyze(files[3], context, settings).findings), `step ${step} (${kind}): training.tf`);
      }
      if (step % 50 === 49) fresh = await Engine.create();
      for (const f of files) fresh.forget(f.path);
      const expected = fresh.analyze(files[0], context, settings);
      assert.deepStrictEqual(got.notices, expected.notices, `step ${step} (${kind})`);
      // Fixes are computed when read: every other step reads them only after the next edit, when
      // the syntax tree they were found in has been deleted.
      if (late) assert.deepStrictEqual(summary(late.got), late.expected, `step ${step - 1}, read after step ${step}`);
      late = undefined;
      if (step % 2 === 0) assert.deepStrictEqual(summary(got.findings), summary(expected.findings), `step ${step} (${kind})`);
      else late = { got: got.findings, expected: summary(expected.findings) };
      if (got.findings.length > 0) withFindings++;
      hasErrors = got.notices.some((n) => n.includes('syntax errors'));
      if (!hasErrors) lastValid = main;
    }
    // The series exercised every kind of edit and produced findings to compare.
    for (const k of ['resource', 'declaration', 'suppress', 'unsuppress', 'newline', 'break', 'repair', 'neighbour', 'neighbour resource', 'anywhere']) assert.ok((kinds.get(k) ?? 0) > 0, k);
    assert.ok(withFindings > STEPS / 2);
  });
});
