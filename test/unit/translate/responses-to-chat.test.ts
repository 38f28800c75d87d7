import { describe, expect, it } from 'vitest';
import type { ChatSseEvent } from '../../../proxy/src/openai/types.js';
import { formatChatSse } from '../../../proxy/src/pipeline/openai-dialect.js';
import { aggregateChatCompletion, isChatContent, ResponsesToChatTranslator } from '../../../proxy/src/translate/responses-to-chat.js';
import { buildToolNameMap, shortenName } from '../../../proxy/src/translate/tool-names.js';
import { buildResponsesEvents, type ScriptItem, type Terminal } from '../../helpers/responses-events.js';

const long = `mcp__server__${'y'.repeat(70)}`;
const make = (includeUsage = true) =>
  new ResponsesToChatTranslator({ id: 'chatcmpl-1', model: 'client-model', created: 1_800_000_000, includeUsage, toolNames: buildToolNameMap([long]), accountTag: 't', nowMs: () => 1_800_000_000_000 });

function run(items: ScriptItem[], terminal?: Terminal, includeUsage = true) {
  const t = make(includeUsage);
  const events: ChatSseEvent[] = [];
  let failure;
  for (const ev of buildResponsesEvents(items, terminal)) {
    const step = t.push(ev);
    events.push(...step.events);
    if (step.failure) failure = step.failure;
    if (step.done) break;
  }
  return { t, events, failure };
}
const chunks = (events: ChatSseEvent[]) => events.filter((e): e is Extract<ChatSseEvent, { kind: 'chunk' }> => e.kind === 'chunk').map((e) => e.chunk);

describe('ResponsesToChatTranslator', () => {
  it('streams role, content deltas, finish_reason stop, usage with cached tokens, then [DONE]', () => {
    const usage = { input_tokens: 100, input_tokens_details: { cached_tokens: 40 }, output_tokens: 9, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 109 };
    const { events, t } = run([{ kind: 'reasoning', summary: [['hidden']] }, { kind: 'message', deltas: ['Hel', 'lo'] }], { type: 'completed', usage });
    const cs = chunks(events);
    expect(cs[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    expect(isChatContent(events[0]!)).toBe(false);
    expect(cs.map((c) => c.choices[0]?.delta.content).filter(Boolean)).toEqual(['Hel', 'lo']);
    expect(cs.find((c) => c.choices[0]?.finish_reason)?.choices[0]!.finish_reason).toBe('stop');
    expect(cs[cs.length - 1]).toMatchObject({ choices: [], usage: { prompt_tokens: 100, completion_tokens: 9, total_tokens: 109, prompt_tokens_details: { cached_tokens: 40 } } });
    expect(events[events.length - 1]).toEqual({ kind: 'done' });
    expect(cs.every((c) => c.id === 'chatcmpl-1' && c.model === 'client-model' && c.object === 'chat.completion.chunk')).toBe(true);
    expect(t.usage()).toEqual({ input: 100, output: 9, cached: 40 });
    expect(JSON.stringify(events)).not.toContain('hidden'); // no reasoning in chat completions
  });

  it('streams parallel tool calls: index/id/name first, then argument fragments that form valid JSON', () => {
    const { events } = run([
      { kind: 'function_call', callId: 'call_a', name: shortenName(long), deltas: ['{"p":', '"a"}'] },
      { kind: 'function_call', callId: 'call_b', name: 'Read', deltas: ['{"p":"b"', '}garbage'] },
    ]);
    const toolDeltas = chunks(events).flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({ index: 0, id: 'call_a', type: 'function', function: { name: long, arguments: '' } });
    const agg = aggregateChatCompletion(events, { id: 'x', model: 'y', created: 0 });
    expect(agg.choices[0]!.finish_reason).toBe('tool_calls');
    expect(agg.choices[0]!.message.content).toBeNull();
    expect(agg.choices[0]!.message.tool_calls!.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['call_a', long, { p: 'a' }],
      ['call_b', 'Read', { p: 'b' }],
    ]);
  });

  it('maps incomplete reasons to length / content_filter and omits usage without include_usage', () => {
    const len = run([{ kind: 'message', deltas: ['x'] }], { type: 'incomplete', reason: 'max_output_tokens' }, false);
    expect(chunks(len.events).find((c) => c.choices[0]?.finish_reason)?.choices[0]!.finish_reason).toBe('length');
    expect(chunks(len.events).some((c) => c.usage)).toBe(false);
    const cf = run([{ kind: 'message', deltas: ['x'] }], { type: 'incomplete', reason: 'content_filter' });
    expect(aggregateChatCompletion(cf.events, { id: 'x', model: 'y', created: 0 }).choices[0]!.finish_reason).toBe('content_filter');
  });

  it('reports failures; after commit it completes the open tool call JSON and ends with an OpenAI error event', () => {
    const failed = run([{ kind: 'message', deltas: ['partial'] }], { type: 'failed', code: 'server_is_overloaded', message: 'busy' });
    expect(failed.failure).toMatchObject({ kind: 'overloaded' });

    const t = make();
    const evs = buildResponsesEvents([{ kind: 'function_call', callId: 'c', name: 'Read', deltas: ['{"file_path":"/tm'] }], { type: 'none' });
    const out: ChatSseEvent[] = [];
    for (const ev of evs.slice(0, -2)) out.push(...t.push(ev).events); // cut before the item's done
    out.push(...t.failAfterCommit({ kind: 'stream_cut', message: 'cut' }, { nowMs: 0 }));
    const args = chunks(out).flatMap((c) => c.choices[0]?.delta.tool_calls ?? []).map((d) => d.function.arguments).join('');
    expect(JSON.parse(args)).toEqual({ file_path: '/tm' });
    expect(out[out.length - 1]).toEqual({ kind: 'error', error: { message: 'cut', type: 'server_error', param: null, code: 'server_error' } });
    expect(out.some((e) => e.kind === 'done')).toBe(false);
  });

  it('formats SSE frames: data lines, [DONE], error payloads and comment keep-alives', () => {
    expect(formatChatSse({ kind: 'done' })).toBe('data: [DONE]\n\n');
    expect(formatChatSse({ kind: 'comment', text: 'keep-alive' })).toBe(': keep-alive\n\n');
    expect(formatChatSse({ kind: 'error', error: { message: 'm', type: 't', param: null, code: null } })).toBe('data: {"error":{"message":"m","type":"t","param":null,"code":null}}\n\n');
  });
});
