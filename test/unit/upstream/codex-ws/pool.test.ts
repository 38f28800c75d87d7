import { describe, expect, it } from 'vitest';
import { poolKey, WarmSocketPool, type PoolSocket } from '../../../../proxy/src/upstream/codex-ws/pool.js';

class FakeSocket implements PoolSocket {
  isOpen = true;
  busy = false;
  closed = 0;
  terminated = 0;
  constructor(readonly openedAt: number) {}
  close(): void {
    this.closed++;
    this.isOpen = false;
  }
  terminate(): void {
    this.terminated++;
    this.isOpen = false;
  }
}

const parts = (over: Partial<{ accountId: string; sessionId: string; variant: string; identity: string }> = {}) => ({ accountId: 'a', sessionId: 's', variant: 'v', identity: 'o|default', ...over });

function setup() {
  let t = 0;
  const pool = new WarmSocketPool<FakeSocket>({ now: () => t, pruneEveryMs: 0, maxAgeMs: 55 * 60_000, idleMs: 5 * 60_000 });
  const made: FakeSocket[] = [];
  const dial = async () => {
    const s = new FakeSocket(t);
    made.push(s);
    return { ok: true as const, socket: s };
  };
  const get = async (p = parts(), token = 'tok') => {
    const r = await pool.acquire(p, token, dial);
    if (!r.ok) throw new Error('dial failed');
    return r.lease;
  };
  return { pool, made, get, advance: (ms: number) => (t += ms) };
}

describe('warm-socket pool', () => {
  it('keys by account, session, variant and identity/tier', () => {
    const k = poolKey(parts());
    expect(poolKey(parts({ accountId: 'b' }))).not.toBe(k);
    expect(poolKey(parts({ sessionId: 't' }))).not.toBe(k);
    expect(poolKey(parts({ variant: 'w' }))).not.toBe(k);
    expect(poolKey(parts({ identity: 'o|priority' }))).not.toBe(k);
  });
  it('sequential turns reuse one socket (one handshake)', async () => {
    const { pool, made, get } = setup();
    for (let i = 0; i < 5; i++) {
      const l = await get();
      expect(l.reused).toBe(i > 0);
      pool.release(l, { reusable: true });
    }
    expect(made).toHaveLength(1);
    expect(pool.dials).toBe(1);
  });
  it('a busy socket → a one-off socket, closed after its turn, never queued', async () => {
    const { pool, made, get } = setup();
    const first = await get();
    first.socket.busy = true;
    const second = await get();
    expect(second.oneOff).toBe(true);
    expect(second.socket).not.toBe(first.socket);
    pool.release(second, { reusable: true });
    expect(made[1]!.closed).toBe(1);
    first.socket.busy = false;
    pool.release(first, { reusable: true });
    expect((await get()).socket).toBe(first.socket);
  });
  it('rotates a socket at 55 minutes between requests', async () => {
    const { pool, made, get, advance } = setup();
    pool.release(await get(), { reusable: true });
    for (let minute = 4; minute <= 52; minute += 4) {
      advance(4 * 60_000); // a turn every 4 minutes keeps it from idling out
      const l = await get();
      expect(l.reused).toBe(true);
      pool.release(l, { reusable: true });
    }
    advance(3 * 60_000); // 55 minutes old
    const fresh = await get();
    expect(fresh.reused).toBe(false);
    expect(made[0]!.closed).toBe(1);
    expect(made).toHaveLength(2);
  });
  it('prunes after 5 minutes idle', async () => {
    const { pool, made, get, advance } = setup();
    pool.release(await get(), { reusable: true });
    advance(5 * 60_000);
    pool.prune();
    expect(pool.size).toBe(0);
    expect(made[0]!.closed).toBe(1);
  });
  it('retires a socket dialed with another token (refresh), on account switch, and on retireAccount', async () => {
    const { pool, made, get } = setup();
    pool.release(await get(parts(), 'tok1'), { reusable: true });
    const afterRefresh = await get(parts(), 'tok2');
    expect(afterRefresh.reused).toBe(false);
    expect(made[0]!.closed).toBe(1);
    pool.release(afterRefresh, { reusable: true });
    const moved = await get(parts({ accountId: 'b' }), 'tokb');
    expect(made[1]!.closed).toBe(1);
    pool.release(moved, { reusable: true });
    pool.retireAccount('b');
    expect(made[2]!.closed).toBe(1);
    expect(pool.size).toBe(0);
  });
  it('evicts on a non-reusable release (abort, half-read): terminated and never handed out again', async () => {
    const { pool, made, get } = setup();
    const l = await get();
    pool.release(l, { reusable: false });
    expect(made[0]!.terminated).toBe(1);
    expect((await get()).socket).not.toBe(made[0]);
  });
  it('a dead pooled socket is replaced', async () => {
    const { pool, made, get } = setup();
    pool.release(await get(), { reusable: true });
    made[0]!.isOpen = false;
    expect((await get()).reused).toBe(false);
  });
  it('passes a dial failure through', async () => {
    const pool = new WarmSocketPool<FakeSocket>({ pruneEveryMs: 0 });
    expect(await pool.acquire(parts(), 't', async () => ({ ok: false as const, failure: 'nope' }))).toEqual({ ok: false, failure: 'nope' });
    expect(pool.size).toBe(0);
  });
});
