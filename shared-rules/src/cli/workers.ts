import * as os from 'os';
import { parentPort, Worker } from 'worker_threads';
import { Engine } from '../engine';
import type { FolderJob, FolderResult } from './analyze-folder';
import { analyzeFolder } from './analyze-folder';

export const WORKER_ROLE = 'sagemaker-lint-scan-worker';

/** Below this many files a scan runs on the main thread: starting workers costs more than it saves. */
export const WORKER_THRESHOLD = 200;

/**
 * How many worker threads a scan of `fileCount` files uses (0: the main thread does the work).
 * `SAGEMAKER_LINT_WORKERS` overrides it, for measuring and testing.
 */
export function workerCount(fileCount: number): number {
  const override = process.env.SAGEMAKER_LINT_WORKERS;
  if (override !== undefined && /^\d+$/.test(override)) return Number(override);
  if (fileCount <= WORKER_THRESHOLD) return 0;
  const cores = os.availableParallelism();
  return cores > 1 ? cores : 0;
}

/** Runs the jobs on `workers` threads (or in-process for 0); results in job order. */
export async function runJobs(jobs: FolderJob[], workers: number, script: string): Promise<FolderResult[]> {
  if (workers <= 0 || jobs.length <= 1) {
    const engine = await Engine.create();
    return jobs.map((job) => analyzeFolder(engine, job));
  }
  const results: FolderResult[] = new Array<FolderResult>(jobs.length);
  let next = 0;
  const pool = Array.from({ length: Math.min(workers, jobs.length) }, () => new Worker(script, { workerData: { role: WORKER_ROLE } }));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let current = -1;
            const send = () => {
              if (next >= jobs.length) {
                resolve();
                return;
              }
              current = next++;
              worker.postMessage({ index: current, job: jobs[current] });
            };
            worker.on('message', (message: { index: number; result: FolderResult }) => {
              results[message.index] = message.result;
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (current >= 0 && results[current] === undefined) reject(new Error(`scan worker stopped (exit code ${code})`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}

/** The worker side: one engine per thread, one folder job per message. */
export function serveWorker(): void {
  const port = parentPort;
  if (!port) return;
  const engine = Engine.create();
  port.on('message', (message: { index: number; job: FolderJob }) => {
    engine.then(
      (e) => port.postMessage({ index: message.index, result: analyzeFolder(e, message.job) }),
      (error: unknown) => {
        throw error;
      },
    );
  });
}
