/**
 * Keep-alives: while the upstream is silent (a long reasoning phase), the proxy commits the client stream after
 * `commitDeadlineMs` and sends `ping` events every `keepAliveMs`, so Claude Code's stall watchdog and idle
 * proxies never see a dead connection; the answer that follows is intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { assertValidAnthropicSequence } from '../helpers/anthropic-sequence.js';
import type { AnthropicStreamEvent } from '../../proxy/src/anthropic/stream-types.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ settings: { keepAliveMs: 100, commitDeadlineMs: 200 } });
});
afterAll(async () => stack?.close());

function parseSse(text: string): { names: string[]; events: AnthropicStreamEvent[] } {
  const names: string[] = [];
  const events: AnthropicStreamEvent[] = [];
  for (const frame of text.split('\n\n')) {
    const name = /^event: (.+)$/m.exec(frame)?.[1];
    const data = /^data: (.+)$/m.exec(frame)?.[1];
    if (!name || !data) continue;
    names.push(name);
    events.push(JSON.parse(data) as AnthropicStreamEvent);
  }
  return { names, events };
}

describe('keep-alive pings', () => {
  it('pings during a silent upstream phase, then streams the answer', async () => {
    stack.fake.enqueue(stack.accounts[0]!.fake.accountId, {
      kind: 'stream',
      items: [{ type: 'reasoning', summary: [] }, { type: 'text', text: 'after the long think' }],
      stallMs: 1200,
    });
    const res = await fetch(`${stack.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
      body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'think long' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const { names, events } = parseSse(await res.text());
    expect(names[0]).toBe('message_start');
    const pings = names.filter((n) => n === 'ping').length;
    expect(pings).toBeGreaterThanOrEqual(4);
    // every ping came before the first content block: the silence was bridged
    expect(names.indexOf('content_block_start')).toBeGreaterThan(names.lastIndexOf('ping') - 1);
    assertValidAnthropicSequence(events);
    const text = events
      .filter((e): e is Extract<AnthropicStreamEvent, { type: 'content_block_delta' }> => e.type === 'content_block_delta')
      .map((e) => (e.delta.type === 'text_delta' ? e.delta.text : ''))
      .join('');
    expect(text).toBe('after the long think');
    expect(names[names.length - 1]).toBe('message_stop');
  });

  it('does not commit early when the answer starts quickly (no pings needed)', async () => {
    const res = await fetch(`${stack.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
      body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const { names } = parseSse(await res.text());
    expect(names).not.toContain('ping');
    expect(names[names.length - 1]).toBe('message_stop');
  });
});
