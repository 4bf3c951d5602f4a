import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Node, Parser } from 'web-tree-sitter';
import { Evaluator, literalString, Scope } from '../../shared-rules/src/python/evaluate';
import { notebookUnits } from '../../shared-rules/src/python/notebook';
import type { PyUnit } from '../../shared-rules/src/python/unit';
import { plainUnit } from '../../shared-rules/src/python/unit';
import type { CallSite, Container, Entry, PyValue } from '../../shared-rules/src/python/evaluate';
import { createParser } from '../../shared-rules/src/tree-sitter';
import { mutate } from '../fuzz/mutate';
import { hashSeed, Random } from '../support/random';
import { FIXTURES, fixtureFiles } from './python-support';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** String literals of every shape the text reader must read as the tree does (or leave to it). */
const HANDWRITTEN = [
  `a = "plain"; b = 'single'; c = ""; d = ''`,
  `e = """triple
over lines"""; f = '''also
'''`,
  `g = "esc \\n \\t \\\\ \\" \\x41 \\u00e9 \\U0001F600 \\N{EM DASH} \\101 \\0 \\q"`,
  `h = r"raw \\n \\d+"; i = R'raw'; j = rb"bytes"; k = Br'x'; l = b"x"; m = u"unicode"; n = U'x'`,
  `o = f"no braces"; p = f"{x}"; q = F"{{literal}}"; r = rf"{x}\\n"; s = fR'{{'`,
  `t = "line \\
continued"; u = 'it''s'; v = "a" "b" 'c'`,
  `w = ''''quoted''''; x = """a"b""c"""; y = '\\''`,
  `z = "é ✓ 😀"; aa = f"{'nested'}"; bb = f'{x!r:>{width}}'`,
  `win = "C:\\Users\\x"; big = "\\U00110000"; short = "\\x4 \\u12"`,
  `cc = "unterminated`,
  `if True:\n    dd = "x" +\nee = "after"`,
  `f(a=1, b = 2, c\t=3, d=\n4, e\n=5, g # c\n=6, h=(x == y), é=7, _i9=8, **k)`,
  `g(x==1, y= =2, z=lambda q=1: q)`,
];

/** Keyword arguments and dict entries of every shape the plain-value reader must read as the tree does (or leave to it). */
const PLAIN_VALUES = [
  `from sagemaker.estimator import Estimator
import boto3
KEY = "arn:aws:kms:eu-west-1:111122223333:key/k"; NAME = 'KmsKeyId'; N = 3; sm = boto3.client("sagemaker")
Estimator(image_uri="i", role=KEY, instance_count=N, instance_type='ml.m5.xlarge', volume_kms_key=KEY,
    output_kms_key=None, enable_network_isolation=True, encrypt_inter_container_traffic=False,
    max_run=3600, volume_size=30.5, subnet=sm.x.y, tags=undefined_name, use_spot_instances=False ,
    security_group_ids = None
    ,
)
sm.create_training_job(TrainingJobName="a", RoleArn=KEY, OutputDataConfig={"KmsKeyId": KEY, 'S3OutputPath': "s3://b", NAME: KEY,
  3: "num key", KEY: 1, None: 2, True: 3, x.y: 4, "a" : "spaced" , "nl"
  :
  "value", "trailing": 1,}, ResourceConfig={"VolumeKmsKeyId": r"raw", "b": b"bytes", "u": u"uni", "f": f"plain", "F": F"{KEY}",
  "g": f"{{x}}", "e": "esc\\n", "q": 'it\\'s', "t": '''triple''', "c": "a" "b", "k": "x" # comment
  , "m": 1 if N else 2, "n": -1, "o": 1e5, "p": 1_000, "h": 0x10, "d": 1., "s": .5, "j": 2j, "l": lambda: 1,
  "w": not N, "z": N.real(), "y": KEY[0], "v": (KEY), "i": [KEY], "r": {"in": KEY}, "nm": naïve, "ws": KEY\\
  , **{"spread": KEY}})
sm.create_endpoint_config(EndpointConfigName=f"x", KmsKeyId=NAME.upper, ProductionVariants=[{"InstanceType": "ml.p4d.24xlarge", "VariantName": "a"}], Tags=[],
  DataCaptureConfig = dict(KmsKeyId=KEY, EnableCapture=True), AsyncInferenceConfig={"OutputConfig": {"KmsKeyId": None}}, x=y.z , w=a.b .c)
`,
  'import boto3\r\nsm = boto3.client("sagemaker")\r\nsm.create_training_job(\r\n  TrainingJobName="a",\r\n  RoleArn="r",\r\n  ResourceConfig={\r\n    "VolumeKmsKeyId": "k",\r\n  },\r\n)\r\n',
  `import boto3
sm = boto3.client("sagemaker")
async def f():
    sm.create_training_job(RoleArn=await g(), ResourceConfig={"VolumeKmsKeyId": "k"\f}, TrainingJobName=	"t")
`,
  `import boto3
from sagemaker.estimator import Estimator
sm = boto3.client("sagemaker", region_name="eu-west-1")
KEY = "alias/k"; ROLE = "r"; base = {"RoleArn": ROLE, "TrainingJobName": "t"}; extra = {}
sm.create_training_job(**base)
sm.create_training_job(** base, ResourceConfig={"VolumeKmsKeyId": KEY, "InstanceType": "ml.m5.xlarge"},)
sm.create_training_job(**base, **extra)
sm.create_training_job(**unknown_spread)
sm.create_training_job(
    TrainingJobName="t",
    RoleArn=ROLE,
    OutputDataConfig={
        "KmsKeyId": KEY,
        **extra,
    },
)
Estimator("image", ROLE, 1, "ml.m5.xlarge", volume_kms_key=KEY)
Estimator(image_uri="i", role=ROLE, *args)
Estimator(image_uri="i", role=ROLE  # a comment
)
Estimator()
params = {}
params = {"RoleArn": ROLE, 'TrainingJobName': 't', 3: 4}
sm.create_training_job(**params)
nested = {"OutputDataConfig": {"KmsKeyId": KEY}, "RoleArn": ROLE}
sm.create_training_job(**nested, TrainingJobName="n")
`,
  `import boto3
sm = boto3.client("sagemaker")
if x:
    sm.create_training_job(RoleArn="r", ResourceConfig={"VolumeKmsKeyId": "k", "a": }, TrainingJobName="t")
else:
    sm.create_training_job(RoleArn="r", TrainingJobName="t", OutputDataConfig={"KmsKeyId": "k"})
`,
];

function units(): PyUnit[] {
  const out = [...HANDWRITTEN, ...PLAIN_VALUES].map((text, i) => plainUnit(`handwritten-${i}.py`, text));
  for (const file of [...fixtureFiles(FIXTURES), ...fixtureFiles(EXAMPLES)]) {
    const text = fs.readFileSync(file, 'utf8');
    if (file.endsWith('.ipynb')) out.push(...notebookUnits(file, text).units);
    else out.push(plainUnit(file, text));
  }
  return out;
}

describe('Python literals and keyword names read from text', () => {
  let parser: Parser;
  before(async () => {
    parser = await createParser('python');
  });
  after(() => parser.delete());

  it('read every literal the text reader accepts exactly as the tree does', () => {
    let fromText = 0;
    let fromTree = 0;
    for (const unit of units()) {
      const tree = parser.parse(unit.text);
      assert.ok(tree);
      try {
        const evaluator = new Evaluator();
        const internals = evaluator as unknown as { unit: PyUnit; stringFromTree(node: Node, scope: Scope): unknown };
        internals.unit = unit;
        for (const node of tree.rootNode.descendantsOfType('string')) {
          if (!node || node.hasError) continue;
          const literal = literalString(unit.text, node.startIndex, node.endIndex);
          if (!literal) {
            fromTree++;
            continue;
          }
          fromText++;
          assert.deepStrictEqual(literal, internals.stringFromTree(node, new Scope()), `${unit.file}: ${node.text}`);
        }
      } finally {
        tree.delete();
      }
    }
    // Both paths are exercised: plain literals from text, interpolating f-strings from the tree.
    assert.ok(fromText > 500, `${fromText} literals read from text`);
    assert.ok(fromTree > 5, `${fromTree} literals left to the tree`);
  });

  it('find every keyword argument name the tree finds', () => {
    let checked = 0;
    for (const unit of units()) {
      const tree = parser.parse(unit.text);
      assert.ok(tree);
      try {
        const evaluator = new Evaluator();
        const internals = evaluator as unknown as { unit: PyUnit; keywordName(node: Node): { start: number; end: number } | undefined };
        internals.unit = unit;
        for (const node of tree.rootNode.descendantsOfType('keyword_argument')) {
          if (!node || node.hasError) continue;
          const name = node.childForFieldName('name');
          assert.ok(name, node.text);
          assert.deepStrictEqual(internals.keywordName(node), { start: name.startIndex, end: name.endIndex }, `${unit.file}: ${node.text}`);
          checked++;
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(checked > 500, `${checked} keyword arguments`);
  });

  it('leaves interpolating f-strings and unknown shapes to the tree', () => {
    const text = `f"{x}" t"{x}" "open`;
    assert.strictEqual(literalString(text, 0, 6), undefined);
    assert.strictEqual(literalString(text, 7, 13), undefined);
    assert.strictEqual(literalString(text, 14, 19), undefined);
    assert.deepStrictEqual(literalString(`f"{{"`, 0, 5), undefined);
    assert.deepStrictEqual(literalString(`f"ok"`, 0, 5), { t: 'str', value: 'ok' });
    assert.deepStrictEqual(literalString(`rb"x"`, 0, 5), { t: 'unknown', reason: 'bytes' });
  });
  it('read plain keyword values and dict entries from the text exactly as from the tree', () => {
    const all = units();
    const texts = all.map((u) => u.text);
    let plainItems = 0;
    const programs: { label: string; units: PyUnit[] }[] = [];
    for (const unit of all) programs.push({ label: unit.file, units: [unit] });
    // Mutants break statements: only those without syntax errors may be read from the text.
    all.forEach((unit, i) => {
      const r = new Random(hashSeed('python-plain-values', i));
      for (let m = 0; m < 3; m++) programs.push({ label: `${unit.file} mutant ${m}`, units: [plainUnit(`mutant-${i}-${m}.py`, mutate(unit.text, r, texts).text)] });
    });
    // Counts the items the text reading took, so that the comparison cannot pass with it switched off.
    const internals = Evaluator.prototype as unknown as Record<'plainPair' | 'plainKeyword', (...args: unknown[]) => number>;
    const originals = { plainPair: internals.plainPair, plainKeyword: internals.plainKeyword };
    let fromTextItems = 0;
    for (const name of ['plainPair', 'plainKeyword'] as const) {
      internals[name] = function (this: unknown, ...args: unknown[]): number {
        const end = originals[name].apply(this, args);
        if (end >= 0) fromTextItems++;
        return end;
      };
    }
    try {
      comparePrograms();
    } finally {
      Object.assign(internals, originals);
    }
    assert.ok(plainItems > 500, `${plainItems} items compared`);
    assert.ok(fromTextItems > 300, `${fromTextItems} items read from the text`);

    function comparePrograms(): void {
      for (const program of programs) {
        const trees = program.units.map((u) => parser.parse(u.text));
        try {
          const read = (fromText: boolean): Evaluator => {
            const evaluator = new Evaluator(fromText);
            program.units.forEach((u, i) => evaluator.walkUnit(u, trees[i]!.rootNode));
            return evaluator;
          };
          const fromText = read(true);
          const fromTree = read(false);
          assert.deepStrictEqual(fromText.sites.map(siteShape), fromTree.sites.map(siteShape), program.label);
          assert.deepStrictEqual(bindings(fromText), bindings(fromTree), program.label);
          for (const site of fromText.sites) plainItems += site.container.items.length;
        } finally {
          for (const t of trees) t?.delete();
        }
      }
    }
  });
});

/** What the facts read of a call site, as plain data (units by file, sites by their call's span). */
function siteShape(site: CallSite): unknown {
  return {
    row: site.row.names.join(','),
    unit: site.unit.file,
    header: site.header,
    call: site.call,
    label: site.label,
    region: site.region && valueShape(site.region, 0),
    container: containerShape(site.container, 0),
    constants: site.constants.map((b) => [b.name, valueShape(b.value, 0), b.span]),
    qualified: site.qualified,
    insertAt: site.insertAt,
    inherited: site.inherited && { call: site.inherited.site.call, span: site.inherited.span },
  };
}

function containerShape(c: Container, depth: number): unknown {
  const entry = (e: Entry): unknown => ({ name: e.name, value: valueShape(e.value, depth + 1), valueSpan: e.valueSpan, keySpan: e.keySpan, removal: e.removal, unit: e.unit.file });
  return {
    style: c.style,
    entries: [...c.entries].map(([k, e]) => [k, entry(e)]),
    openReason: c.openReason,
    unit: c.unit.file,
    openOffset: c.openOffset,
    closeOffset: c.closeOffset,
    items: c.items,
    insertInto: c.insertInto && containerShape(c.insertInto, depth + 1),
  };
}

function valueShape(v: PyValue, depth: number): unknown {
  if (depth > 12) return '…';
  switch (v.t) {
    case 'dict':
      return { t: v.t, container: containerShape(v.container, depth + 1) };
    case 'call':
      return { t: v.t, callee: v.callee, container: containerShape(v.container, depth + 1) };
    case 'list':
      return { t: v.t, items: v.items.map((i) => [valueShape(i.value, depth + 1), i.span]), openReason: v.openReason };
    case 'sdk':
      return { t: v.t, family: v.family, site: v.site?.call, region: v.region && valueShape(v.region, depth + 1) };
    case 'client':
    case 'boto-session':
    case 'sm-session':
      return { t: v.t, region: v.region && valueShape(v.region, depth + 1) };
    case 'str':
    case 'num':
    case 'bool':
    case 'none':
    case 'partial': {
      const { via, ...rest } = v;
      return via ? { ...rest, via: { name: via.name, unit: via.unit.file, span: via.span } } : rest;
    }
    default:
      return v;
  }
}

function bindings(evaluator: Evaluator): unknown {
  return [...evaluator.module.vars].map(([name, b]) => [name, valueShape(b.value, 0), b.unit.file, b.span]);
}
