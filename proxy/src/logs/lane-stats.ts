/**
 * Per-lane statistics (requests, failures, fallbacks, median latency, tokens), fed from the request records.
 * Counters cover the proxy's lifetime; the median is over a bounded window of recent successful requests.
 */
import type { LaneStats, LaneStatsEntry } from '../contract.js';
import type { RequestRecord } from './request-log.js';

export type LaneName = keyof LaneStats['lanes'];

export const LATENCY_WINDOW = 200;

export function laneOf(r: Pick<RequestRecord, 'lane'>): LaneName {
  return r.lane === 'haiku' ? 'haiku' : 'codex';
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

interface Counters extends Omit<LaneStatsEntry, 'medianLatencyMs'> {
  latencies: number[];
}

const empty = (): Counters => ({ requests: 0, ok: 0, failures: 0, fallbacks: 0, aborted: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, latencies: [] });

export class LaneStatsCollector {
  private readonly lanes: Record<LaneName, Counters> = { codex: empty(), haiku: empty() };
  private since: number | null = null;

  constructor(private readonly window = LATENCY_WINDOW) {}

  add(r: RequestRecord): void {
    const c = this.lanes[laneOf(r)];
    this.since ??= r.startedAt;
    c.requests++;
    if (r.outcome === 'ok') {
      c.ok++;
      c.latencies.push(r.durationMs);
      if (c.latencies.length > this.window) c.latencies.shift();
    } else if (r.outcome === 'aborted') c.aborted++;
    else c.failures++;
    if (r.fallback) c.fallbacks++;
    c.inputTokens += r.inputTokens;
    c.outputTokens += r.outputTokens;
    c.cachedTokens += r.cachedTokens;
  }

  snapshot(): LaneStats {
    const entry = ({ latencies, ...rest }: Counters): LaneStatsEntry => ({ ...rest, medianLatencyMs: median(latencies) });
    return { since: this.since, lanes: { codex: entry(this.lanes.codex), haiku: entry(this.lanes.haiku) } };
  }
}

/** The statistics of a list of records (same rules as the collector). */
export function computeLaneStats(records: readonly RequestRecord[]): LaneStats {
  const c = new LaneStatsCollector(Number.MAX_SAFE_INTEGER);
  for (const r of records) c.add(r);
  return c.snapshot();
}
