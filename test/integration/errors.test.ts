/**
 * Every error class of docs/ARCHITECTURE.md §4, seen through @anthropic-ai/sdk: the right status, error type,
 * message and retry headers, before commit; and a clean `error` event after commit.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiError } from '../helpers/api-error.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let client: Anthropic;
const params = { model: 'claude-sonnet-5-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Say hello' }] };

/** A new stack (and SDK client on it) for every test of the describe block. */
function freshStackPerTest(opts: Parameters<typeof startStack>[0] = {}): void {
  beforeEach(async () => {
    stack = await startStack(opts);
    client = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'k', maxRetries: 0 });
  });
  afterEach(async () => stack.close());
}

describe('errors before commit (one account)', () => {
  freshStackPerTest();
  const acct = () => stack.accounts[0]!.fake.accountId;

  it('401: refreshes once and succeeds when the new token works', async () => {
    stack.fake.expireAccessToken(acct());
    const msg = await client.messages.create(params);
    expect(msg.content[0]).toMatchObject({ type: 'text' });
    expect(stack.fake.refreshCalls).toBe(1);
  });

  it('401 after one refresh → 401 authentication_error naming the account, no retry', async () => {
    const unauthorized = { kind: 'http' as const, status: 401, body: { error: { code: 'token_expired', message: 'expired' } } };
    stack.fake.enqueue(acct(), unauthorized, unauthorized);
    const e = await apiError(client.messages.create(params));
    expect(e.status).toBe(401);
    expect((e.error as { error: { type: string } }).error.type).toBe('authentication_error');
    expect(e.message).toContain('user1@example.com');
    expect(e.headers?.get('x-should-retry')).toBe('false');
    expect(stack.fake.refreshCalls).toBe(1);
  });

  it('429 usage_limit_reached → 429 rate_limit_error with retry-after and x-should-retry:false; account cools down', async () => {
    stack.fake.enqueue(acct(), { kind: 'usage_limit', resetsInSeconds: 3600 });
    const e = await apiError(client.messages.create(params));
    expect(e.status).toBe(429);
    expect((e.error as { error: { type: string } }).error.type).toBe('rate_limit_error');
    const retryAfter = Number(e.headers?.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3601);
    expect(e.headers?.get('x-should-retry')).toBe('false');
    const [summary] = await stack.core.listAccounts();
    expect(summary!.status).toBe('cooldown');
    // while cooling down nothing reaches the backend
    const n = stack.fake.requests.length;
    const again = await apiError(client.messages.create(params));
    expect(again.status).toBe(429);
    expect(stack.fake.requests.length).toBe(n);
  });

  it('429 short rate limit → 429 with retry-after', async () => {
    stack.fake.enqueue(acct(), { kind: 'rate_limited', retryAfter: 7 });
    const e = await apiError(client.messages.create(params));
    expect(e.status).toBe(429);
    expect(e.headers?.get('retry-after')).toBe('7');
  });

  it('503 server_is_overloaded → 529 overloaded_error', async () => {
    stack.fake.enqueue(acct(), { kind: 'overloaded' });
    const e = await apiError(client.messages.create(params));
    expect(e.status).toBe(529);
    expect((e.error as { error: { type: string } }).error.type).toBe('overloaded_error');
  });

  it('500 → 529 overloaded_error', async () => {
    stack.fake.enqueue(acct(), { kind: 'http', status: 500, body: { error: { message: 'boom' } } });
    const e = await apiError(client.messages.create(params));
    expect(e.status).toBe(529);
  });

  it('in-band response.failed context_length_exceeded → 400 "prompt is too long"', async () => {
    stack.fake.enqueue(acct(), { kind: 'stream', items: [], end: 'failed', failCode: 'context_length_exceeded' });
    const e = await apiError(client.messages.create({ ...params, stream: true }));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/prompt is too long: \d+ tokens > \d+ maximum/);
  });

  it('model not available on the plan → 400 naming the usable models', async () => {
    stack.fake.enqueue(acct(), {
      kind: 'http',
      status: 400,
      body: { detail: "The 'gpt-5.6-sol' model is not supported when using Codex with a ChatGPT account." },
    });
    const e = await apiError(client.messages.create(params));
    expect(e.status).toBe(400);
    expect(e.message).toContain('gpt-5.5');
  });

  it('stream cut before response.completed (before any content) → 529, never a silent success', async () => {
    stack.fake.enqueue(acct(), { kind: 'stream', items: [{ type: 'text', text: 'partial' }], end: 'cut', cutAfterItems: 0 });
    const e = await apiError(client.messages.create({ ...params, stream: true }).then(async (s) => {
      for await (const _ of s) void _;
    }));
    expect(e.status).toBe(529);
  });

  it('bad client input → 400 invalid_request_error naming the field', async () => {
    const res = await fetch(`${stack.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
      body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 42 }] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('messages.0.content');
    const notJson = await fetch(`${stack.baseUrl}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });
});

describe('errors after commit', () => {
  freshStackPerTest();
  const acct = () => stack.accounts[0]!.fake.accountId;

  it('a stream cut after content becomes an error event, not a silent end_turn', async () => {
    stack.fake.enqueue(acct(), {
      kind: 'stream',
      items: [{ type: 'text', text: 'first part', chunks: 2 }, { type: 'text', text: 'never sent' }],
      end: 'cut',
      cutAfterItems: 1,
    });
    const seen: string[] = [];
    const run = async () => {
      const s = await client.messages.create({ ...params, stream: true });
      for await (const ev of s) seen.push(ev.type);
    };
    const e = await apiError(run());
    expect(e.message).toMatch(/overloaded|closed the stream/i);
    expect(seen).toContain('content_block_delta');
    expect(seen).not.toContain('message_stop');
  });

  it('a mid-stream error event after content becomes an Anthropic error event', async () => {
    stack.fake.enqueue(acct(), { kind: 'stream', items: [{ type: 'text', text: 'hello' }], end: 'error_event', failCode: 'server_is_overloaded' });
    const e = await apiError(client.messages.stream(params).finalMessage());
    expect(e.message).toMatch(/overloaded/i);
  });
});

describe('failover between accounts', () => {
  freshStackPerTest({ accounts: 2 });

  it('usage limit on A → the same request completes on B, nothing visible to the client', async () => {
    const [a, b] = stack.accounts;
    stack.fake.enqueue(a!.fake.accountId, { kind: 'usage_limit', resetsInSeconds: 7200 });
    const msg = await client.messages.stream(params).finalMessage();
    expect(msg.content[0]).toMatchObject({ type: 'text' });
    const served = stack.fake.requests.filter((r) => r.path.endsWith('/responses')).map((r) => r.accountId);
    expect(served.slice(-2)).toEqual([a!.fake.accountId, b!.fake.accountId]);
    const accounts = await stack.core.listAccounts();
    expect(accounts.find((x) => x.id === a!.id)!.status).toBe('cooldown');
  });

  it('overload on A before commit → retried on B', async () => {
    const [a] = stack.accounts;
    stack.fake.enqueue(a!.fake.accountId, { kind: 'stream', items: [], end: 'error_event', failCode: 'server_is_overloaded' });
    const msg = await client.messages.create(params);
    expect(msg.content[0]).toMatchObject({ type: 'text' });
  });

  it('every account exhausted → 429 with the earliest reset', async () => {
    const [a, b] = stack.accounts;
    stack.fake.enqueue(a!.fake.accountId, { kind: 'usage_limit', resetsInSeconds: 7200 });
    stack.fake.enqueue(b!.fake.accountId, { kind: 'usage_limit', resetsInSeconds: 30 });
    const e = await apiError(client.messages.create(params));
    expect(e.status).toBe(429);
    const retryAfter = Number(e.headers?.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(31);
    expect(e.headers?.get('x-should-retry')).toBeNull();
  });
});
