import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { docsUrl, RULES } from '../../shared-rules/src/rules/registry';
import { cleanWorkspaces, fixture, runCli, workspace } from './harness';

// The OASIS SARIF 2.1.0 schema (final, "rtm.5"), as shipped in Microsoft's @microsoft/jest-sarif package.
const SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: { resource: string; fieldPath?: string };
  suppressions?: { kind: string; justification: string }[];
  relatedLocations?: (SarifLocation & { id: number; message: { text: string } })[];
  fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: unknown[] }[] }[];
}
interface SarifRule {
  id: string;
  name: string;
  helpUri: string;
  help: { text: string; markdown: string };
  shortDescription: { text: string };
  fullDescription: { text: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[] };
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: SarifResult[];
  }[];
}

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object);
}

function sarifOf(ws: string, args: string[] = []): SarifLog {
  const run = runCli(['scan', '--format', 'sarif', ...args], ws);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  return JSON.parse(run.stdout) as SarifLog;
}

const AWS_MANAGED_VIA_VARIABLE = `variable "notebook_key" {
  default = "alias/aws/sagemaker"
}

resource "aws_sagemaker_notebook_instance" "shared" {
  name          = "shared"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
  kms_key_id    = var.notebook_key
}
`;

describe('cli: SARIF', () => {
  after(cleanWorkspaces);
  const notebooks = fixture('terraform/notebooks/main.tf');

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    const validate = validator();
    const ws = workspace({ 'infra/main.tf': notebooks, 'odd folder/main.tf': notebooks, 'shared/main.tf': AWS_MANAGED_VIA_VARIABLE });
    const log = sarifOf(ws);
    assert.ok(log.runs[0].results.some((r) => r.relatedLocations && r.fixes && r.suppressions === undefined), 'related locations and fixes are validated');
    assert.ok(log.runs[0].results.some((r) => r.suppressions), 'suppressions are validated');
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.ok(log.runs[0].results.length > 0);
    const broken = structuredClone(log);
    (broken.runs[0].results[0] as unknown as { level: string }).level = 'fatal';
    assert.ok(!validate(broken), 'the schema check can fail');
  });

  it('is valid for the shipped examples, in every dialect', () => {
    const root = path.resolve(__dirname, '../..');
    const run = runCli(['scan', 'examples', '--format', 'sarif'], root);
    assert.strictEqual(run.code, 1, run.stderr);
    const log = JSON.parse(run.stdout) as SarifLog;
    const validate = validator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const extensions = new Set(log.runs[0].results.map((r) => path.extname(r.locations[0].physicalLocation.artifactLocation.uri)));
    for (const ext of ['.tf', '.yaml', '.py', '.ipynb']) assert.ok(extensions.has(ext), `a finding in a ${ext} example`);
  });

  it('describes every registry rule with help, docs link, level and peer tags', () => {
    const driver = sarifOf(workspace({ 'main.tf': notebooks })).runs[0].tool.driver;
    assert.strictEqual(driver.name, 'sagemaker-lint');
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepStrictEqual(
      driver.rules.map((r) => r.id),
      RULES.map((r) => r.id),
    );
    for (const [i, rule] of RULES.entries()) {
      const d = driver.rules[i];
      assert.strictEqual(d.helpUri, docsUrl(rule));
      assert.strictEqual(d.help.markdown, rule.help);
      assert.ok(d.help.text.length > 0 && !d.help.text.includes('`'));
      assert.strictEqual(d.shortDescription.text, rule.title);
      assert.strictEqual(d.defaultConfiguration.level, { error: 'error', warning: 'warning', information: 'note' }[rule.defaultSeverity]);
      for (const id of rule.peers.checkov ?? []) assert.ok(d.properties.tags.includes(id), `${rule.id} tags ${id}`);
    }
  });

  it('uses 1-based regions relative to %SRCROOT%, rule indexes, suppressions and fixes', () => {
    const ws = workspace({ 'infra/main.tf': notebooks, ' lead/main.tf': notebooks });
    const run = sarifOf(ws).runs[0];
    assert.strictEqual(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${ws.split(path.sep).map(encodeURIComponent).join('/')}/`);
    const sml001 = run.results.find((r) => r.ruleId === 'SML001' && r.locations[0].physicalLocation.artifactLocation.uri === 'infra/main.tf');
    assert.ok(sml001);
    assert.strictEqual(sml001.ruleIndex, RULES.findIndex((r) => r.id === 'SML001'));
    assert.strictEqual(sml001.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.deepStrictEqual(
      { line: sml001.locations[0].physicalLocation.region.startLine, column: sml001.locations[0].physicalLocation.region.startColumn },
      { line: 6, column: 1 },
    );
    assert.ok(sml001.fixes?.some((f) => f.description.text.startsWith('Suppress SML001')));
    assert.ok(run.results.some((r) => r.locations[0].physicalLocation.artifactLocation.uri === '%20lead/main.tf'));
    const suppressed = run.results.filter((r) => r.suppressions);
    assert.deepStrictEqual(
      suppressed.map((r) => r.ruleId).sort(),
      ['SML012', 'SML012', 'SML013', 'SML013'],
    );
    assert.deepStrictEqual(suppressed[0].suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'sandbox account without a VPC' }]);
  });

  it('points related locations at where a value came from', () => {
    const ws = workspace({ 'main.tf': AWS_MANAGED_VIA_VARIABLE });
    const sml003 = sarifOf(ws).runs[0].results.find((r) => r.ruleId === 'SML003');
    assert.ok(sml003?.relatedLocations, 'SML003 with related locations expected');
    const related = sml003.relatedLocations[0];
    assert.strictEqual(related.physicalLocation.artifactLocation.uri, 'main.tf');
    assert.strictEqual(related.physicalLocation.region.startLine, 2);
    assert.match(related.message.text, /notebook_key/);
  });

  it('keeps fingerprints when unrelated lines are inserted above', () => {
    const ws = workspace({ 'main.tf': notebooks });
    const before = sarifOf(ws).runs[0].results;
    const inserted = '# Platform team notebooks\n\nresource "aws_s3_bucket" "artifacts" {\n  bucket = "ml-artifacts"\n}\n\n';
    fs.writeFileSync(path.join(ws, 'main.tf'), inserted + notebooks);
    const after = sarifOf(ws).runs[0].results;
    const key = (r: SarifResult) => `${r.ruleId} ${r.properties.resource} ${r.properties.fieldPath ?? ''}`;
    assert.deepStrictEqual(after.map(key), before.map(key));
    for (const [i, r] of after.entries()) {
      assert.strictEqual(r.locations[0].physicalLocation.region.startLine, before[i].locations[0].physicalLocation.region.startLine + 6);
      assert.deepStrictEqual(r.partialFingerprints, before[i].partialFingerprints);
    }
    const fingerprints = after.map((r) => Object.values(r.partialFingerprints)[0]);
    assert.strictEqual(new Set(fingerprints).size, fingerprints.length, 'fingerprints are distinct');
  });
});
