/**
 * The Codex WebSocket transport end-to-end against the fake WS backend over real 127.0.0.1 sockets, including
 * every case of spec codex-websocket.md §8.12 that is visible at the transport level (named `§8.12 …`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuotaSnapshot } from '../../proxy/src/contract.js';
import type { InputItem, ResponsesRequest, ResponsesStreamEvent } from '../../proxy/src/codex/types.js';
import { CodexWsTransport, type OpenTurnRequest, type OpenTurnResult, type CodexWsTransportOptions } from '../../proxy/src/upstream/codex-ws/open-turn.js';
import { startFakeCodex, type FakeCodex, type FakeAccount, type IssuedTokens } from '../fakes/codex-backend.js';
import { attachCodexWs, type FakeCodexWs, type FakeWsOptions } from '../fakes/codex-ws.js';

let fake: FakeCodex;
let ws: FakeCodexWs;
let transport: CodexWsTransport;
let account: FakeAccount;
let tokens: IssuedTokens;
let clock: number;
let quotas: QuotaSnapshot[];

const user = (text: string): InputItem => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const said = (text: string): InputItem => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
const INSTRUCTIONS = 'You are Claude Code, working through a proxy. '.repeat(200);
const body = (input: InputItem[], over: Partial<ResponsesRequest> = {}): ResponsesRequest => ({
  model: 'gpt-5.6-sol',
  instructions: INSTRUCTIONS,
  input,
  tools: [{ type: 'function', name: 'Read', description: 'Read a file', strict: false, parameters: { type: 'object', properties: { path: { type: 'string' } } } }],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  store: false,
  stream: true,
  include: [],
  prompt_cache_key: 'sess-1',
  ...over,
});
const reply = (text: string) => ({ kind: 'stream' as const, items: [{ type: 'text' as const, text }] });

function setup(fakeOpts: FakeWsOptions = {}, opts: Partial<CodexWsTransportOptions> = {}): void {
  ws?.close();
  transport?.close();
  ws = attachCodexWs(fake, { now: () => clock, ...fakeOpts });
  transport = new CodexWsTransport({
    codexBaseUrl: fake.codexBaseUrl,
    identity: { originator: 'codex_claude_proxy', userAgent: 'codex_claude_proxy/0.1.0 (test)' },
    now: () => clock,
    pingIntervalMs: 0,
    pool: { pruneEveryMs: 0 },
    onQuota: (_a, q) => quotas.push(q),
    ...opts,
  });
}

const turn = (b: ResponsesRequest, over: Partial<OpenTurnRequest> = {}): Promise<OpenTurnResult> =>
  transport.openTurn({ credentials: { accountId: account.accountId, accessToken: tokens.accessToken }, body: b, sessionId: 'sess-1', signal: new AbortController().signal, ...over });

async function drain(r: OpenTurnResult): Promise<ResponsesStreamEvent[]> {
  if (r.kind !== "stream") throw new Error(`expected a stream, got ${JSON.stringify(r)}`);
  const out: ResponsesStreamEvent[] = [];
  for await (const e of r.events) out.push(e);
  return out;
}
const textOf = (events: ResponsesStreamEvent[]): string => events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('');

beforeEach(async () => {
  clock = 1_000_000;
  quotas = [];
  fake = await startFakeCodex();
  ({ account, tokens } = fake.addAccount());
  setup();
});
afterEach(async () => {
  transport.close();
  ws.close();
  await fake.close();
});

describe('Codex WS transport: turns over one warm socket', () => {
  it('streams a turn: handshake headers as specified, events in order, side events consumed, quota reported', async () => {
    fake.enqueue(account.accountId, reply('Hello there'));
    const r = await turn(body([user('hi')]));
    expect(r.kind).toBe('stream');
    if (r.kind !== 'stream') return;
    expect(r.headers['x-models-etag']).toBeTruthy();
    const events = await drain(r);
    expect(textOf(events)).toBe('Hello there');
    expect(events[0]!.type).toBe('response.created');
    expect(events.at(-1)!.type).toBe('response.completed');
    expect(events.some((e) => e.type === 'codex.rate_limits' || e.type === 'codex.response.metadata')).toBe(false);
    expect(quotas.map((q) => q.source)).toEqual(['headers', 'stream-event']);
    expect(quotas[1]!.primary?.usedPercent).toBe(12.5);
    const h = ws.handshakes[0]!;
    expect(h.headers).toMatchObject({ 'openai-beta': 'responses_websockets=2026-02-06', originator: 'codex_claude_proxy', 'user-agent': 'codex_claude_proxy/0.1.0 (test)', 'session-id': 'sess-1', 'thread-id': 'sess-1', 'x-client-request-id': 'sess-1', 'x-codex-routing-hint': 'model=gpt-5.6-sol' });
    expect(h.headers['x-codex-turn-state']).toBeUndefined();
    expect(h.headers['content-type']).toBeUndefined();
  });

  it('sequential turns of one session reuse one socket: 1 handshake for 10 turns, cached tokens rise', async () => {
    let input: InputItem[] = [user('turn 0')];
    for (let i = 0; i < 10; i++) {
      fake.enqueue(account.accountId, reply(`answer ${i}`));
      const r = await turn(body(input));
      await drain(r);
      if (r.kind === 'stream') expect(r.info.handshakes).toBe(i === 0 ? 1 : 0);
      input = [...input, said(`answer ${i}`), user(`turn ${i + 1}`)];
    }
    expect(ws.upgrades).toBe(1);
    const cached = ws.creates.map((c) => c.cachedTokens ?? 0);
    expect(cached[0]).toBe(0);
    for (let i = 2; i < cached.length; i++) expect(cached[i]!).toBeGreaterThanOrEqual(cached[i - 1]!);
    expect(cached[9]!).toBeGreaterThan(cached[1]!);
    expect(cached[1]!).toBeGreaterThanOrEqual(1024);
    expect(ws.violations).toEqual([]);
  });

  it('turn state: learned from metadata, echoed through the tool loop, reset at the next user prompt', async () => {
    fake.enqueue(account.accountId, { kind: 'stream', items: [{ type: 'function_call', name: 'Read', arguments: '{"path":"a"}', callId: 'call_1' }] }, reply('done'), reply('next'));
    await drain(await turn(body([user('read a')])));
    const call: InputItem = { type: 'function_call', call_id: 'call_1', name: 'Read', arguments: '{"path":"a"}' };
    const result: InputItem = { type: 'function_call_output', call_id: 'call_1', output: 'contents' };
    await drain(await turn(body([user('read a'), call, result])));
    await drain(await turn(body([user('read a'), call, result, said('done'), user('next prompt')])));
    expect(ws.creates.map((c) => c.turnStateEcho === undefined)).toEqual([true, false, true]);
    expect(ws.violations).toEqual([]);
  });

  it('priority tier: service_tier priority in the frame and tier in the routing hint, on its own socket', async () => {
    fake.enqueue(account.accountId, reply('a'), reply('b'));
    await drain(await turn(body([user('x')])));
    await drain(await turn(body([user('x')]), { tier: 'priority' }));
    expect(ws.upgrades).toBe(2);
    expect(ws.creates.map((c) => c.serviceTier)).toEqual([undefined, 'priority']);
    expect(ws.handshakes[1]!.routingHint).toBe('model=gpt-5.6-sol;tier=priority');
  });
});

describe('Codex WS transport: §8.12 cases', () => {
  it('§8.12 upgrade timeout → SSE: a black-holed handshake falls back after the deadline and latches the account', async () => {
    setup({}, { connectTimeoutMs: 200 });
    ws.scriptHandshake({ kind: 'black_hole' });
    const r = await turn(body([user('hi')]));
    expect(r).toMatchObject({ kind: 'fallback', reason: 'handshake_timeout' });
    expect(transport.latch.isLatched(account.accountId)).toBe(true);
    expect(await turn(body([user('hi')]))).toMatchObject({ kind: 'fallback', reason: 'latched' });
    expect(ws.handshakes).toHaveLength(1);
  });

  it('§8.12 send failure → SSE: a frame that cannot be written on a fresh socket falls back', async () => {
    ws.scriptHandshake({ kind: 'close_after_open', code: 1008 });
    const r = await turn(body([user('hi')]));
    // the 1008 can land before the send (send failure) or right after it (close before the first event)
    expect(r.kind).toBe('fallback');
    if (r.kind === 'fallback') expect(['send_failed', 'closed_before_output']).toContain(r.reason);
    expect(fake.requests.filter((q) => q.method === 'POST')).toHaveLength(0);
  });

  it('§8.12 close before first event → one retry then SSE', async () => {
    fake.enqueue(account.accountId, reply('warm'), reply('after retry'));
    await drain(await turn(body([user('one')])));
    ws.scriptTurn({ kind: 'close_before_first_event' });
    const r = await turn(body([user('one'), said('warm'), user('two')]));
    expect(textOf(await drain(r))).toBe('after retry');
    if (r.kind === 'stream') expect(r.info).toMatchObject({ retries: 1, handshakes: 1, reused: false });
    ws.scriptTurn({ kind: 'close_before_first_event' }, { kind: 'close_before_first_event' });
    const again = await turn(body([user('three')]));
    expect(again).toMatchObject({ kind: 'fallback', reason: 'closed_before_output' });
    expect(transport.latch.isLatched(account.accountId)).toBe(true);
  });

  it('§8.12 close after deltas → error, no replay', async () => {
    fake.enqueue(account.accountId, { kind: 'stream', items: [{ type: 'text', text: 'partial answer' }, { type: 'text', text: 'never sent' }], end: 'cut', cutAfterItems: 1 });
    const r = await turn(body([user('hi')]));
    expect(r.kind).toBe('stream');
    if (r.kind !== 'stream') return;
    const seen: ResponsesStreamEvent[] = [];
    await expect(async () => {
      for await (const e of r.events) seen.push(e);
    }).rejects.toThrow(/closed/i);
    expect(textOf(seen)).toBe('partial answer');
    expect(ws.creates).toHaveLength(1);
    expect(transport.pool.size).toBe(0);
  });

  it('§8.12 oversize → SSE without dialing', async () => {
    setup({}, { frameBudgetBytes: 4096 });
    const r = await turn(body([user('x'.repeat(5000))]));
    expect(r).toMatchObject({ kind: 'fallback', reason: 'oversize' });
    expect(ws.handshakes).toHaveLength(0);
    expect(transport.latch.isLatched(account.accountId)).toBe(false);
  });

  it('§8.12 426 → latch', async () => {
    ws.scriptHandshake({ kind: 'status', status: 426, body: '{"detail":"Upgrade Required"}' });
    expect(await turn(body([user('hi')]))).toMatchObject({ kind: 'fallback', reason: 'handshake_refused', status: 426 });
    expect(await turn(body([user('hi')]))).toMatchObject({ kind: 'fallback', reason: 'latched' });
    expect(ws.handshakes).toHaveLength(1);
  });

  it('§8.12 reused-socket stale → fresh socket once: a server-closed pooled socket is replaced transparently', async () => {
    fake.enqueue(account.accountId, reply('a'), reply('b'));
    await drain(await turn(body([user('one')])));
    ws.dropAll(1001);
    await new Promise((r) => setTimeout(r, 50));
    const r = await turn(body([user('one'), said('a'), user('two')]));
    expect(textOf(await drain(r))).toBe('b');
    expect(ws.upgrades).toBe(2);
  });

  it('§8.12 abort → socket evicted', async () => {
    fake.enqueue(account.accountId, { kind: 'stream', items: [{ type: 'text', text: 'a long answer in many pieces', chunks: 6 }], delayMs: 40 }, reply('fresh'));
    const ac = new AbortController();
    const r = await turn(body([user('hi')]), { signal: ac.signal });
    if (r.kind !== 'stream') throw new Error(r.kind);
    const it = r.events[Symbol.asyncIterator]();
    await it.next();
    ac.abort();
    await expect(async () => {
      for (;;) if ((await it.next()).done) break;
    }).rejects.toThrow(/abort/i);
    expect(transport.pool.size).toBe(0);
    await new Promise((res) => setTimeout(res, 50));
    expect(ws.openSockets()).toBe(0);
    const next = await turn(body([user('again')]));
    expect(textOf(await drain(next))).toBe('fresh');
    expect(ws.upgrades).toBe(2);
  });

  it('§8.12 abort → socket evicted also when the consumer stops reading early', async () => {
    fake.enqueue(account.accountId, { kind: 'stream', items: [{ type: 'text', text: 'many pieces of text', chunks: 4 }], delayMs: 20 });
    const r = await turn(body([user('hi')]));
    if (r.kind !== 'stream') throw new Error(r.kind);
    for await (const e of r.events) if (e.type === 'response.output_text.delta') break;
    expect(transport.pool.size).toBe(0);
  });

  it('§8.12 busy socket → one-off', async () => {
    fake.enqueue(account.accountId, { kind: 'stream', items: [{ type: 'text', text: 'slow one', chunks: 4 }], delayMs: 30 }, reply('quick'), reply('third'));
    const first = await turn(body([user('a')]));
    const second = await turn(body([user('a')]));
    if (second.kind === 'failed') throw new Error(JSON.stringify(second));
    if (second.kind === 'stream') expect(second.info.oneOff).toBe(true);
    const [t1, t2] = await Promise.all([drain(first), drain(second)]);
    expect(textOf(t1)).toBe('slow one');
    expect(textOf(t2)).toBe('quick');
    expect(ws.violations).toEqual([]);
    const third = await turn(body([user('b')]));
    if (third.kind === 'stream') expect(third.info).toMatchObject({ reused: true, handshakes: 0 });
    await drain(third);
    expect(ws.upgrades).toBe(2);
  });

  it('§8.12 55-min rotation: a new socket before the 60-minute cap, never a connection-limit error', async () => {
    fake.enqueue(account.accountId, reply('a'), reply('b'), reply('c'));
    await drain(await turn(body([user('one')])));
    clock += 4 * 60_000;
    await drain(await turn(body([user('one'), said('a'), user('two')])));
    for (let m = 0; m < 13; m++) {
      clock += 4 * 60_000;
      transport.pool.prune();
    }
    expect(ws.upgrades).toBe(1);
    // keep it warm: one more turn every 4 minutes would have kept it; now it is 56 min old
    const r = await turn(body([user('one'), said('a'), user('two'), said('b'), user('three')]));
    expect(textOf(await drain(r))).toBe('c');
    expect(ws.upgrades).toBe(2);
    expect(ws.creates.some((c) => c.outcome.includes('connection_limit'))).toBe(false);
  });

  it('§8.12 continuation happy path: turns 2+ send previous_response_id and only the new items', async () => {
    setup({}, {});
    const call: InputItem = { type: 'function_call', call_id: 'call_1', name: 'Read', arguments: '{"path":"a"}' };
    const result: InputItem = { type: 'function_call_output', call_id: 'call_1', output: 'contents of a' };
    fake.enqueue(account.accountId, { kind: 'stream', items: [{ type: 'function_call', name: 'Read', arguments: '{"path":"a"}', callId: 'call_1' }] }, reply('it says hi'), reply('bye'));
    const inputs = [[user('read a')], [user('read a'), call, result], [user('read a'), call, result, said('it says hi'), user('thanks')]];
    const infos = [];
    for (const input of inputs) {
      const r = await turn(body(input), { continuation: true });
      await drain(r);
      if (r.kind === 'stream') infos.push(r.info);
    }
    expect(infos.map((i) => i.continued)).toEqual([false, true, true]);
    expect(ws.creates.map((c) => c.inputItems)).toEqual([1, 1, 1]);
    expect(ws.creates[1]!.previousResponseId).toMatch(/^resp_/);
    const fullBytes = Buffer.byteLength(JSON.stringify({ ...body(inputs[2]!), type: 'response.create' }));
    expect(infos[2]!.frameBytes).toBeLessThan(fullBytes); // every create still carries instructions and tools
    expect(ws.creates[2]!.frameBytes).toBe(infos[2]!.frameBytes);
    expect(ws.creates.map((c) => c.outcome)).toEqual(['completed', 'completed', 'completed']);
    expect(ws.upgrades).toBe(1);
    expect(ws.creates[1]!.cachedTokens!).toBeGreaterThanOrEqual(1024);
    expect(ws.creates[2]!.cachedTokens!).toBeGreaterThanOrEqual(ws.creates[1]!.cachedTokens!);
  });

  it('§8.12 prefix mismatch → full create (on the same socket)', async () => {
    fake.enqueue(account.accountId, reply('first'), reply('second'));
    await drain(await turn(body([user('one')]), { continuation: true }));
    const r = await turn(body([user('ONE (rewritten)'), said('first'), user('two')]), { continuation: true });
    await drain(r);
    if (r.kind === 'stream') expect(r.info).toMatchObject({ continued: false, fullReason: 'prefix_mismatch', reused: true });
    expect(ws.creates[1]!.previousResponseId).toBeUndefined();
    expect(ws.upgrades).toBe(1);
    if (r.kind === 'stream') expect(r.info.prefixDiff.relation).toEqual({ kind: 'rewrote', kept: 0, rewritten: 1, added: 3 });
  });

  it('§8.12 anchor lost → full create on a fresh socket, before any output', async () => {
    fake.enqueue(account.accountId, reply('first'), reply('second'));
    await drain(await turn(body([user('one')]), { continuation: true }));
    ws.scriptTurn({ kind: 'error_frame', status: 400, code: 'previous_response_not_found', param: 'previous_response_id' });
    const r = await turn(body([user('one'), said('first'), user('two')]), { continuation: true });
    expect(textOf(await drain(r))).toBe('second');
    expect(ws.creates.map((c) => [c.previousResponseId !== undefined, c.outcome])).toEqual([[false, 'completed'], [true, 'error:previous_response_not_found'], [false, 'completed']]);
    expect(ws.upgrades).toBe(2);
  });

  it('§8.12 anchor lost → full create, also when the backend answers a continuation with an empty completion', async () => {
    fake.enqueue(account.accountId, reply('first'), { kind: 'stream', items: [] }, reply('second'));
    await drain(await turn(body([user('one')]), { continuation: true }));
    const r = await turn(body([user('one'), said('first'), user('two')]), { continuation: true });
    expect(textOf(await drain(r))).toBe('second');
    expect(ws.creates.map((c) => c.previousResponseId !== undefined)).toEqual([false, true, false]);
  });

  it('§8.12 never a delta over SSE: a fallback result carries no body, and a fresh socket always gets a full create', async () => {
    fake.enqueue(account.accountId, reply('first'), reply('second'));
    await drain(await turn(body([user('one')]), { continuation: true }));
    transport.retireAccount(account.accountId); // e.g. token refreshed: socket and anchor gone
    const r = await turn(body([user('one'), said('first'), user('two')]), { continuation: true });
    await drain(r);
    if (r.kind === 'stream') expect(r.info).toMatchObject({ continued: false, fullReason: 'fresh_socket' });
    expect(ws.creates[1]!.previousResponseId).toBeUndefined();
    ws.scriptHandshake({ kind: 'status', status: 503 });
    transport.retireAccount(account.accountId);
    const fb = await turn(body([user('one'), said('first'), user('two'), said('second'), user('three')]), { continuation: true });
    expect(fb.kind).toBe('fallback');
    expect(Object.keys(fb)).not.toContain('body');
  });
});

describe('Codex WS transport: socket life', () => {
  it('a > 256 KiB response.created passes; client pings reach the server', async () => {
    setup({}, { pingIntervalMs: 20 });
    ws.scriptTurn({ kind: 'big_created', bytes: 300 * 1024 });
    const events = await drain(await turn(body([user('hi')])));
    expect(String(events[0]!.response && (events[0]!.response as { instructions?: string }).instructions).length).toBe(300 * 1024);
    await new Promise((r) => setTimeout(r, 100));
    expect(ws.pings).toBeGreaterThan(0);
  });
  it('a socket the server closed for idleness is replaced on the next turn', async () => {
    setup({ idleCloseMs: 60_000 });
    fake.enqueue(account.accountId, reply('a'), reply('b'));
    await drain(await turn(body([user('one')])));
    clock += 60_000;
    ws.tick();
    await new Promise((r) => setTimeout(r, 50));
    expect(textOf(await drain(await turn(body([user('one'), said('a'), user('two')]))))).toBe('b');
    expect(ws.upgrades).toBe(2);
  });
});

describe('Codex WS transport: in-band errors like their HTTP twins', () => {
  it('usage limit frame → failed usage_limit with resetsAt, quota from its headers', async () => {
    fake.enqueue(account.accountId, { kind: 'usage_limit', resetsInSeconds: 900 });
    const r = await turn(body([user('hi')]));
    expect(r).toMatchObject({ kind: 'failed', failure: { kind: 'usage_limit', status: 429 } });
    if (r.kind === 'failed') expect(r.failure.resetsAt).toBeGreaterThan(Math.floor(Date.now() / 1000));
    expect(quotas.some((q) => q.primary?.usedPercent === 100)).toBe(true);
  });
  it('401 frame → unauthorized; 400 frame → invalid_request; rate limit → rate_limited with retry-after', async () => {
    ws.scriptTurn({ kind: 'error_frame', status: 401, code: 'token_expired', message: 'Provided authentication token is expired.' }, { kind: 'error_frame', status: 400, code: 'invalid_value', message: 'bad field' });
    fake.enqueue(account.accountId, { kind: 'rate_limited', retryAfter: 7 });
    expect(await turn(body([user('a')]))).toMatchObject({ kind: 'failed', failure: { kind: 'unauthorized' } });
    expect(await turn(body([user('a')]))).toMatchObject({ kind: 'failed', failure: { kind: 'invalid_request' } });
    expect(await turn(body([user('a')]))).toMatchObject({ kind: 'failed', failure: { kind: 'rate_limited', retryAfterSec: 7 } });
  });
  it('connection limit → a fresh socket and a full resend, invisible to the caller', async () => {
    fake.enqueue(account.accountId, reply('ok'));
    ws.scriptTurn({ kind: 'connection_limit' });
    const r = await turn(body([user('a')]));
    expect(textOf(await drain(r))).toBe('ok');
    expect(ws.upgrades).toBe(2);
  });
  it('response.failed (context length) is an event for the translator, and the socket stays reusable', async () => {
    fake.enqueue(account.accountId, { kind: 'stream', items: [], end: 'failed', failCode: 'context_length_exceeded' }, reply('ok'));
    const events = await drain(await turn(body([user('a')])));
    expect(events.at(-1)).toMatchObject({ type: 'response.failed', response: { error: { code: 'context_length_exceeded' } } });
    await drain(await turn(body([user('b')])));
    expect(ws.upgrades).toBe(1);
  });
  it('handshake 401 → fallback with the status, so the SSE path refreshes (no latch)', async () => {
    ws.scriptHandshake({ kind: 'status', status: 401, body: '{"error":{"code":"token_expired"}}' });
    expect(await turn(body([user('a')]))).toMatchObject({ kind: 'fallback', reason: 'handshake_refused', status: 401 });
    expect(transport.latch.isLatched(account.accountId)).toBe(false);
  });
});
