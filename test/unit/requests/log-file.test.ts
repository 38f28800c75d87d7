/** The persisted request log: redacted JSON lines, retention by age and count, compaction, corrupt lines. */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RequestLog } from '../../../proxy/src/logs/request-log.js';
import { applyRetention, JsonlRequestLogFile, redactRecord } from '../../../proxy/src/requests/log-file.js';
import { rec } from './records.js';

const DAY = 86_400_000;
const tmp = () => path.join(mkdtempSync(path.join(tmpdir(), 'ccp-log-')), 'requests.jsonl');
const lines = (f: string) => readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string });

describe('request log file', () => {
  it('strips everything outside the record whitelist (no content, no secrets) and refuses malformed records', () => {
    const leaky = { ...rec(), prompt: 'secret prompt', headers: { authorization: 'Bearer sk-live' }, chain: [{ upstream: 'codex', accountId: 'a', model: 'm', outcome: 'ok', token: 't' }] };
    const safe = redactRecord(leaky)!;
    expect(JSON.stringify(safe)).not.toMatch(/secret prompt|sk-live|"token"/);
    expect(safe.chain).toEqual([{ upstream: 'codex', accountId: 'a', model: 'm', outcome: 'ok' }]);
    expect(redactRecord({ id: 'x' })).toBeNull();
  });

  it('applyRetention drops records older than the retention days, then keeps the newest maxEntries', () => {
    const now = 100 * DAY;
    const rs = [rec({ id: 'old', startedAt: now - 8 * DAY }), rec({ id: 'a', startedAt: now - 2 * DAY }), rec({ id: 'b', startedAt: now - DAY }), rec({ id: 'c', startedAt: now })];
    expect(applyRetention(rs, { days: 7, maxEntries: 10 }, now).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(applyRetention(rs, { days: 7, maxEntries: 2 }, now).map((r) => r.id)).toEqual(['b', 'c']);
  });

  it('persists across a restart (0600), skipping a torn line and compacting the file', async () => {
    const file = tmp();
    const now = 50 * DAY;
    const retention = { days: 7, maxEntries: 100 };
    const first = new RequestLog(10, { sink: new JsonlRequestLogFile(file, () => retention, () => now) });
    first.add(rec({ id: 'one', startedAt: now - 1000 }));
    first.reject({ id: 'two', route: '/v1/messages', status: 401, errorType: 'authentication_error', startedAt: now - 500 });
    const sink1 = (first as unknown as { sink: JsonlRequestLogFile }).sink;
    await sink1.flush();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"id":"torn`);

    const sink2 = new JsonlRequestLogFile(file, () => retention, () => now);
    const second = new RequestLog(10, { sink: sink2 });
    expect(second.recent().map((r) => r.id)).toEqual(['one', 'two']);
    await sink2.flush();
    expect(lines(file).map((r) => r.id)).toEqual(['one', 'two']); // the torn line is gone
  });

  it('compacts when the file grows past the max count, and applies a shorter retention on compact()', async () => {
    const file = tmp();
    let now = 10 * DAY;
    const retention = { days: 7, maxEntries: 5 };
    const sink = new JsonlRequestLogFile(file, () => retention, () => now);
    sink.load();
    for (let i = 0; i < 60; i++) sink.append(rec({ id: `r${i}`, startedAt: now - (60 - i) * 1000 }));
    await sink.flush();
    const kept = lines(file);
    expect(kept.length).toBeLessThanOrEqual(5 + 50);
    expect(kept.at(-1)!.id).toBe('r59');
    const reader = new JsonlRequestLogFile(file, () => retention, () => now);
    expect(reader.load().map((r) => r.id)).toEqual(['r55', 'r56', 'r57', 'r58', 'r59']);
    await reader.flush(); // its load compacted the file to the retained five
    expect(lines(file)).toHaveLength(5);

    now += 30 * DAY;
    sink.compact();
    await sink.flush();
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('a missing file is an empty log', () => {
    expect(new JsonlRequestLogFile(tmp(), () => ({ days: 7, maxEntries: 10 })).load()).toEqual([]);
  });
});
