import * as assert from 'assert';
import type { Engine } from '../../shared-rules/src/engine';
import { cleanWorkspaces, runCli, workspace } from '../cli/harness';
import { Random } from '../support/random';
import { cloudFormationJson, cloudFormationYaml, notebook, pythonFile, terraformFile } from '../support/workload';
import { analyseSurviving, assertMemoryBounded, assertScanCompleted, cliBuilt, sharedEngine } from './support';

/** Byte sequences that are not UTF-8: stray continuation bytes, overlong forms, surrogates, truncated sequences, 0xFF. */
const INVALID = [[0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0xff], [0xfe, 0xff], [0xf8, 0x88, 0x80, 0x80, 0x80]].map((b) => Buffer.from(b));

function withInvalidBytes(text: string, seed: number): Buffer {
  const r = new Random(seed);
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < 20; i++) {
    const next = Math.min(bytes.length, at + r.int(Math.max(1, bytes.length / 10)));
    parts.push(bytes.subarray(at, next), r.pick(INVALID));
    at = next;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

function binary(seed: number, size: number): Buffer {
  const r = new Random(seed);
  return Buffer.from(Array.from({ length: size }, () => (r.chance(0.1) ? 0 : r.int(256))));
}

const SOURCES: Record<string, string> = {
  'main.tf': terraformFile(1, 120).text,
  'terraform.tfvars': 'kms_key_arn = "alias/aws/sagemaker"\n',
  'stack.yaml': cloudFormationYaml(2, 6),
  'stack.template.json': cloudFormationJson(3, 6),
  'train.py': pythonFile(4, 6),
  'explore.ipynb': notebook(5, 6),
};

/** Every file as the CLI and the server read it: bytes decoded leniently (invalid sequences become U+FFFD). */
const FILES: Record<string, Buffer> = {};
for (const [name, text] of Object.entries(SOURCES)) {
  FILES[`invalid/${name}`] = withInvalidBytes(text, name.length);
  FILES[`binary/${name}`] = binary(name.length, 4096);
  FILES[`nul/${name}`] = Buffer.from(text.replace(/\n/g, '\n\u0000'), 'utf8');
}

describe('adversarial: invalid UTF-8 and binary files', () => {
  let engine: Engine;
  before(async () => (engine = await sharedEngine()));
  after(cleanWorkspaces);

  for (const [name, bytes] of Object.entries(FILES)) {
    it(name, () => {
      analyseSurviving(engine, `/adversarial/${name}`, bytes.toString('utf8'));
      analyseSurviving(engine, `/adversarial/latin1/${name}`, bytes.toString('latin1'));
    });
  }

  it('completes a CLI scan of all of them', function () {
    if (!cliBuilt()) this.skip();
    const findings = assertScanCompleted(runCli(['scan', '.', '--format', 'json'], workspace(FILES)));
    assert.ok(findings.length > 0, 'the readable parts are still reported');
    assertMemoryBounded();
  });
});
