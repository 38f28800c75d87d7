import { describe, expect, it } from 'vitest';
import { computeLaneStats, LaneStatsCollector, median } from '../../../proxy/src/logs/lane-stats.js';
import { RequestLog, taggedLog, type RequestRecord } from '../../../proxy/src/logs/request-log.js';

const rec = (over: Partial<RequestRecord>): RequestRecord => ({
  id: 'r',
  startedAt: 1000,
  durationMs: 100,
  route: '/v1/messages',
  clientModel: 'm',
  upstreamModel: null,
  accountId: null,
  stream: true,
  status: 200,
  outcome: 'ok',
  attempts: 1,
  inputTokens: 10,
  outputTokens: 2,
  cachedTokens: 1,
  ...over,
});

describe('lane statistics', () => {
  it('counts requests, failures, fallbacks, aborted, tokens and the median latency per lane', () => {
    const s = computeLaneStats([
      rec({ durationMs: 300 }),
      rec({ lane: 'codex', durationMs: 100 }),
      rec({ lane: 'haiku', durationMs: 50 }),
      rec({ lane: 'haiku', outcome: 'error', fallback: true, durationMs: 9, inputTokens: 0, outputTokens: 0, cachedTokens: 0 }),
      rec({ lane: 'codex', fallback: true, durationMs: 200 }),
      rec({ lane: 'haiku', outcome: 'aborted', status: 499, inputTokens: 0, outputTokens: 0, cachedTokens: 0 }),
    ]);
    expect(s.since).toBe(1000);
    expect(s.lanes.codex).toEqual({ requests: 3, ok: 3, failures: 0, fallbacks: 1, aborted: 0, medianLatencyMs: 200, inputTokens: 30, outputTokens: 6, cachedTokens: 3 });
    expect(s.lanes.haiku).toEqual({ requests: 3, ok: 1, failures: 1, fallbacks: 1, aborted: 1, medianLatencyMs: 50, inputTokens: 10, outputTokens: 2, cachedTokens: 1 });
    expect(computeLaneStats([]).lanes.haiku.medianLatencyMs).toBeNull();
  });

  it('keeps the latency window bounded and takes the median of even counts', () => {
    expect(median([1, 2, 3, 10])).toBe(3);
    const c = new LaneStatsCollector(2);
    for (const d of [1000, 10, 20]) c.add(rec({ durationMs: d }));
    expect(c.snapshot().lanes.codex.medianLatencyMs).toBe(15);
  });

  it('taggedLog stamps records and forwards them to the real log', () => {
    const log = new RequestLog();
    const seen: RequestRecord[] = [];
    log.on('record', (r) => seen.push(r));
    taggedLog(log, { lane: 'codex', fallback: true }).add(rec({}));
    expect(seen[0]).toMatchObject({ lane: 'codex', fallback: true });
    expect(log.recent()).toHaveLength(1);
  });
});
