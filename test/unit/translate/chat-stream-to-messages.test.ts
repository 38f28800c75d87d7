import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../../../proxy/src/anthropic/stream-types.js';
import { aggregateMessage } from '../../../proxy/src/translate/aggregate-message.js';
import { ChatStreamToMessages, INVALID_TOOL_JSON, parseArgs } from '../../../proxy/src/translate/chat-stream-to-messages.js';
import { laneErrorFailure } from '../../../proxy/src/upstream/chat/errors.js';
import { LANE_THINKING_SIGNATURE } from '../../../proxy/src/translate/messages-to-chat.js';
import type { ThinkingMode } from '../../../proxy/src/translate/messages-to-responses.js';
import { decodeThinkingSignature } from '../../../proxy/src/translate/thinking-signature.js';
import { buildToolNameMap, shortenName } from '../../../proxy/src/translate/tool-names.js';
import { assertValidAnthropicSequence } from '../../helpers/anthropic-sequence.js';

const long = `mcp__s__${'q'.repeat(70)}`;
const make = (thinkingMode: ThinkingMode = 'show') => new ChatStreamToMessages({ messageId: 'msg_1', model: 'claude-haiku-5-5', toolNames: buildToolNameMap([long]), thinkingMode });
const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ id: 'g', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });
const usage = (prompt: number, completion: number, cached = 0) => ({ id: 'g', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, prompt_tokens_details: { cached_tokens: cached } } });

function run(payloads: unknown[], end: 'done' | 'eof' = 'done', mode?: ThinkingMode) {
  const t = make(mode);
  const events: AnthropicStreamEvent[] = [];
  for (const p of payloads) {
    const s = t.push(p);
    events.push(...s.events);
    if (s.failure) return { events, failure: s.failure, t };
  }
  const last = end === 'done' ? t.done() : t.finish();
  events.push(...last.events);
  return { events, failure: last.failure, t };
}

describe('ChatStreamToMessages', () => {
  it('streams reasoning as a lane-signed thinking block, then text; usage with cached tokens', () => {
    const { events, failure } = run([
      chunk({ role: 'assistant', content: '' }),
      chunk({ reasoning: 'Hmm, ' }),
      chunk({ reasoning_content: 'ok.' }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
      usage(100, 8, 30),
    ]);
    expect(failure).toBeUndefined();
    assertValidAnthropicSequence(events);
    const msg = aggregateMessage(events);
    expect(msg.content).toEqual([
      { type: 'thinking', thinking: 'Hmm, ok.', signature: LANE_THINKING_SIGNATURE },
      { type: 'text', text: 'Hello' },
    ]);
    expect(decodeThinkingSignature(LANE_THINKING_SIGNATURE)).toBeNull();
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage).toMatchObject({ input_tokens: 70, cache_read_input_tokens: 30, output_tokens: 8 });
  });

  it('skips reasoning when the client did not ask to see thinking', () => {
    const { events } = run([chunk({ reasoning: 'secret' }), chunk({ content: 'x' }, 'stop')], 'eof', 'none');
    expect(aggregateMessage(events).content).toEqual([{ type: 'text', text: 'x' }]);
  });

  it('buffers tool calls and emits them, with mapped names, only once their JSON parses', () => {
    const t = make();
    const early = [
      ...t.push(chunk({ content: 'Reading.' })).events,
      ...t.push(chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: shortenName(long), arguments: '{"q":' } }] })).events,
      ...t.push(chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'Read', arguments: '' } }] })).events,
      ...t.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '"a"}' } }] })).events,
      ...t.push(chunk({}, 'tool_calls')).events,
    ];
    expect(early.some((e) => e.type === 'content_block_start' && e.content_block.type === 'tool_use')).toBe(false);
    const events = [...early, ...t.done().events];
    assertValidAnthropicSequence(events);
    const msg = aggregateMessage(events);
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.content).toEqual([
      { type: 'text', text: 'Reading.' },
      { type: 'tool_use', id: 'call_a', name: long, input: { q: 'a' } },
      { type: 'tool_use', id: 'call_b', name: 'Read', input: {} },
    ]);
  });

  it('fails with invalid_tool_arguments (no tool block emitted) when arguments are not a JSON object', () => {
    for (const args of ['{"a":', '[1,2]', 'nope']) {
      const { events, failure } = run([chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'Read', arguments: args } }] }), chunk({}, 'tool_calls')]);
      expect(failure).toMatchObject({ kind: 'server', code: INVALID_TOOL_JSON });
      expect(events.some((e) => e.type === 'content_block_start')).toBe(false);
    }
    expect(run([chunk({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }), chunk({}, 'tool_calls')]).failure).toMatchObject({ code: INVALID_TOOL_JSON });
    expect(parseArgs('  ')).toEqual({});
  });

  it('maps length / content_filter; EOF without a finish is a cut; error payloads are failures', () => {
    expect(aggregateMessage(run([chunk({ content: 'x' }, 'length')]).events).stop_reason).toBe('max_tokens');
    expect(aggregateMessage(run([chunk({ content: 'x' }, 'content_filter')]).events).stop_reason).toBe('refusal');
    expect(run([chunk({ content: 'x' })], 'eof').failure).toMatchObject({ kind: 'stream_cut' });
    expect(run([chunk({ content: 'x' }, 'stop')], 'eof').failure).toBeUndefined();
    expect(run([{ error: { message: 'Provider returned error', code: 502 } }]).failure).toMatchObject({ kind: 'server', status: 502 });
    expect(laneErrorFailure({ message: 'slow', code: 429 })).toMatchObject({ kind: 'rate_limited' });
    expect(laneErrorFailure({ message: 'bad' }, 400)).toMatchObject({ kind: 'invalid_request' });
  });

  it('failAfterCommit closes the open block and ends with one error event', () => {
    const t = make();
    const events = [...t.push(chunk({ reasoning: 'thinking…' })).events];
    events.push(...t.failAfterCommit({ kind: 'stream_cut', message: 'cut' }, 0));
    assertValidAnthropicSequence(events);
    expect(events[events.length - 1]).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(t.failAfterCommit({ kind: 'stream_cut', message: 'cut' }, 0)).toEqual([]);
  });
});
