import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../../../proxy/src/anthropic/stream-types.js';
import { ResponsesSseParser } from '../../../proxy/src/codex/sse-parser.js';
import type { ResponsesStreamEvent } from '../../../proxy/src/codex/types.js';
import { aggregateMessage } from '../../../proxy/src/translate/aggregate-message.js';
import { ResponsesToMessagesTranslator, type StreamTranslatorOptions } from '../../../proxy/src/translate/responses-to-messages.js';
import { buildToolNameMap } from '../../../proxy/src/translate/tool-names.js';
import { buildResponsesEvents } from '../../helpers/responses-events.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/codex-sse/', import.meta.url));

function translate(evs: ResponsesStreamEvent[], over: Partial<StreamTranslatorOptions> = {}): AnthropicStreamEvent[] {
  const t = new ResponsesToMessagesTranslator({
    messageId: 'msg_agg',
    model: 'claude-opus-5',
    toolNames: buildToolNameMap([]),
    thinkingMode: 'show',
    accountTag: 'T',
    ...over,
  });
  return [...evs.flatMap((e) => t.push(e).events), ...t.finish().events];
}

function fixture(name: string): ResponsesStreamEvent[] {
  const p = new ResponsesSseParser();
  return [...p.feed(readFileSync(FIXTURES + name)), ...p.end()];
}

describe('aggregateMessage', () => {
  it('plain text fixture → a complete non-stream Message', () => {
    expect(aggregateMessage(translate(fixture('01-plain-text.sse')))).toEqual({
      id: 'msg_agg',
      type: 'message',
      role: 'assistant',
      model: 'claude-opus-5',
      content: [{ type: 'text', text: 'Hello! How can I help?' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 176, output_tokens: 9, cache_creation_input_tokens: 0, cache_read_input_tokens: 1024 },
    });
  });

  it('function call fixture → thinking with signature, tool_use with a parsed input object', () => {
    const msg = aggregateMessage(translate(fixture('02-function-call.sse')));
    expect(msg.content).toEqual([
      { type: 'thinking', thinking: '', signature: 'ccp1.T.gAAAAABfakeEncryptedReasoning==' },
      { type: 'tool_use', id: 'call_AbC123', name: 'Read', input: { file_path: '/scratch/a.txt' } },
    ]);
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.usage).toEqual({ input_tokens: 352, output_tokens: 60, cache_creation_input_tokens: 0, cache_read_input_tokens: 2048 });
  });

  it('reasoning summary fixture → thinking text + signature, then text', () => {
    const msg = aggregateMessage(translate(fixture('03-reasoning-summary-then-text.sse')));
    expect(msg.content).toEqual([
      {
        type: 'thinking',
        thinking: '**Checking the question**\n\nThe user wants a one-word answer.',
        signature: 'ccp1.T.gAAAAABfakeEncryptedReasoning2==',
      },
      { type: 'text', text: 'Yes.' },
    ]);
  });

  it('incomplete fixture → empty content with max_tokens', () => {
    const msg = aggregateMessage(translate(fixture('05-response-incomplete.sse')));
    expect(msg).toMatchObject({ content: [], stop_reason: 'max_tokens', usage: { input_tokens: 500, output_tokens: 4096 } });
  });

  it('parallel calls, empty arguments and web search', () => {
    const evs = buildResponsesEvents([
      { kind: 'web_search', id: 'ws_9', query: 'q', sources: [{ url: 'https://a.example', title: 'A' }] },
      { kind: 'function_call', callId: 'call_1', name: 'Glob', deltas: ['{"pattern":', '"**/*.ts"}'] },
      { kind: 'function_call', callId: 'call_2', name: 'TodoRead', deltas: [] },
    ]);
    expect(aggregateMessage(translate(evs)).content).toEqual([
      { type: 'server_tool_use', id: 'ws_9', name: 'web_search', input: { query: 'q' } },
      {
        type: 'web_search_tool_result',
        tool_use_id: 'ws_9',
        content: [{ type: 'web_search_result', url: 'https://a.example', title: 'A', encrypted_content: '', page_age: null }],
      },
      { type: 'tool_use', id: 'call_1', name: 'Glob', input: { pattern: '**/*.ts' } },
      { type: 'tool_use', id: 'call_2', name: 'TodoRead', input: {} },
    ]);
  });

  it('tolerates junk: unknown indexes, mismatched deltas, invalid JSON, missing message_start', () => {
    const msg = aggregateMessage([
      { type: 'content_block_delta', index: 5, delta: { type: 'text_delta', text: 'x' } },
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'n', input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ignored' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"a":' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 3 } },
      { type: 'error', error: { type: 'api_error', message: 'x' } },
    ]);
    expect(msg.content).toEqual([{ type: 'tool_use', id: 't', name: 'n', input: {} }]);
    expect(msg.stop_reason).toBe('tool_use');
    expect(msg.usage.output_tokens).toBe(3);
  });

  it('does not mutate the events it reads', () => {
    const events = translate(fixture('01-plain-text.sse'));
    const copy = structuredClone(events);
    aggregateMessage(events);
    aggregateMessage(events);
    expect(events).toEqual(copy);
  });
});
