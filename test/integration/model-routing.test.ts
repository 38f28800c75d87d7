/** Model routing end to end: the settings file's mapping is honoured, and a retired model is never sent upstream. */
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const sentModels = (s: Stack) =>
  s.fake.requests.filter((r) => r.path.endsWith('/responses')).map((r) => (r.body as { model: string; reasoning?: { effort: string } }));

describe('model routing', () => {
  it('uses the mapping from the settings file (family → Codex model + effort)', async () => {
    stack = await startStack({ settings: { modelMapping: { sonnet: { model: 'gpt-5.5', effort: 'high' } } } });
    const client = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'k', maxRetries: 0 });
    await client.messages.create({ model: 'claude-sonnet-4-5-20250929[1m]', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(sentModels(stack).at(-1)).toMatchObject({ model: 'gpt-5.5', reasoning: { effort: 'high' } });
  });

  it('never sends a retired model: a mapping to gpt-5.3-codex is resolved against the live catalog', async () => {
    stack = await startStack({ settings: { modelMapping: { opus: { model: 'gpt-5.3-codex' } } } });
    const client = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'k', maxRetries: 0 });
    const msg = await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(msg.type).toBe('message');
    const sent = sentModels(stack).at(-1)!.model;
    expect(sent).not.toBe('gpt-5.3-codex');
    expect(stack.fake.catalog.map((m) => m.slug)).toContain(sent);
  });

  it('a model the account lost is substituted once the catalog says so (no 400 to the user)', async () => {
    stack = await startStack();
    stack.fake.catalog.splice(0, stack.fake.catalog.length, ...stack.fake.catalog.filter((m) => m.slug !== 'gpt-5.6-sol'));
    const client = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'k', maxRetries: 0 });
    const msg = await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(msg.type).toBe('message');
    expect(sentModels(stack).at(-1)!.model).not.toBe('gpt-5.6-sol');
  });
});
