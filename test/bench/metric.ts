/** One benchmark figure beside its baseline measured in the same run. */
export interface Metric {
  readonly value: number;
  readonly unit: string;
  /** The same measurement of the baseline (e.g. a JS Set, raw inserts); null when there is none. */
  readonly baseline: number | null;
  /** value / baseline (null without a baseline). */
  readonly ratio: number | null;
}

export type BenchPart = () => Promise<Record<string, Metric>>;

export function metric(value: number, unit: string, baseline: number | null): Metric {
  const round = (n: number): number => Number(n.toPrecision(4));
  return {
    value: round(value),
    unit,
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline === null || baseline === 0 ? null : round(value / baseline),
  };
}

/** Median of a list of samples. */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/**
 * A bench's progress line on stderr (`bench: <part>: <what> (<s> s)`, seconds since the part's first
 * line): a long part shows it is alive and where it is, so a hang names the step it stopped in.
 */
export function progress(part: string): (what: string) => void {
  const t0 = performance.now();
  return (what) => console.error(`bench: ${part}: ${what} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
