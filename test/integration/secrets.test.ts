/**
 * Secrets never leave the process: through a day of traffic (success, refresh after 401, usage-limit failover,
 * errors, a rejected client key) no access, refresh or id token and no client key appears in the logs (at trace
 * level), in request records, in any /api answer or in error bodies.
 */
import { Writable } from 'node:stream';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../proxy/src/logs/logger.js';
import { startStack, type Stack } from '../helpers/stack.js';

const CLIENT_KEY = 'ccp-client-key-must-stay-secret-42';
let stack: Stack;
let logText = '';

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logText += chunk.toString();
      cb();
    },
  });
  stack = await startStack({ accounts: 2, settings: { apiKey: CLIENT_KEY }, logger: createLogger({ level: 'trace', destination: sink }) });
});
afterAll(async () => stack?.close());

describe('secrets', () => {
  it('never appear in logs, records, /api answers or errors', async () => {
    const client = new Anthropic({ baseURL: stack.baseUrl, apiKey: CLIENT_KEY, maxRetries: 0 });
    const params = { model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user' as const, content: 'hi' }] };
    const [a, b] = stack.accounts;
    const rotatedBefore = stack.fake.refreshCalls;
    stack.fake.expireAccessToken(a!.fake.accountId);
    await client.messages.create(params); // 401 → refresh → success
    expect(stack.fake.refreshCalls).toBe(rotatedBefore + 1);
    stack.fake.enqueue(a!.fake.accountId, { kind: 'usage_limit', resetsInSeconds: 600 });
    await client.messages.create(params); // fails over to B
    stack.fake.enqueue(b!.fake.accountId, { kind: 'http', status: 400, body: { detail: 'Unsupported parameter: foo' } });
    const bad = await client.messages.create(params).catch((e: Error) => e);
    expect(bad).toBeInstanceOf(Anthropic.APIError);
    const wrongKey = new Anthropic({ baseURL: stack.baseUrl, apiKey: `${CLIENT_KEY}-wrong`, maxRetries: 0 });
    const denied = await wrongKey.messages.create(params).catch((e: Error) => e);

    const apiAnswers: string[] = [];
    for (const route of ['/api/status', '/api/accounts', '/api/requests', '/api/stats', '/api/compat', '/api/models', '/api/statusline', '/accounts']) {
      const res = await fetch(`${stack.baseUrl}${route}`);
      expect(res.status, route).toBe(200);
      apiAnswers.push(`${route} ${res.status} ${await res.text()}`);
    }
    const everything = [logText, JSON.stringify(stack.core.requestLog.recent(500)), ...apiAnswers, String(bad), String(denied)].join('\n');
    expect(logText.length).toBeGreaterThan(100); // the logger really wrote
    const current = await Promise.all(stack.accounts.map((acc) => stack.core.store.tokens(acc.id)));
    const secrets = [
      CLIENT_KEY,
      ...stack.accounts.flatMap((acc) => [acc.tokens.accessToken, acc.tokens.refreshToken, acc.tokens.idToken]),
      ...current.flatMap((t) => [t.accessToken, t.refreshToken, t.idToken]),
    ];
    for (const secret of secrets) expect(everything.includes(secret), `a secret leaked (${secret.slice(0, 6)}…)`).toBe(false);
  });
});
