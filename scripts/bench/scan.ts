/**
 * In-process workspace scan for the benchmark when the CLI is not built: walks a folder, analyses
 * every file a dialect claims, across `--workers N` worker threads (folders split between them).
 * Prints `{"files": …, "analysed": …, "findings": …}` on stdout.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import type { SourceText } from '../../shared-rules/src/dialect';
import { Engine } from '../../shared-rules/src/engine';

const MAX_FILE_SIZE = 4 * 1024 * 1024;

function listFolders(root: string): { dir: string; files: string[] }[] {
  const out: { dir: string; files: string[] }[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const files: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) files.push(full);
    }
    out.push({ dir, files });
  }
  return out.sort((a, b) => a.dir.localeCompare(b.dir));
}

async function scanFolders(folders: { dir: string; files: string[] }[]): Promise<{ files: number; analysed: number; findings: number }> {
  const engine = await Engine.create();
  let files = 0;
  let analysed = 0;
  let findings = 0;
  for (const folder of folders) {
    const texts = new Map<string, SourceText>();
    const read = (file: string): SourceText | undefined => {
      if (!texts.has(file)) {
        const size = fs.statSync(file).size;
        if (size > MAX_FILE_SIZE) return undefined;
        texts.set(file, { path: file, text: fs.readFileSync(file, 'utf8') });
      }
      return texts.get(file);
    };
    const context = {
      folderFiles: (dir: string) =>
        dir === folder.dir ? folder.files.filter((f) => engine.adapterFor(f, '') !== undefined).flatMap((f) => read(f) ?? []) : [],
    };
    for (const file of folder.files) {
      files++;
      const source = read(file);
      if (!source || !engine.adapterFor(file, source.text)) continue;
      const result = engine.analyze(source, context);
      analysed++;
      findings += result.findings.length;
    }
    for (const f of folder.files) engine.forget(f);
  }
  return { files, analysed, findings };
}

async function main(): Promise<void> {
  const root = process.argv[2];
  const workersArg = process.argv.indexOf('--workers');
  const workers = workersArg > 0 ? Number(process.argv[workersArg + 1]) : 1;
  const folders = listFolders(root);
  if (workers <= 1) {
    process.stdout.write(JSON.stringify(await scanFolders(folders)) + '\n');
    return;
  }
  const shards: (typeof folders)[] = Array.from({ length: workers }, () => []);
  folders.forEach((f, i) => shards[i % workers].push(f));
  const results = await Promise.all(
    shards.map(
      (shard) =>
        new Promise<{ files: number; analysed: number; findings: number }>((resolve, reject) => {
          const worker = new Worker(__filename, { workerData: shard });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const total = results.reduce((a, r) => ({ files: a.files + r.files, analysed: a.analysed + r.analysed, findings: a.findings + r.findings }));
  process.stdout.write(JSON.stringify(total) + '\n');
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  scanFolders(workerData as { dir: string; files: string[] }[])
    .then((r) => parentPort!.postMessage(r))
    .catch((error: unknown) => {
      throw error;
    });
}
