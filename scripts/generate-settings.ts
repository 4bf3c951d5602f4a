// Writes the extension's settings (`contributes.configuration` in package.json) from the rule
// registry. `npm run generate-settings`; test/packaging/settings.test.ts fails when it is stale.
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_MAX_FILE_SIZE } from '../shared-rules/src/config';
import { docsUrl, RULES } from '../shared-rules/src/rules/registry';

export const PACKAGE_JSON = path.resolve(__dirname, '..', 'package.json');

export function settingsContribution(): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    'sagemakerLint.enable': {
      type: 'boolean',
      default: true,
      scope: 'resource',
      description: 'Analyse Terraform, CloudFormation and Python files and notebooks in this folder.',
    },
    'sagemakerLint.exclude': {
      type: 'array',
      items: { type: 'string' },
      default: [],
      scope: 'resource',
      markdownDescription: 'Globs (relative to the workspace folder) of files never analysed, in addition to the `exclude` list of `.sagemaker-lint.yaml`.',
    },
    'sagemakerLint.maxFileSize': {
      type: 'number',
      default: 0,
      minimum: 0,
      scope: 'resource',
      markdownDescription: `Files larger than this many bytes are skipped. \`0\` uses \`maxFileSize\` from \`.sagemaker-lint.yaml\`, else ${DEFAULT_MAX_FILE_SIZE} bytes.`,
    },
    'sagemakerLint.debounceMs': {
      type: 'number',
      default: 200,
      minimum: 0,
      scope: 'resource',
      description: 'Milliseconds to wait after the last keystroke before a document is analysed again.',
    },
  };
  for (const rule of RULES) {
    properties[`sagemakerLint.rules.${rule.id}`] = {
      type: 'string',
      enum: ['default', 'off', 'information', 'warning', 'error'],
      enumDescriptions: [
        `As set in .sagemaker-lint.yaml, else the rule's default (${rule.defaultSeverity}).`,
        'Never report this rule.',
        'Report as information.',
        'Report as a warning.',
        'Report as an error.',
      ],
      default: 'default',
      scope: 'resource',
      markdownDescription: `**${rule.id}** ${rule.title}. Default severity: ${rule.defaultSeverity}. [Documentation](${docsUrl(rule)})`,
    };
  }
  return { title: 'SageMaker Lint', properties };
}

/** package.json with the generated settings, formatted the way npm writes it. */
export function withGeneratedSettings(packageJsonText: string): string {
  const manifest = JSON.parse(packageJsonText) as { contributes?: Record<string, unknown> };
  manifest.contributes = { ...manifest.contributes, configuration: settingsContribution() };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

if (require.main === module) {
  const before = fs.readFileSync(PACKAGE_JSON, 'utf8');
  const after = withGeneratedSettings(before);
  if (after !== before) fs.writeFileSync(PACKAGE_JSON, after);
  console.log(after === before ? 'package.json settings are up to date' : 'package.json settings regenerated');
}
