/** RequestLog: finished, in-flight and rejected requests; the persisted sink; filters. */
import { describe, expect, it } from 'vitest';
import { RequestLog, taggedLog, type RequestLogSink, type RequestRecord } from '../../../proxy/src/logs/request-log.js';
import { filterRecords } from '../../../proxy/src/requests/filter.js';
import { rec } from '../requests/records.js';


describe('RequestLog', () => {
  it('keeps add/recent/total/record working as a ring buffer', () => {
    const log = new RequestLog(2);
    const seen: string[] = [];
    log.on('record', (r) => seen.push(r.id));
    for (const id of ['1', '2', '3']) log.add(rec({ id }));
    expect(log.recent().map((r) => r.id)).toEqual(['2', '3']);
    expect(log.total).toBe(3);
    expect(seen).toEqual(['1', '2', '3']);
  });

  it('lists a request in flight with its live duration until it finishes, then records it', () => {
    let now = 10_000;
    const log = new RequestLog(10, { now: () => now });
    const events: string[] = [];
    log.on('begin', (r) => events.push(`begin:${r.id}`));
    log.on('end', (id) => events.push(`end:${id}`));
    const h = log.begin({ id: 'req_1', route: '/v1/messages', clientModel: 'claude-opus-5-5', stream: true });
    h.update({ accountId: 'a', upstreamModel: 'gpt-6.1-sol' });
    now = 14_000;
    expect(log.inFlight()).toEqual([
      { id: 'req_1', route: '/v1/messages', clientModel: 'claude-opus-5-5', stream: true, startedAt: 10_000, lane: 'codex', accountId: 'a', upstreamModel: 'gpt-6.1-sol', durationMs: 4000 },
    ]);
    expect(log.recent()).toEqual([]);
    const { id: _i, startedAt: _s, ...rest } = rec();
    const r = h.finish({ ...rest, durationMs: 4000 });
    expect(r).toMatchObject({ id: 'req_1', startedAt: 10_000, durationMs: 4000 });
    expect(log.inFlight()).toEqual([]);
    expect(log.recent().map((x) => x.id)).toEqual(['req_1']);
    h.finish({ ...rest, durationMs: 1 }); // a second finish is ignored
    expect(log.total).toBe(1);
    expect(events).toEqual(['begin:req_1', 'end:req_1']);
  });

  it('records a rejected request (no attempt) so it reaches the log and statistics', () => {
    const log = new RequestLog(10, { now: () => 5 });
    const r = log.reject({ id: 'req_bad', route: '/v1/messages', status: 401, errorType: 'authentication_error' });
    expect(r).toMatchObject({ id: 'req_bad', startedAt: 5, status: 401, outcome: 'error', attempts: 0, errorType: 'authentication_error', accountId: null, inputTokens: 0 });
    expect(log.recent()).toEqual([r]);
    expect(log.total).toBe(1);
  });

  it('preloads the sink’s retained records and appends new ones to it (total counts this run only)', () => {
    const appended: RequestRecord[] = [];
    const sink: RequestLogSink = { load: () => [rec({ id: 'old1' }), rec({ id: 'old2' })], append: (r) => appended.push(r), flush: async () => undefined };
    const log = new RequestLog(10, { sink });
    expect(log.recent().map((r) => r.id)).toEqual(['old1', 'old2']);
    expect(log.total).toBe(0);
    log.add(rec({ id: 'new' }));
    expect(appended.map((r) => r.id)).toEqual(['new']);
  });

  it('taggedLog still stamps and forwards', () => {
    const inner = new RequestLog(10);
    taggedLog(inner, { lane: 'haiku', fallback: true }).add(rec({ id: 'x' }));
    expect(inner.recent()[0]).toMatchObject({ id: 'x', lane: 'haiku', fallback: true });
  });
});

describe('filterRecords', () => {
  const records = [
    rec({ id: 'ok' }),
    rec({ id: 'err', outcome: 'error', status: 529, errorType: 'overloaded_error', accountId: 'b' }),
    rec({ id: 'rej', outcome: 'error', status: 400, attempts: 0, accountId: null, upstreamModel: null }),
    rec({ id: 'ab', outcome: 'aborted', status: 499 }),
    rec({ id: 'fo', attempts: 2, accountId: 'b', chain: [{ upstream: 'codex', accountId: 'a', model: 'gpt-5.6-sol', outcome: 'failed', status: 429 }, { upstream: 'codex', accountId: 'b', model: 'gpt-5.6-sol', outcome: 'ok' }] }),
    rec({ id: 'hk', lane: 'haiku', clientModel: 'claude-haiku-5-5', upstreamModel: 'qwen/qwen3' }),
  ];
  const ids = (f: Parameters<typeof filterRecords>[1]) => filterRecords(records, f).map((r) => r.id);

  it('by status: ok, error (not rejected), rejected, aborted, failover', () => {
    expect(ids({ status: 'ok' })).toEqual(['ok', 'fo', 'hk']);
    expect(ids({ status: 'error' })).toEqual(['err']);
    expect(ids({ status: 'rejected' })).toEqual(['rej']);
    expect(ids({ status: 'aborted' })).toEqual(['ab']);
    expect(ids({ status: 'failover' })).toEqual(['fo']);
  });

  it('by model (client or upstream, case-insensitive), account (incl. any attempt of the chain), lane; limit keeps the newest', () => {
    expect(ids({ model: 'QWEN' })).toEqual(['hk']);
    expect(ids({ model: 'haiku' })).toEqual(['hk']);
    expect(ids({ accountId: 'b' })).toEqual(['err', 'fo']);
    expect(ids({ accountId: 'a', status: 'failover' })).toEqual(['fo']);
    expect(ids({ lane: 'haiku' })).toEqual(['hk']);
    expect(ids({ lane: 'codex' })).toHaveLength(5);
    expect(ids({ limit: 2 })).toEqual(['fo', 'hk']);
  });
});
