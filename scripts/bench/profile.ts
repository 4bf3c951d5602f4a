import * as inspector from 'inspector';
import { findSourceMap } from 'module';
import * as path from 'path';
import { fileURLToPath } from 'url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));
}

/** Runs `work` under the V8 CPU profiler and returns the functions with the most inclusive time. */
export async function profileInclusive(work: () => void, top = 12): Promise<{ name: string; ms: number; share: number }[]> {
  const session = new inspector.Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  work();
  const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
  session.disconnect();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode): string => {
    const file = sourceFile(n.callFrame);
    const fn = n.callFrame.functionName || '(anonymous)';
    if (file.endsWith('.wasm') || /^(wasm-function|js-to-wasm|wasm-to-js)/.test(fn)) return 'tree-sitter (WASM)';
    return file ? `${fn} (${file})` : fn;
  };
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  return [...inclusive.entries()]
    .filter(([k]) => !['(root)', '(program)', '(idle)'].includes(k) && !/bench|profile|task_queues/.test(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, ms: us / 1000, share: total > 0 ? us / total : 0 }));
}

/** The source file of a frame: through the bundle's source map when the benchmark runs bundled. */
function sourceFile(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return '';
  let generated = frame.url;
  try {
    if (generated.startsWith('file:')) generated = fileURLToPath(generated);
    const entry = findSourceMap(generated)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && 'originalSource' in entry && entry.originalSource) return path.basename(entry.originalSource);
  } catch {
    // No source map for this frame: its own file name.
  }
  return path.basename(frame.url);
}
