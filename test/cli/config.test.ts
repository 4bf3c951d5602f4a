import * as assert from 'assert';
import * as path from 'path';
import type { LintConfig } from '../../shared-rules/src/config';
import { DEFAULT_CONFIG, findConfigFile, isExcluded, parseLintConfig, parseLintConfigDetailed, parseSize } from '../../shared-rules/src/config';
import { loadSdkConfigs, mergeSdkConfigs, parseSdkConfig } from '../../shared-rules/src/sdk-config';
import { cleanWorkspaces, workspace } from './harness';

const root = path.resolve('/work-root/repo');
const configFile = path.join(root, '.sagemaker-lint.yaml');

function parsed(text: string): LintConfig {
  const r = parseLintConfig(text, configFile);
  if ('error' in r) assert.fail(r.error);
  return r.config;
}

function errorOf(text: string, file = configFile): string {
  const r = parseLintConfig(text, file);
  assert.ok('error' in r, 'an error was expected');
  assert.ok(!r.error.includes('\n'), `one line: ${r.error}`);
  return r.error;
}

describe('config: .sagemaker-lint.yaml', () => {
  it('reads every setting', () => {
    const c = parsed('rules:\n  SML001: error\n  sml010: off\n  SML013: information\nexclude:\n  - "legacy/**"\nmaxFileSize: 2MB\nsagemakerConfig: sdk/config.yaml\n');
    assert.deepStrictEqual(c.rules, { SML001: 'error', SML010: 'off', SML013: 'information' });
    assert.deepStrictEqual(c.exclude, ['legacy/**']);
    assert.strictEqual(c.maxFileSize, 2 * 1024 * 1024);
    assert.deepStrictEqual(c.sagemakerConfig, [path.join(root, 'sdk', 'config.yaml')]);
    assert.strictEqual(c.file, configFile);
  });

  it('uses the defaults for an empty file', () => {
    const c = parsed('# nothing yet\n');
    assert.deepStrictEqual({ ...c, file: undefined }, { ...DEFAULT_CONFIG, file: undefined });
    assert.strictEqual(DEFAULT_CONFIG.maxFileSize, 5 * 1024 * 1024);
  });

  it('accepts sizes as bytes or with a unit', () => {
    assert.strictEqual(parseSize(1000), 1000);
    assert.strictEqual(parseSize('500KB'), 500 * 1024);
    assert.strictEqual(parseSize('1.5 MB'), 1.5 * 1024 * 1024);
    assert.strictEqual(parseSize('10'), 10);
    assert.strictEqual(parseSize('0'), undefined);
    assert.strictEqual(parseSize('2 parsecs'), undefined);
    assert.strictEqual(parseSize(-1), undefined);
  });

  it('reports problems as one line with the position of the offending node', () => {
    assert.strictEqual(errorOf('rules:\n  SML999: error\n'), `${configFile}:2:3: unknown rule id \`SML999\` in \`rules\``);
    assert.strictEqual(errorOf('rules:\n  SML001: loud\n'), `${configFile}:2:11: \`rules.SML001\` must be one of off, information, warning, error`);
    assert.strictEqual(errorOf('exclude: []\nseverity: high\n'), `${configFile}:2:1: unknown setting \`severity\` (expected one of: rules, exclude, maxFileSize, sagemakerConfig)`);
    assert.match(errorOf('maxFileSize: -3\n'), /:1:14: `maxFileSize` must be/);
    assert.match(errorOf('exclude: "*.tf"\n'), /:1:10: `exclude` must be a list of glob patterns/);
    assert.match(errorOf('exclude: [1]\n'), /:1:11: `exclude` entries must be strings/);
    assert.match(errorOf('sagemakerConfig: [""]\n'), /`sagemakerConfig` entries must not be empty/);
    assert.match(errorOf('- rules\n'), /:1:1: the configuration must be a map/);
    assert.match(errorOf('rules: {SML001: error\n'), /^[^\n]+\.sagemaker-lint\.yaml:\d+:\d+: /);
    assert.match(errorOf('rules: {}\nrules: {}\n'), /:2:1: /);
  });

  it('gives the editor the problem position as 0-based data', () => {
    assert.deepStrictEqual(parseLintConfigDetailed('rules:\n  SML999: error\n', configFile), {
      problem: { file: configFile, line: 1, character: 2, message: 'unknown rule id `SML999` in `rules`' },
    });
  });

  it('finds the nearest config upwards and stops at the stop folder', () => {
    const files = new Set([path.join(root, '.sagemaker-lint.yaml'), path.join(root, 'team', '.sagemaker-lint.yml'), '/work-root/.sagemaker-lint.yaml']);
    const exists = (p: string) => files.has(p);
    assert.strictEqual(findConfigFile(path.join(root, 'team', 'infra'), root, exists), path.join(root, 'team', '.sagemaker-lint.yml'));
    assert.strictEqual(findConfigFile(path.join(root, 'other'), root, exists), path.join(root, '.sagemaker-lint.yaml'));
    assert.strictEqual(findConfigFile(path.join(root, 'other'), path.join(root, 'other'), exists), undefined);
    assert.strictEqual(findConfigFile('/elsewhere/x', '/elsewhere/x', exists), undefined);
  });

  it('excludes by globs relative to the config folder, folders included', () => {
    const c = parsed('exclude:\n  - generated\n  - "**/*.auto.tf"\n  - "modules/vendor/**"\n');
    assert.ok(isExcluded(c, path.join(root, 'generated')));
    assert.ok(isExcluded(c, path.join(root, 'generated', 'deep', 'main.tf')));
    assert.ok(isExcluded(c, path.join(root, 'a', 'b', 'x.auto.tf')));
    assert.ok(isExcluded(c, path.join(root, 'modules', 'vendor', 'y', 'main.tf')));
    assert.ok(!isExcluded(c, path.join(root, 'modules', 'own', 'main.tf')));
    assert.ok(!isExcluded(c, path.join(root, 'src', 'generated.tf')));
    assert.ok(!isExcluded(c, path.join('/elsewhere', 'generated', 'main.tf')), 'files outside the config folder are not matched');
    assert.ok(!isExcluded(DEFAULT_CONFIG, path.join(root, 'generated')));
  });
});

describe('config: SageMaker SDK config.yaml', () => {
  after(cleanWorkspaces);
  const file = '/work-root/sdk/config.yaml';

  function sdkError(text: string): string {
    const r = parseSdkConfig(text, file);
    assert.ok('error' in r, 'an error was expected');
    assert.ok(!r.error.includes('\n'));
    return r.error;
  }

  it('accepts a document with the settings this checker reads', () => {
    const text = [
      "SchemaVersion: '1.0'",
      'CustomParameters:',
      '  VPC: vpc-123',
      'SageMaker:',
      '  TrainingJob:',
      '    EnableNetworkIsolation: true',
      '    ResourceConfig:',
      '      VolumeKmsKeyId: alias/ml-volumes',
      '    VpcConfig:',
      '      Subnets: [subnet-1]',
      '      SecurityGroupIds: [sg-1]',
      '  EndpointConfig:',
      '    ProductionVariants:',
      '      - CoreDumpConfig:',
      '          KmsKeyId: alias/ml-dumps',
      '  PythonSDK:',
      '    Modules:',
      '      RemoteFunction:',
      '        S3KmsKeyId: alias/ml-out',
      '',
    ].join('\n');
    const r = parseSdkConfig(text, file);
    if ('error' in r) assert.fail(r.error);
    assert.deepStrictEqual((r.config.SageMaker as { TrainingJob: unknown }).TrainingJob, {
      EnableNetworkIsolation: true,
      ResourceConfig: { VolumeKmsKeyId: 'alias/ml-volumes' },
      VpcConfig: { Subnets: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
    });
  });

  it('rejects what the SDK rejects, in one line with a position', () => {
    assert.strictEqual(sdkError('SageMaker: {}\n'), `${file}:1:1: \`SchemaVersion: '1.0'\` is required`);
    assert.strictEqual(sdkError('SchemaVersion: 1.0\n'), `${file}:1:16: \`SchemaVersion\` must be the string '1.0'`);
    assert.match(sdkError("SchemaVersion: '1.0'\nSagemaker: {}\n"), /:2:1: unknown top-level key `Sagemaker`/);
    assert.match(sdkError("SchemaVersion: '1.0'\nSageMaker:\n  TrainingJob:\n    VolumeKmsKeyId: x\n"), /:4:5: unknown key `SageMaker\.TrainingJob\.VolumeKmsKeyId`/);
    assert.match(sdkError("SchemaVersion: '1.0'\nSageMaker:\n  TrainingJob:\n    EnableNetworkIsolation: 'yes'\n"), /:4:29: `SageMaker\.TrainingJob\.EnableNetworkIsolation` must be true or false/);
    assert.match(sdkError("SchemaVersion: '1.0'\nSageMaker:\n  Model:\n    VpcConfig:\n      Subnets: subnet-1\n"), /`SageMaker\.Model\.VpcConfig\.Subnets` must be a list of strings/);
    assert.match(sdkError("SchemaVersion: '1.0'\nSageMaker:\n  EndpointConfig:\n    KmsKeyId: 'not a key!'\n"), /must be a KMS key id/);
    assert.match(sdkError('- 1\n'), /must be a map/);
    assert.match(sdkError("SchemaVersion: '1.0'\nSageMaker: [\n"), /^\/work-root\/sdk\/config\.yaml:\d+:\d+: /);
  });

  it('merges documents like the SDK: maps key by key, later files win', () => {
    const merged = mergeSdkConfigs([
      { SchemaVersion: '1.0', SageMaker: { TrainingJob: { EnableNetworkIsolation: false, VpcConfig: { Subnets: ['a', 'b'] } }, Model: { EnableNetworkIsolation: true } } },
      { SchemaVersion: '1.0', SageMaker: { TrainingJob: { EnableNetworkIsolation: true, VpcConfig: { Subnets: ['c'] } } } },
    ]);
    assert.deepStrictEqual(merged, {
      SchemaVersion: '1.0',
      SageMaker: { TrainingJob: { EnableNetworkIsolation: true, VpcConfig: { Subnets: ['c'] } }, Model: { EnableNetworkIsolation: true } },
    });
    assert.deepStrictEqual(mergeSdkConfigs([]), {});
  });

  it('loads the files a config names: a folder stands for its config.yaml, later files win', () => {
    const ws = workspace({
      'admin/config.yaml': "SchemaVersion: '1.0'\nSageMaker:\n  Model:\n    EnableNetworkIsolation: false\n",
      'user.yaml': "SchemaVersion: '1.0'\nSageMaker:\n  Model:\n    EnableNetworkIsolation: true\n",
      'bad.yaml': 'SchemaVersion: 1\n',
    });
    const origin = `${ws}/.sagemaker-lint.yaml`;
    assert.deepStrictEqual(loadSdkConfigs([`${ws}/admin`, `${ws}/user.yaml`], origin), {
      config: { SchemaVersion: '1.0', SageMaker: { Model: { EnableNetworkIsolation: true } } },
    });
    assert.deepStrictEqual(loadSdkConfigs([`${ws}/none.yaml`], origin), { error: `${origin}: sagemakerConfig file not found: ${ws}/none.yaml` });
    const bad = loadSdkConfigs([`${ws}/user.yaml`, `${ws}/bad.yaml`], origin);
    assert.ok('error' in bad && bad.error.startsWith(`${ws}/bad.yaml:1:16: `), JSON.stringify(bad));
  });
});
