import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeCodex, type FakeCodex, type IssuedTokens, type FakeAccount } from '../../fakes/codex-backend.js';
import { attachCodexWs, WS_BETA, type FakeCodexWs } from '../../fakes/codex-ws.js';
import { cachedTokens } from '../../fakes/codex-ws-cache.js';
import { minimalClassicRequest } from '../../fakes/codex-validate.js';

let fake: FakeCodex;
let ws: FakeCodexWs;
let account: FakeAccount;
let tokens: IssuedTokens;
let clock = 1_000_000;

const wsUrl = (): string => `${fake.codexBaseUrl.replace('http', 'ws')}/responses`;
const goodHeaders = (): Record<string, string> => ({
  authorization: `Bearer ${tokens.accessToken}`,
  'chatgpt-account-id': account.accountId,
  'openai-beta': WS_BETA,
  originator: 'codex_claude_proxy',
  'session-id': 'sess-1',
  'x-codex-routing-hint': 'model=gpt-5.6-sol',
});

interface Client {
  sock: WebSocket;
  upgradeHeaders: Record<string, string | string[] | undefined>;
  frames: Record<string, unknown>[];
  closed: Promise<number>;
}

function connect(headers = goodHeaders()): Promise<Client | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = new WebSocket(wsUrl(), { headers });
    const frames: Record<string, unknown>[] = [];
    let upgradeHeaders: Client['upgradeHeaders'] = {};
    const closed = new Promise<number>((r) => sock.on('close', (code) => r(code)));
    sock.on('upgrade', (res) => (upgradeHeaders = res.headers));
    sock.on('message', (d) => frames.push(JSON.parse(String(d)) as Record<string, unknown>));
    sock.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    sock.on('open', () => resolve({ sock, upgradeHeaders, frames, closed }));
    sock.on('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}

async function open(): Promise<Client> {
  const c = await connect();
  if (!('sock' in c)) throw new Error(`handshake refused: ${c.status}`);
  return c;
}

const until = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const terminalOf = (c: Client, n = 1): Promise<Record<string, unknown>> =>
  until(() => c.frames.filter((f) => ['response.completed', 'response.failed', 'error', 'response.incomplete'].includes(String(f.type))).length >= n).then(
    () => c.frames.filter((f) => ['response.completed', 'response.failed', 'error', 'response.incomplete'].includes(String(f.type)))[n - 1]!,
  );
const create = (body: Record<string, unknown>): string => JSON.stringify({ ...body, type: 'response.create' });

beforeEach(async () => {
  fake = await startFakeCodex();
  ({ account, tokens } = fake.addAccount());
  clock = 1_000_000;
  ws = attachCodexWs(fake, { now: () => clock, maxAgeMs: 60_000, idleCloseMs: 30_000 });
});
afterEach(async () => {
  ws.close();
  await fake.close();
});

describe('fake Codex WebSocket: handshake (§8.1, §8.2)', () => {
  it('accepts the documented headers and answers 101 with etag and quota headers, never a turn state', async () => {
    const c = await open();
    expect(c.upgradeHeaders['x-models-etag']).toBeTruthy();
    expect(c.upgradeHeaders['x-codex-primary-used-percent']).toBe('12.5');
    expect(c.upgradeHeaders['openai-model']).toBe('gpt-5.6-sol');
    expect(c.upgradeHeaders['x-codex-turn-state']).toBeUndefined();
    expect(ws.upgrades).toBe(1);
    expect(ws.handshakes[0]).toMatchObject({ accountId: account.accountId, originator: 'codex_claude_proxy', sessionId: 'sess-1', routingHint: 'model=gpt-5.6-sol' });
    c.sock.close();
  });
  it('401 without a known bearer token, 403 on a foreign account id, 400 without the beta header', async () => {
    const h = goodHeaders();
    expect(await connect({ ...h, authorization: 'Bearer nope' })).toMatchObject({ status: 401 });
    expect(await connect({ ...h, 'chatgpt-account-id': 'someone-else' })).toMatchObject({ status: 403 });
    const { 'openai-beta': _b, ...noBeta } = h;
    expect(await connect(noBeta)).toMatchObject({ status: 400 });
    expect(await connect({ ...h, 'openai-beta': 'responses_websockets=2026-02-04' })).toMatchObject({ status: 400 });
    expect(ws.upgrades).toBe(0);
  });
  it('scripted 426, 429 JSON and 403 HTML answers, then a normal 101', async () => {
    ws.scriptHandshake({ kind: 'status', status: 426 }, { kind: 'status', status: 429, body: '{"error":{"code":"rate_limit_exceeded"}}' }, { kind: 'status', status: 403, body: '<html>challenge</html>', contentType: 'text/html' });
    expect(await connect()).toMatchObject({ status: 426 });
    expect(await connect()).toMatchObject({ status: 429, body: expect.stringContaining('rate_limit_exceeded') });
    expect(await connect()).toMatchObject({ status: 403, body: '<html>challenge</html>' });
    const c = await open();
    c.sock.close();
  });
  it('101 then an immediate close 1008', async () => {
    ws.scriptHandshake({ kind: 'close_after_open', code: 1008 });
    const c = await open();
    expect(await c.closed).toBe(1008);
  });
});

describe('fake Codex WebSocket: frames and turns (§8.3–§8.6)', () => {
  it('streams rate limits, turn-state metadata, created … completed with usage, and keeps the socket open', async () => {
    const c = await open();
    c.sock.send(create(minimalClassicRequest()));
    const done = await terminalOf(c);
    expect(done.type).toBe('response.completed');
    const types = c.frames.map((f) => f.type);
    expect(types.slice(0, 3)).toEqual(['codex.rate_limits', 'codex.response.metadata', 'response.created']);
    expect((c.frames[1]!.headers as Record<string, string>)['x-codex-turn-state']).toMatch(/^ws-turn-state-/);
    const resp = done.response as { usage: { input_tokens: number; input_tokens_details: { cached_tokens: number } }; service_tier: string };
    expect(resp.usage.input_tokens).toBeGreaterThan(0);
    expect(resp.usage.input_tokens_details.cached_tokens).toBe(0);
    expect(resp.service_tier).toBe('default');
    expect(ws.openSockets()).toBe(1);
    c.sock.close();
  });
  it('validates the body like HTTP and rejects WS-unsupported parameters with an error frame', async () => {
    const c = await open();
    c.sock.send(create({ ...minimalClassicRequest(), max_output_tokens: 10 }));
    const e1 = await terminalOf(c, 1);
    expect(e1).toMatchObject({ type: 'error', status: 400, error: { message: 'Unsupported parameter: max_output_tokens' } });
    c.sock.send(create({ ...minimalClassicRequest(), model: 'no-such-model' }));
    const e2 = await terminalOf(c, 2);
    expect(e2).toMatchObject({ type: 'error', status: 400 });
    c.sock.send(JSON.stringify({ type: 'response.append', input: [] }));
    const e3 = await terminalOf(c, 3);
    expect(e3).toMatchObject({ type: 'error', status: 400 });
    c.sock.close();
  });
  it('binary frame → close 1003; a message at the frame limit → close 1009 without an event', async () => {
    const c = await open();
    c.sock.send(Buffer.from('{}'), { binary: true });
    expect(await c.closed).toBe(1003);
    ws.close();
    ws = attachCodexWs(fake, { frameLimitBytes: 4096 });
    const d = await open();
    d.sock.send(create({ ...minimalClassicRequest(), instructions: 'x'.repeat(5000) }));
    expect(await d.closed).toBe(1009);
    expect(d.frames).toEqual([]);
  });
  it('one request in flight per socket: a second create while streaming is an error and a recorded violation', async () => {
    fake.enqueue(account.accountId, { kind: 'stream', items: [{ type: 'text', text: 'slow reply here', chunks: 3 }], delayMs: 30 });
    const c = await open();
    c.sock.send(create(minimalClassicRequest()));
    await until(() => c.frames.some((f) => f.type === 'response.created'));
    c.sock.send(create(minimalClassicRequest()));
    await until(() => c.frames.some((f) => f.type === 'error'));
    expect(c.frames.find((f) => f.type === 'error')).toMatchObject({ error: { code: 'response_already_in_flight' } });
    expect(ws.violations[0]).toMatch(/in flight/);
    c.sock.close();
  });
  it('HTTP error scenarios become in-band error frames with status and headers (usage limit, overloaded)', async () => {
    fake.enqueue(account.accountId, { kind: 'usage_limit', resetsInSeconds: 120 }, { kind: 'overloaded' });
    const c = await open();
    c.sock.send(create(minimalClassicRequest()));
    const e = await terminalOf(c, 1);
    expect(e).toMatchObject({ type: 'error', status: 429, error: { type: 'usage_limit_reached', resets_in_seconds: 120 } });
    expect((e.headers as Record<string, string>)['x-codex-primary-used-percent']).toBe('100');
    c.sock.send(create(minimalClassicRequest()));
    expect(await terminalOf(c, 2)).toMatchObject({ status: 503, error: { code: 'server_is_overloaded' } });
    c.sock.close();
  });
});

describe('fake Codex WebSocket: continuation (§8.5) and the cache model (§8.7)', () => {
  const bigInstructions = 'You are a careful assistant. '.repeat(400);
  const turn1 = (): Record<string, unknown> => ({ ...minimalClassicRequest(), instructions: bigInstructions });

  it('accepts previous_response_id of this socket with only the new items; cached tokens rise', async () => {
    const c = await open();
    c.sock.send(create(turn1()));
    const done = await terminalOf(c, 1);
    const r1 = done.response as { id: string; output: unknown[] };
    const delta = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'and now?' }] }];
    c.sock.send(create({ ...turn1(), previous_response_id: r1.id, input: delta }));
    const d2 = await terminalOf(c, 2);
    expect(d2.type).toBe('response.completed');
    expect(ws.creates[1]).toMatchObject({ previousResponseId: r1.id, inputItems: 1, fullInputItems: 1 + r1.output.length + 1 });
    expect(ws.creates[1]!.cachedTokens).toBeGreaterThanOrEqual(1024);
    expect(ws.creates[1]!.cachedTokens! % 128).toBe(0);
    c.sock.close();
  });
  it('previous_response_not_found for an anchor of another socket', async () => {
    const a = await open();
    a.sock.send(create(turn1()));
    const id = ((await terminalOf(a, 1)).response as { id: string }).id;
    const b = await open();
    b.sock.send(create({ ...turn1(), previous_response_id: id, input: [] }));
    expect(await terminalOf(b, 1)).toMatchObject({ type: 'error', status: 400, error: { code: 'previous_response_not_found', param: 'previous_response_id' } });
    a.sock.close();
    b.sock.close();
  });
  it('a continuation that drops instructions completes empty (the real failure mode)', async () => {
    const c = await open();
    c.sock.send(create(turn1()));
    const id = ((await terminalOf(c, 1)).response as { id: string }).id;
    const { instructions: _i, ...stripped } = turn1();
    c.sock.send(create({ ...stripped, previous_response_id: id, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'x' }] }] }));
    const d = await terminalOf(c, 2);
    expect(d.type).toBe('response.completed');
    expect((d.response as { output: unknown[] }).output).toEqual([]);
    c.sock.close();
  });
  it('a rewrite of the history misses the cache; a new socket starts cold', async () => {
    const c = await open();
    c.sock.send(create(turn1()));
    await terminalOf(c, 1);
    c.sock.send(create({ ...turn1(), instructions: `${bigInstructions}changed` }));
    await terminalOf(c, 2);
    expect(ws.creates[1]!.cachedTokens).toBe(0);
    const d = await open();
    d.sock.send(create(turn1()));
    await terminalOf(d, 1);
    expect(ws.creates[2]!.cachedTokens).toBe(0);
    c.sock.close();
    d.sock.close();
  });
  it('cachedTokens: below 1024 → 0, rounded down to 128', () => {
    expect(cachedTokens(['a'.repeat(400)], ['a'.repeat(400)])).toBe(0);
    expect(cachedTokens(['a'.repeat(4400), 'b'], ['a'.repeat(4400), 'c'])).toBe(1024);
  });
});

describe('fake Codex WebSocket: turn state (§8.8), scripted failures (§8.9), lifetime (§8.10)', () => {
  it('flags a turn state echoed into the next user turn', async () => {
    const c = await open();
    c.sock.send(create(minimalClassicRequest()));
    await terminalOf(c, 1);
    const token = (c.frames.find((f) => f.type === 'codex.response.metadata')!.headers as Record<string, string>)['x-codex-turn-state']!;
    c.sock.send(create({ ...minimalClassicRequest(), client_metadata: { 'x-codex-turn-state': token } }));
    await terminalOf(c, 2);
    expect(ws.violations.some((v) => /previous turn/.test(v))).toBe(true);
    c.sock.close();
  });
  it('close before the first event, close mid-stream, connection-limit error', async () => {
    ws.scriptTurn({ kind: 'close_before_first_event' });
    const a = await open();
    a.sock.send(create(minimalClassicRequest()));
    expect(await a.closed).toBe(1006);
    expect(a.frames).toEqual([]);
    fake.enqueue(account.accountId, { kind: 'stream', items: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }], end: 'cut', cutAfterItems: 1 });
    const b = await open();
    b.sock.send(create(minimalClassicRequest()));
    expect(await b.closed).toBe(1006);
    expect(b.frames.some((f) => f.type === 'response.output_text.delta')).toBe(true);
    expect(b.frames.some((f) => f.type === 'response.completed')).toBe(false);
    ws.scriptTurn({ kind: 'connection_limit' });
    const c = await open();
    c.sock.send(create(minimalClassicRequest()));
    expect(await terminalOf(c, 1)).toMatchObject({ type: 'error', error: { code: 'websocket_connection_limit_reached' } });
    expect(await c.closed).toBe(1000);
  });
  it('age cap answers websocket_connection_limit_reached; idle sockets are closed with 1000', async () => {
    const a = await open();
    clock += 60_000;
    a.sock.send(create(minimalClassicRequest()));
    expect(await terminalOf(a, 1)).toMatchObject({ error: { code: 'websocket_connection_limit_reached' } });
    const b = await open();
    clock += 30_000;
    ws.tick();
    expect(await b.closed).toBe(1000);
  });
});

describe('fake Codex WebSocket: the real Codex 0.169 handshake (fixture)', () => {
  it('accepts the captured header set (with permessage-deflate offered) and our transport sends a subset of its names', async () => {
    const { readFile } = await import('node:fs/promises');
    const cap = JSON.parse(await readFile(new URL('../../fixtures/codex-ws/codex-0.169-upgrade.json', import.meta.url), 'utf8')) as { headers: Record<string, string> };
    const { connection: _c, upgrade: _u, 'sec-websocket-version': _v, 'sec-websocket-extensions': _e, ...rest } = cap.headers;
    const c = await connect({ ...rest, authorization: `Bearer ${tokens.accessToken}`, 'chatgpt-account-id': account.accountId });
    expect('sock' in c).toBe(true);
    expect(ws.handshakes[0]!.deflateOffered).toBe(true); // the ws client offers deflate like Codex does
    if ('sock' in c) c.sock.close();
    const { handshakeHeaders } = await import('../../../proxy/src/upstream/codex-ws/handshake.js');
    const ours = handshakeHeaders({ accessToken: 't', accountId: 'a', identity: { originator: 'o', userAgent: 'u' }, sessionId: 's', model: 'm' });
    for (const name of Object.keys(ours)) expect(Object.keys(cap.headers)).toContain(name);
  });
});
