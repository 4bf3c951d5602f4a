import { once } from 'events';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import * as v8 from 'v8';
import { isMainThread, workerData } from 'worker_threads';
import { version } from '../../../package.json';
import type { Severity } from '../model';
import { jsonReporter } from './format-json';
import { sarifReporter } from './format-sarif';
import { textReporter } from './format-text';
import { relativeTo, sortFindings } from './reporter';
import { planScan, UsageError } from './scan';
import { runJobs, serveWorker, WORKER_ROLE, WorkerPool } from './workers';

const USAGE = `Usage: sagemaker-lint scan [paths…] [options]

Scans Terraform, CloudFormation and Python (SageMaker SDK, boto3, notebooks) files for SageMaker
resources without customer-managed KMS keys or network isolation.

Options:
  -f, --format text|json|sarif        output format (default: text)
  -o, --output FILE                   write the report to FILE instead of stdout
  -c, --config FILE                   use this .sagemaker-lint.yaml for every file
  -p, --parameter KEY=VALUE           CloudFormation parameter value for this deployment,
                                      overriding the template's default (repeatable)
      --fail-on error|warning|information
                                      lowest severity that makes the exit code 1
                                      (default: information, i.e. any unsuppressed finding)
  -h, --help                          show this help
  -v, --version                       print the version

Exit codes: 0 no unsuppressed finding at or above --fail-on; 1 findings; 2 usage or
configuration error (one line on stderr).
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
const SEVERITY_RANK: Record<Severity, number> = { information: 0, warning: 1, error: 2 };

interface Io {
  cwd: string;
  /** May return a promise that settles when the stream can take more (backpressure). */
  stdout(text: string): void | Promise<void>;
  stderr(text: string): void;
}

/** Runs the CLI; resolves to the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        parameter: { type: 'string', short: 'p', multiple: true },
        'fail-on': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return usageError(io, argumentProblem(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    await io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    await io.stdout(`${version}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command === undefined) return usageError(io, 'missing command: use `sagemaker-lint scan [paths…]` (see --help)');
  if (command !== 'scan') return usageError(io, `unknown command '${command}' (the only command is scan; see --help)`);
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) return usageError(io, `--format must be one of ${FORMATS.join(', ')}, not '${format}'`);
  const failOn = values['fail-on'] ?? 'information';
  if (!(failOn in SEVERITY_RANK)) return usageError(io, `--fail-on must be one of error, warning, information, not '${failOn}'`);
  if (values.output !== undefined && values.output.trim() === '') return usageError(io, '--output needs a file name');
  const parameters: Record<string, string> = {};
  for (const assignment of values.parameter ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) return usageError(io, `--parameter takes KEY=VALUE, not '${assignment}'`);
    parameters[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }

  // Workers start while the folders are walked (when there are enough files); stopped on every path.
  const pool = new WorkerPool(__filename);
  try {
    return await scan({ paths, format, failOn: failOn as Severity, output: values.output, config: values.config, parameters: values.parameter ? parameters : undefined }, io, pool);
  } finally {
    await pool.terminate();
  }
}

interface ScanOptions {
  paths: string[];
  format: string;
  failOn: Severity;
  output: string | undefined;
  config: string | undefined;
  parameters: Record<string, string> | undefined;
}

async function scan(options: ScanOptions, io: Io, pool: WorkerPool): Promise<number> {
  const { paths, format, output, config, parameters } = options;
  const relative = relativeTo(io.cwd);
  const relativize = (message: string) => message.split(io.cwd + path.sep).join('');

  let plan;
  try {
    plan = planScan({ progress: (files) => pool.consider(files), paths, cwd: io.cwd, keepFixes: format === 'sarif', ...(format !== 'sarif' ? { render: { format: format as 'text' | 'json', cwd: io.cwd } } : {}), ...(parameters ? { parameters } : {}), ...(config !== undefined ? { configFile: config } : {}) });
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, relativize(error.message));
    throw error;
  }
  let write: (text: string) => void | Promise<void> = (text) => io.stdout(text);
  let fd: number | undefined;
  if (output !== undefined) {
    try {
      fd = fs.openSync(path.resolve(io.cwd, output), 'w');
    } catch (error) {
      return usageError(io, `cannot write ${output}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    const out = fd;
    write = (text) => void fs.writeSync(out, text);
  }
  const reporter = format === 'json' ? jsonReporter(relative) : format === 'sarif' ? sarifReporter(io.cwd, version) : textReporter(relative);
  const threshold = SEVERITY_RANK[options.failOn];
  const notices = [...plan.notices];
  let filesAnalysed = 0;
  let failing = false;
  try {
    for (const notice of plan.notices) io.stderr(`notice: ${relativize(notice)}\n`);
    await write(reporter.begin());
    await runJobs(plan.jobs, pool, async (result) => {
      for (const notice of result.notices) io.stderr(`notice: ${relativize(notice)}\n`);
      notices.push(...result.notices);
      filesAnalysed += result.analysed.length;
      let text: string;
      if (result.rendered && reporter.rendered) {
        const { counts } = result.rendered;
        failing ||= (Object.keys(counts) as Severity[]).some((s) => counts[s] > 0 && SEVERITY_RANK[s] >= threshold);
        text = reporter.rendered(result.rendered);
      } else {
        const findings = sortFindings(result.findings);
        failing ||= findings.some((f) => !f.suppressed && SEVERITY_RANK[f.severity] >= threshold);
        text = reporter.folder(findings);
      }
      if (text !== '') await write(text);
    });
    await write(reporter.end({ notices, filesAnalysed }));
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return failing ? 1 : 0;
}

function usageError(io: Io, message: string): number {
  io.stderr(`sagemaker-lint: ${message}\n`);
  return 2;
}

function argumentProblem(error: unknown): string {
  const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `unknown option '${option}' (see --help)`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${message.split(/\.\s|\n/)[0].replace(/^Option /, 'option ')} (see --help)`;
  return message.split('\n')[0];
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
  serveWorker();
} else if (require.main === module) {
  // What a scan keeps alive is small (10-20 MB per thread after a full collection), but V8 lets the
  // old generation grow to four times that between full collections when they are cheap: peak RSS
  // went to 226-273 MB on the 5,000-file workspace with one worker. Doubling it at most keeps it at
  // 204-213 MB for about 4% more time (half: 195 MB, 7%). Set before the workers start: it holds for them too.
  v8.setFlagsFromString('--heap-growing-percent=100');
  const io: Io = {
    cwd: process.cwd(),
    stdout: (t) => (process.stdout.write(t) ? undefined : once(process.stdout, 'drain').then(() => undefined)),
    stderr: (t) => void process.stderr.write(t),
  };
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`sagemaker-lint: internal error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
