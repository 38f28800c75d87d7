/** The seed's log routes: GET /api/logs and GET /api/logs/stream (SSE, ?history=true replays recent records). */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../proxy/src/logs/request-log.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let client: Anthropic;

beforeAll(async () => {
  stack = await startStack();
  client = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'any', maxRetries: 0 });
});
afterAll(async () => stack?.close());

const ask = (text: string) => client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: text }] });

/** Reads SSE `log` frames from a stream until `count` arrived. */
async function readLogFrames(res: Response, count: number, afterFirst?: () => Promise<unknown>): Promise<RequestRecord[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const out: RequestRecord[] = [];
  let buf = '';
  let started = false;
  while (out.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = /^event: log\ndata: (.*)$/m.exec(frame);
      if (data) out.push(JSON.parse(data[1]!) as RequestRecord);
    }
    if (!started && afterFirst) {
      started = true;
      await afterFirst();
    }
  }
  await reader.cancel();
  return out;
}

describe('GET /api/logs', () => {
  it('lists the finished requests, oldest first, redacted, with the total', async () => {
    await ask('first');
    await ask('second');
    const res = await fetch(`${stack.baseUrl}/api/logs`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { logs: RequestRecord[]; total: number };
    expect(body.total).toBeGreaterThanOrEqual(2);
    expect(body.logs.length).toBe(body.total);
    expect(body.logs.at(-1)).toMatchObject({ route: expect.stringContaining('/v1/messages'), clientModel: 'claude-sonnet-4-6', outcome: 'ok', accountId: stack.accounts[0]!.id });
    expect(JSON.stringify(body)).not.toContain(stack.accounts[0]!.tokens.accessToken);
    const one = (await (await fetch(`${stack.baseUrl}/api/logs?limit=1&newer=ignored`)).json()) as { logs: RequestRecord[] };
    expect(one.logs).toEqual([body.logs.at(-1)]);
  });

  it('refuses a bad limit with a clear 400 and cross-origin callers with 403', async () => {
    for (const limit of ['0', '501', 'ten', '1.5']) {
      const res = await fetch(`${stack.baseUrl}/api/logs?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect(await res.json()).toEqual({ error: { message: 'limit must be an integer between 1 and 500' } });
    }
    const cross = await fetch(`${stack.baseUrl}/api/logs`, { headers: { origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
  });
});

describe('GET /api/logs/stream', () => {
  it('streams each finished request as an SSE `log` event', async () => {
    const res = await fetch(`${stack.baseUrl}/api/logs/stream`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const [live] = await readLogFrames(res, 1, () => ask('live'));
    expect(live).toMatchObject({ clientModel: 'claude-sonnet-4-6', outcome: 'ok' });
    expect(live!.id).toBe(stack.core.requestLog.recent(1)[0]!.id);
  });

  it('with history=true first replays the recent records, then goes live', async () => {
    const before = stack.core.requestLog.recent(500).map((r) => r.id);
    const res = await fetch(`${stack.baseUrl}/api/logs/stream?history=true`);
    const frames = await readLogFrames(res, before.length + 1, () => ask('after history'));
    expect(frames.slice(0, before.length).map((r) => r.id)).toEqual(before);
    expect(frames.at(-1)!.id).not.toEqual(before.at(-1));
  });

  it('refuses a bad history flag with a 400 and stops listening when the client leaves', async () => {
    const bad = await fetch(`${stack.baseUrl}/api/logs/stream?history=maybe`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { message: 'history must be true or false' } });
    const listeners = stack.core.requestLog.listenerCount('record');
    const ac = new AbortController();
    const res = await fetch(`${stack.baseUrl}/api/logs/stream`, { signal: ac.signal });
    await res.body!.getReader().read();
    expect(stack.core.requestLog.listenerCount('record')).toBe(listeners + 1);
    ac.abort();
    await expect.poll(() => stack.core.requestLog.listenerCount('record')).toBe(listeners);
  });
});
