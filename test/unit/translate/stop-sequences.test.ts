import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../../../proxy/src/anthropic/stream-types.js';
import { StopSequenceFilter } from '../../../proxy/src/translate/stop-sequences.js';
import { assertValidAnthropicSequence } from '../../helpers/anthropic-sequence.js';

function textStream(chunks: string[]): AnthropicStreamEvent[] {
  return [
    { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    ...chunks.map((text): AnthropicStreamEvent => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } },
    { type: 'message_stop' },
  ];
}

const textOf = (events: AnthropicStreamEvent[]) =>
  events.map((e) => (e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? e.delta.text : '')).join('');

describe('StopSequenceFilter', () => {
  it('is a no-op without stop sequences', () => {
    const events = textStream(['a', 'b']);
    expect(new StopSequenceFilter([]).push(events)).toEqual(events);
  });

  it('cuts at a sequence spanning deltas and ends with stop_reason stop_sequence', () => {
    const f = new StopSequenceFilter(['</block>', 'NEVER']);
    const out = f.push(textStream(['alpha </bl', 'ock> beta']));
    expect(textOf(out)).toBe('alpha ');
    expect(f.stopped).toBe(true);
    const delta = out.find((e) => e.type === 'message_delta');
    expect(delta).toMatchObject({ delta: { stop_reason: 'stop_sequence', stop_sequence: '</block>' } });
    assertValidAnthropicSequence(out);
  });

  it('for any chunking, the text is the prefix before the first stop sequence (or all text when none)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'X', 'Y', ' ', 'XY'), { maxLength: 30 }), fc.array(fc.nat(5)), (parts, cuts) => {
        const full = parts.join('');
        const chunks: string[] = [];
        let rest = full;
        for (const c of cuts) {
          if (!rest) break;
          chunks.push(rest.slice(0, c + 1));
          rest = rest.slice(c + 1);
        }
        if (rest) chunks.push(rest);
        const f = new StopSequenceFilter(['XY', 'bYa']);
        const out = f.push(textStream(chunks));
        const at = [full.indexOf('XY'), full.indexOf('bYa')].filter((i) => i >= 0);
        const expected = at.length ? full.slice(0, Math.min(...at)) : full;
        expect(textOf(out)).toBe(expected);
        expect(f.stopped).toBe(at.length > 0);
        assertValidAnthropicSequence(out);
      }),
    );
  });
});
