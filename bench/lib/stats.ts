/** Pure statistics for the bench: nearest-rank percentiles over latency samples. */

/** Nearest-rank percentile (q in 0..1) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export interface Spread {
  n: number;
  p50: number;
  p99: number;
}

export function spread(samples: readonly number[]): Spread {
  return { n: samples.length, p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}
