/** /v1/models, /v1/messages/count_tokens, /health, the guards (API key, Host, Origin) and the on/off switch. */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ settings: { apiKey: 'local-client-key-123' } });
});
afterAll(async () => stack?.close());

function rawGet(port: number, p: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('endpoints', () => {
  it('GET /v1/models lists claude-prefixed ids in a shape both SDKs parse', async () => {
    const client = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'local-client-key-123', maxRetries: 0 });
    const page = await client.models.list({ limit: 1000 });
    const ids = page.data.map((m) => m.id);
    expect(ids.length).toBeGreaterThan(2);
    expect(ids.every((id) => /claude|anthropic/i.test(id))).toBe(true);
    expect(page.data[0]).toMatchObject({ type: 'model', display_name: expect.any(String), created_at: expect.any(String) });
  });

  it('POST /v1/messages/count_tokens counts a real Claude Code /context request', async () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/claude-code/03-interactive/39-post-v1-messages-count-tokens.json', import.meta.url), 'utf8')) as { body: Anthropic.MessageCountTokensParams };
    const client = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'local-client-key-123', maxRetries: 0 });
    const counted = await client.messages.countTokens(fixture.body);
    expect(counted.input_tokens).toBeGreaterThan(1000);
    const small = await client.messages.countTokens({ model: 'claude-opus-5-5', messages: [{ role: 'user', content: 'foo' }] });
    expect(small.input_tokens).toBeGreaterThan(0);
    expect(small.input_tokens).toBeLessThan(20);
    const res = await fetch(`${stack.baseUrl}/v1/messages/count_tokens?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'local-client-key-123' },
      body: JSON.stringify({ model: 'x' }),
    });
    expect(res.status).toBe(400);
  });

  it('requires the configured client key on /v1 (x-api-key or Bearer)', async () => {
    const bad = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'wrong', maxRetries: 0 });
    await expect(bad.models.list()).rejects.toMatchObject({ status: 401 });
    const bearer = new Anthropic({ baseURL: stack.baseUrl, authToken: 'local-client-key-123', apiKey: null, maxRetries: 0 });
    await expect(bearer.models.list()).resolves.toBeTruthy();
  });

  it('rejects a foreign Host header (DNS rebinding) and cross-origin /api calls', async () => {
    expect(await rawGet(stack.core.port, '/health', { host: 'evil.example:80' })).toBe(403);
    expect(await rawGet(stack.core.port, '/health', { host: `localhost:${stack.core.port}` })).toBe(200);
    const res = await fetch(`${stack.baseUrl}/api/status`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    const ok = await fetch(`${stack.baseUrl}/api/status`);
    expect(ok.status).toBe(200);
    const status = (await ok.json()) as Record<string, unknown>;
    expect(status).toMatchObject({ enabled: true, listening: true, port: stack.core.port });
    expect(JSON.stringify(await (await fetch(`${stack.baseUrl}/api/accounts`)).json())).not.toContain(stack.accounts[0]!.tokens.refreshToken);
  });

  it('turned off → 503 with x-should-retry:false; on again → served', async () => {
    await stack.core.setEnabled(false);
    const client = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'local-client-key-123', maxRetries: 0 });
    await expect(client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 503 });
    await stack.core.setEnabled(true);
    await expect(client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })).resolves.toMatchObject({ type: 'message' });
  });

  it('counts unknown request fields, block types and beta values by name only (compatibility sentinel)', async () => {
    const res = await fetch(`${stack.baseUrl}/v1/messages?beta=true`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'local-client-key-123',
        'anthropic-beta': 'claude-code-20250219,future-feature-2027-01-01',
      },
      body: JSON.stringify({
        model: 'claude-sonnet-5-5',
        max_tokens: 10,
        brand_new_field: { secret: 'value-must-not-leak' },
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'hologram', data: 'value-must-not-leak' }] }],
      }),
    });
    expect(res.status).toBe(200);
    const compatRes = await fetch(`${stack.baseUrl}/api/compat`);
    const text = await compatRes.text();
    const compat = JSON.parse(text) as { fields: Record<string, number>; blockTypes: Record<string, number>; betas: Record<string, number> };
    expect(compat.fields['brand_new_field']).toBe(1);
    expect(compat.blockTypes['hologram']).toBe(1);
    expect(compat.betas['future-feature-2027-01-01']).toBe(1);
    expect(compat.betas['claude-code-20250219']).toBeUndefined();
    expect(text).not.toContain('value-must-not-leak');
  });
});
