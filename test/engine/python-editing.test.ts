import * as assert from 'assert';
import { Engine } from '../../shared-rules/src/engine';
import type { Finding } from '../../shared-rules/src/model';
import { analyzeNotebookCells } from '../../shared-rules/src/python/notebook';
import { LineIndex } from '../../shared-rules/src/text';
import { active, applyEdits } from './python-support';

const context = { folderFiles: () => [] };

function fixed(engine: Engine, file: string, text: string, ruleId: string, title: string): string {
  const finding = engine.analyze({ path: file, text }, context).findings.find((f) => f.ruleId === ruleId && f.fixes.some((x) => x.title.startsWith(title)));
  assert.ok(finding, `${ruleId} with a "${title}" fix expected`);
  const fix = finding.fixes.find((x) => x.title.startsWith(title))!;
  return applyEdits(text, fix.edits.flatMap((e) => e.edits));
}

function notebook(cells: string[]): string {
  const nb = {
    cells: cells.map((src, i) => {
      const lines = src.split('\n');
      return { cell_type: 'code', id: `c${i}`, metadata: {}, source: lines.map((l, j) => (j < lines.length - 1 ? `${l}\n` : l)), outputs: [], execution_count: null };
    }),
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(nb, null, 1) + '\n';
}

describe('python fixes keep the code style', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });

  it('adds an inline keyword to a one-line call', () => {
    const text = 'from sagemaker.estimator import Estimator\nest = Estimator(image_uri="i", role="r", instance_type="ml.m5.xlarge")\n';
    assert.strictEqual(
      fixed(engine, 'a.py', text, 'SML010', 'Set enable_network_isolation'),
      'from sagemaker.estimator import Estimator\nest = Estimator(image_uri="i", role="r", instance_type="ml.m5.xlarge", enable_network_isolation=True)\n',
    );
  });

  it('adds a keyword on its own line with a trailing comma when the call is written one per line', () => {
    const text = 'from sagemaker.estimator import Estimator\nest = Estimator(\n    image_uri="i",\n    instance_type="ml.m5.xlarge",  # gpu later\n)\n';
    assert.strictEqual(
      fixed(engine, 'a.py', text, 'SML010', 'Set'),
      'from sagemaker.estimator import Estimator\nest = Estimator(\n    image_uri="i",\n    instance_type="ml.m5.xlarge",  # gpu later\n    enable_network_isolation=True,\n)\n',
    );
  });

  it('replaces a False flag and builds NetworkConfig with its import', () => {
    const text = 'import sagemaker\nfrom sagemaker.processing import Processor\n\np = Processor(role="r", image_uri="i", instance_count=1, instance_type="ml.m5.xlarge")\n';
    assert.strictEqual(
      fixed(engine, 'a.py', text, 'SML010', 'Set'),
      'import sagemaker\nfrom sagemaker.processing import Processor\nfrom sagemaker.network import NetworkConfig\n\np = Processor(role="r", image_uri="i", instance_count=1, instance_type="ml.m5.xlarge", network_config=NetworkConfig(enable_network_isolation=True))\n',
    );
    const flag = 'import sagemaker\nest = sagemaker.estimator.Estimator("i", "r", 1, "ml.m5.xlarge", enable_network_isolation=False)\n';
    assert.strictEqual(fixed(engine, 'a.py', flag, 'SML010', 'Set'), flag.replace('=False', '=True'));
  });

  it('removes a volume key on an NVMe type, line and all', () => {
    const text = 'from sagemaker.pytorch import PyTorch\nest = PyTorch(\n    entry_point="t.py",\n    instance_type="ml.p4d.24xlarge",\n    volume_kms_key="alias/team",\n)\n';
    assert.strictEqual(fixed(engine, 'a.py', text, 'SML004', 'Remove'), 'from sagemaker.pytorch import PyTorch\nest = PyTorch(\n    entry_point="t.py",\n    instance_type="ml.p4d.24xlarge",\n)\n');
    const inline = 'from sagemaker.pytorch import PyTorch\nest = PyTorch(entry_point="t.py", instance_type="ml.p4d.24xlarge", volume_kms_key="alias/team")\n';
    assert.strictEqual(fixed(engine, 'a.py', inline, 'SML004', 'Remove'), 'from sagemaker.pytorch import PyTorch\nest = PyTorch(entry_point="t.py", instance_type="ml.p4d.24xlarge")\n');
  });

  it('reuses a module constant that holds a customer-managed key', () => {
    const text = 'from sagemaker.pytorch import PyTorch\nTEAM_KEY = "alias/team"\nest = PyTorch(entry_point="t.py", instance_type="ml.m5.xlarge", volume_kms_key=TEAM_KEY)\n';
    assert.strictEqual(
      fixed(engine, 'a.py', text, 'SML002', 'Use customer-managed key TEAM_KEY'),
      text.replace('volume_kms_key=TEAM_KEY)', 'volume_kms_key=TEAM_KEY, output_kms_key=TEAM_KEY)'),
    );
  });

  it('writes boto3 keys into the dict a **params spread comes from', () => {
    const text = 'import boto3\nsm = boto3.client("sagemaker")\nparams = {\n    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1},\n}\nsm.create_training_job(**params)\n';
    const out = fixed(engine, 'a.py', text, 'SML010', 'Set');
    assert.ok(out.includes('    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1},\n    "EnableNetworkIsolation": True,\n}'), out);
    const key = fixed(engine, 'a.py', text, 'SML001', 'Create');
    assert.ok(key.includes('{"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeKmsKeyId": SAGEMAKER_KMS_KEY_ARN}'), key);
    assert.ok(key.includes('SAGEMAKER_KMS_KEY_ARN = "arn:aws:kms:REGION:ACCOUNT_ID:key/REPLACE-WITH-YOUR-KEY-ID"\n'), key);
  });

  it('suppresses with a comment line above and honours existing ones', () => {
    const text = 'from sagemaker.estimator import Estimator\nest = Estimator(image_uri="i", instance_type="ml.m5.xlarge")\n';
    const out = fixed(engine, 'a.py', text, 'SML013', 'Suppress SML013');
    assert.strictEqual(out, 'from sagemaker.estimator import Estimator\n# sagemaker-lint:ignore SML013 <reason>\nest = Estimator(image_uri="i", instance_type="ml.m5.xlarge")\n');
    const findings = engine.analyze({ path: 'a.py', text: out }, context).findings;
    assert.ok(findings.some((f) => f.ruleId === 'SML013' && f.suppressed?.reason === '<reason>'));
    const trailing = 'from sagemaker.estimator import Estimator\nest = Estimator(image_uri="i", instance_type="ml.m5.xlarge")  # sagemaker-lint:ignore SML010 sandbox\n';
    assert.ok(engine.analyze({ path: 'a.py', text: trailing }, context).findings.find((f) => f.ruleId === 'SML010')?.suppressed);
  });

  it('reports a tuner at the estimator it wraps and fixes the estimator', () => {
    const text =
      'from sagemaker.estimator import Estimator\nfrom sagemaker.tuner import HyperparameterTuner\nest = Estimator(image_uri="i", instance_type="ml.m5.xlarge", enable_network_isolation=True)\ntuner = HyperparameterTuner(est, "auc", {})\n';
    const findings = engine.analyze({ path: 'a.py', text }, context).findings.filter((f) => f.resource === 'tuner');
    const volume = findings.find((f) => f.ruleId === 'SML001');
    assert.ok(volume);
    assert.deepStrictEqual(volume.range, { start: { line: 3, character: 28 }, end: { line: 3, character: 31 } });
    assert.ok(!findings.some((f) => f.ruleId === 'SML010'));
  });
});

describe('python notebooks', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });

  it('points findings at the exact text inside the .ipynb JSON, past escaped quotes', () => {
    const text = notebook(['import sagemaker', 'x = "a\\"b"; est = sagemaker.pytorch.PyTorch(entry_point="t.py", instance_type="ml.m5.xlargee")']);
    const findings = engine.analyze({ path: 'n.ipynb', text }, context).findings;
    const typo = findings.find((f) => f.ruleId === 'SML030');
    assert.ok(typo);
    const lines = new LineIndex(text);
    const raw = text.slice(lines.offsetAt(typo.range.start), lines.offsetAt(typo.range.end));
    assert.strictEqual(raw, '\\"ml.m5.xlargee\\"');
    const header = findings.find((f) => f.ruleId === 'SML001')!;
    assert.strictEqual(text.slice(lines.offsetAt(header.range.start), lines.offsetAt(header.range.end)), 'sagemaker.pytorch.PyTorch');
  });

  it('turns malformed notebook JSON into one notice', () => {
    const result = engine.analyze({ path: 'bad.ipynb', text: '{"cells": [ {"cell_type": "code", "source": ["import sag' }, context);
    assert.deepStrictEqual(result.findings, []);
    assert.strictEqual(result.notices.length, 1);
    assert.match(result.notices[0], /bad\.ipynb: not a readable notebook/);
  });

  it('analyses open notebook cells as one program and keys findings by cell', () => {
    const cells = [
      { uri: 'nb#cell1', text: '%pip install sagemaker\nimport boto3\nsm = boto3.client("sagemaker")\nKEY = "alias/team"' },
      { uri: 'nb#cell2', text: 'sm.create_notebook_instance(NotebookInstanceName="nb", InstanceType="ml.t3.medium", KmsKeyId=KEY)' },
    ];
    const byCell = analyzeNotebookCells(cells, context);
    assert.deepStrictEqual(byCell.get('nb#cell1'), []);
    const second: Finding[] = active(byCell.get('nb#cell2') ?? []);
    assert.deepStrictEqual(second.map((f) => f.ruleId).sort(), ['SML012', 'SML013', 'SML014', 'SML015']);
    assert.ok(second.every((f) => f.file === 'nb#cell2' && f.range.start.line === 0));
    const fix = second.find((f) => f.ruleId === 'SML014')!.fixes[0];
    assert.strictEqual(applyEdits(cells[1].text, fix.edits[0].edits), cells[1].text.replace('KmsKeyId=KEY)', 'KmsKeyId=KEY, RootAccess="Disabled")'));
  });

  it('keeps findings and fixes in the cell of the call when the request dict comes from an earlier cell', () => {
    const cells = [
      { uri: 'nb#1', text: 'import boto3\nsm = boto3.client("sagemaker")\nparams = {"ResourceConfig": {"InstanceType": "ml.m5.xlarge", "VolumeKmsKeyId": "alias/aws/ebs"}}' },
      { uri: 'nb#2', text: 'x = 1\nsm.create_training_job(**params)' },
    ];
    const byCell = analyzeNotebookCells(cells, context);
    assert.deepStrictEqual(byCell.get('nb#1'), []);
    const second = byCell.get('nb#2') ?? [];
    const aws = second.find((f) => f.ruleId === 'SML003')!;
    assert.strictEqual(aws.range.start.line, 1);
    assert.ok(aws.related.some((r) => r.file === 'nb#1'));
    for (const f of second) for (const fix of f.fixes) for (const e of fix.edits) assert.strictEqual(e.file, 'nb#2');
  });

  it('handles a multi-megabyte notebook with large outputs', () => {
    const cells: string[] = [];
    for (let i = 0; i < 1500; i++) cells.push(`x${i} = ${i}\nprint(x${i})`);
    cells.push('from sagemaker.estimator import Estimator\nest = Estimator(image_uri="i", instance_type="ml.m5.xlarge")');
    const nb = JSON.parse(notebook(cells)) as { cells: { outputs: unknown[] }[] };
    nb.cells[0].outputs = [{ output_type: 'display_data', data: { 'image/png': 'A'.repeat(3_000_000) }, metadata: {} }];
    const text = JSON.stringify(nb, null, 1);
    const findings = engine.analyze({ path: 'big.ipynb', text }, context).findings;
    const lines = new LineIndex(text);
    const header = findings.find((f) => f.ruleId === 'SML001')!;
    assert.strictEqual(text.slice(lines.offsetAt(header.range.start), lines.offsetAt(header.range.end)), 'Estimator');
  });
});

describe('python resolution details', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });

  it('maps positions past non-ASCII text and \\u escapes in notebook JSON', () => {
    const nb = JSON.stringify(
      { cells: [{ cell_type: 'code', source: ['x = "café 🚀"\n', 'from sagemaker.estimator import Estimator; est = Estimator(instance_type="ml.m5.xlargé")'] }], metadata: {} },
      null,
      1,
    ).replace('é 🚀', '\\u00e9 \\ud83d\\ude80');
    const findings = engine.analyze({ path: 'u.ipynb', text: nb }, context).findings;
    const lines = new LineIndex(nb);
    const at = (ruleId: string): string => {
      const f = findings.find((x) => x.ruleId === ruleId)!;
      return nb.slice(lines.offsetAt(f.range.start), lines.offsetAt(f.range.end));
    };
    assert.strictEqual(at('SML001'), 'Estimator');
    assert.strictEqual(at('SML030'), '\\"ml.m5.xlargé\\"');
  });

  it('builds NetworkConfig from the SDK v3 module for v3 processors', () => {
    const text = 'from sagemaker.core.processing import Processor\np = Processor(role="r", image_uri="i", instance_count=1, instance_type="ml.m5.xlarge")\n';
    const out = fixed(engine, 'v3.py', text, 'SML010', 'Set');
    assert.ok(out.startsWith('from sagemaker.core.processing import Processor\nfrom sagemaker.core.network import NetworkConfig\n'), out);
  });

  it('reports a syntax-error notice for .py but keeps the statements that parse', () => {
    const text = 'from sagemaker.estimator import Estimator\ndef broken(:\n    pass\nest = Estimator(image_uri="i", instance_type="ml.m5.xlarge")\n';
    const result = engine.analyze({ path: 'e.py', text }, context);
    assert.strictEqual(result.notices.length, 1);
    assert.ok(result.findings.some((f) => f.ruleId === 'SML001' && f.range.start.line === 3));
  });
});

describe('python incremental parsing', () => {
  it('gives the same findings after edits as a fresh parse', async () => {
    const engine = await Engine.create();
    let text = 'from sagemaker.estimator import Estimator\nnote = "café 🚀"\nest = Estimator(image_uri="i", instance_type="ml.m5.xlarge")\n';
    const edits: [string, string][] = [
      ['instance_type="ml.m5.xlarge"', 'instance_type="ml.m5.xlarge", volume_kms_key="alias/aws/ebs"'],
      ['café 🚀', 'naïve 🚀🚀'],
      ['est = ', 'estimator = '],
      ['volume_kms_key="alias/aws/ebs"', 'volume_kms_key=None, enable_network_isolation=True'],
    ];
    engine.analyze({ path: 'inc.py', text }, context);
    for (const [from, to] of edits) {
      text = text.replace(from, to);
      const incremental = engine.analyze({ path: 'inc.py', text }, context).findings;
      engine.forget('inc.py');
      const fresh = engine.analyze({ path: 'inc.py', text }, context).findings;
      assert.deepStrictEqual(JSON.stringify(incremental), JSON.stringify(fresh));
      assert.ok(fresh.length > 0);
    }
  });
});
