/** Percentile by nearest rank over a copy of the samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (samples: number[]): number => percentile(samples, 50);

/** A figure measured over repeated runs: the median of the runs and their spread. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function figure(perRun: number[]): Figure {
  return { median: median(perRun), min: Math.min(...perRun), max: Math.max(...perRun), runs: perRun.length };
}

export function formatFigure(f: Figure | undefined, unit: string, digits = 1): string {
  if (!f || Number.isNaN(f.median)) return 'n/a';
  const n = (x: number): string => x.toFixed(digits);
  return `${n(f.median)} ${unit} (${n(f.min)}–${n(f.max)}, ${f.runs} runs)`;
}
