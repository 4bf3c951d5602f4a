import * as os from 'os';
import { parentPort, Worker } from 'worker_threads';
import { Engine } from '../engine';
import type { FolderJob, FolderResult } from './analyze-folder';
import { analyzeFolder } from './analyze-folder';
import { renderJsonFolder } from './format-json';
import { renderTextFolder } from './format-text';
import { relativeTo, sortFindings } from './reporter';

export const WORKER_ROLE = 'sagemaker-lint-scan-worker';

/** Below this many files a scan runs on the main thread: starting workers costs more than it saves. */
export const WORKER_THRESHOLD = 200;

/**
 * How many worker threads a scan of `fileCount` files uses besides the main thread, which analyses
 * folders too (0: the main thread does all the work). A worker costs a second engine: start-up,
 * its own JIT warm-up and about 70 MB. Measured on the 5,000-file workspace on 2 cores, one worker
 * uses 10-25% more CPU in total; it gains wall time while a core is mostly free, and nothing at a
 * load average of 8, when the other core is taken anyway. The load average counts the last
 * minute, previous scans included, hence a threshold above the number of cores.
 * `SAGEMAKER_LINT_WORKERS` overrides the choice, for measuring and testing.
 */
export function workerCount(fileCount: number): number {
  const override = process.env.SAGEMAKER_LINT_WORKERS;
  if (override !== undefined && /^\d+$/.test(override)) return Number(override);
  if (fileCount <= WORKER_THRESHOLD) return 0;
  const cores = os.availableParallelism();
  return cores > 1 && os.loadavg()[0] < 2 * cores ? cores - 1 : 0;
}

/**
 * The worker's young generation, bounded for peak RSS (DESIGN §7: ≤ 250 MB). Measured on the
 * 5,000-file workspace with one worker, seven runs each, alternating: 24 MB gave 6.8-9.2 s and
 * 200-252 MB (median 7.5 s, 222 MB); 48 MB gave 6.7-7.7 s and 218-253 MB (median 6.9 s, 238 MB);
 * 64 MB went to 273-290 MB. Smaller means more scavenges, each copying what a folder's analysis keeps.
 */
const WORKER_OPTIONS = { workerData: { role: WORKER_ROLE }, resourceLimits: { maxYoungGenerationSizeMb: 48 } };

/** Jobs sent to a worker ahead of its results: the main thread hands out jobs only between its own folders. */
const IN_FLIGHT = 4;

/**
 * The scan's worker threads, started while the folders are still being walked: a worker needs
 * about 0.3 s to load the bundle and the grammars, which then overlaps the walk instead of
 * leaving a core idle at the start of the analysis.
 */
export class WorkerPool {
  readonly workers: Worker[] = [];
  /** An error a worker raised before `runJobs` took it over. */
  early: unknown;
  private considered = false;

  constructor(private readonly script: string) {}

  /** Called with the number of files found so far: starts the workers once the scan is large enough for them. */
  consider(files: number): void {
    if (this.considered || (files <= WORKER_THRESHOLD && process.env.SAGEMAKER_LINT_WORKERS === undefined)) return;
    this.considered = true;
    const count = workerCount(files);
    for (let i = 0; i < count; i++) {
      const worker = new Worker(this.script, WORKER_OPTIONS);
      worker.on('error', (error) => {
        this.early ??= error;
      });
      this.workers.push(worker);
    }
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Runs the jobs on the main thread and the pool's worker threads (none: the main thread does all
 * the work), and hands each result to `onResult` in job order, as soon as it and every earlier one
 * are done; `onResult` may wait (output backpressure). Terminates the pool's workers.
 */
export async function runJobs(jobs: FolderJob[], pool: WorkerPool, onResult: (r: FolderResult) => void | Promise<void>): Promise<void> {
  const engine = Engine.create();
  if (pool.workers.length === 0 || jobs.length <= 1) {
    await pool.terminate();
    const e = await engine;
    for (const job of jobs) await onResult(analyzeFolder(e, job));
    return;
  }
  const done = new Map<number, FolderResult>();
  let emitted = 0;
  let chain = Promise.resolve();
  const emit = () => {
    for (let r = done.get(emitted); r !== undefined; r = done.get(emitted)) {
      done.delete(emitted++);
      const result = r;
      chain = chain.then(() => onResult(result));
    }
  };
  let next = 0;
  let failure: unknown = pool.early;
  try {
    const pooled = pool.workers.slice(0, jobs.length - 1).map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const pending = new Set<number>();
          const fail = (error: unknown) => {
            failure ??= error;
            reject(error instanceof Error ? error : new Error(String(error)));
          };
          if (failure !== undefined) {
            fail(failure);
            return;
          }
          const send = () => {
            while (pending.size < IN_FLIGHT && next < jobs.length && failure === undefined) {
              const index = next++;
              pending.add(index);
              worker.postMessage({ index, job: jobs[index] });
            }
            if (pending.size === 0) resolve();
          };
          worker.on('message', (message: { index: number; result: FolderResult }) => {
            pending.delete(message.index);
            done.set(message.index, message.result);
            emit();
            send();
          });
          worker.on('error', fail);
          worker.on('exit', (code) => {
            if (pending.size > 0) fail(new Error(`scan worker stopped (exit code ${code})`));
          });
          send();
        }),
    );
    // The main thread takes jobs too, yielding between them so workers' results and requests are served.
    const local = (async () => {
      const e = await engine;
      while (next < jobs.length && failure === undefined) {
        const index = next++;
        done.set(index, rendered(jobs[index], analyzeFolder(e, jobs[index])));
        emit();
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all([...pooled, local]);
  } finally {
    await pool.terminate();
  }
  await chain;
}

/** The worker side: one engine per thread, one folder job per message. */
export function serveWorker(): void {
  const port = parentPort;
  if (!port) return;
  const engine = Engine.create();
  port.on('message', (message: { index: number; job: FolderJob }) => {
    engine.then(
      (e) => port.postMessage({ index: message.index, result: rendered(message.job, analyzeFolder(e, message.job)) }),
      (error: unknown) => {
        throw error;
      },
    );
  });
}

/** The folder's report text in place of its findings, when the job asks for it. */
function rendered(job: FolderJob, result: FolderResult): FolderResult {
  if (!job.render) return result;
  const render = job.render.format === 'json' ? renderJsonFolder : renderTextFolder;
  return { ...result, findings: [], rendered: render(sortFindings(result.findings), relativeTo(job.render.cwd)) };
}
