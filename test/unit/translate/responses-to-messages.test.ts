import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnthropicStreamEvent } from '../../../proxy/src/anthropic/stream-types.js';
import { ResponsesSseParser } from '../../../proxy/src/codex/sse-parser.js';
import type { ResponsesStreamEvent } from '../../../proxy/src/codex/types.js';
import {
  JsonObjectGuard,
  ResponsesToMessagesTranslator,
  STREAM_CUT_MESSAGE,
  UNSIGNED_THINKING_SIGNATURE,
  isContentEvent,
  type StepResult,
  type StreamTranslatorOptions,
} from '../../../proxy/src/translate/responses-to-messages.js';
import { decodeThinkingSignature } from '../../../proxy/src/translate/thinking-signature.js';
import { buildToolNameMap, shortenName } from '../../../proxy/src/translate/tool-names.js';
import { toAnthropicUsage } from '../../../proxy/src/translate/usage.js';
import { formatSse } from '../../../proxy/src/http/sse-writer.js';
import { assertValidAnthropicSequence } from '../../helpers/anthropic-sequence.js';
import { buildResponsesEvents, type ScriptItem } from '../../helpers/responses-events.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/codex-sse/', import.meta.url));

function fixtureEvents(name: string): ResponsesStreamEvent[] {
  const p = new ResponsesSseParser();
  return [...p.feed(readFileSync(FIXTURES + name)), ...p.end()];
}

const NOW = 1_800_000_000_000;

function makeTranslator(over: Partial<StreamTranslatorOptions> = {}): ResponsesToMessagesTranslator {
  return new ResponsesToMessagesTranslator({
    messageId: 'msg_test',
    model: 'claude-sonnet-5',
    toolNames: buildToolNameMap([]),
    thinkingMode: 'show',
    accountTag: 'TAG',
    nowMs: () => NOW,
    ...over,
  });
}

interface Run {
  events: AnthropicStreamEvent[];
  steps: StepResult[];
  finish: StepResult;
  t: ResponsesToMessagesTranslator;
}

function run(evs: ResponsesStreamEvent[], over: Partial<StreamTranslatorOptions> = {}): Run {
  const t = makeTranslator(over);
  const steps = evs.map((e) => t.push(e));
  const finish = t.finish();
  const events = steps.flatMap((s) => s.events);
  expect(t.internalErrors).toBe(0);
  return { events, steps, finish, t };
}

const start = (usage = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }) => ({
  type: 'message_start',
  message: {
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage,
  },
});
const blockStart = (index: number, content_block: unknown) => ({ type: 'content_block_start', index, content_block });
const text = (index: number, t: string) => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } });
const thinking = (index: number, t: string) => ({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: t } });
const sig = (index: number, s: string) => ({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: s } });
const json = (index: number, j: string) => ({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: j } });
const stop = (index: number) => ({ type: 'content_block_stop', index });
const messageDelta = (stop_reason: string, usage: Record<string, number>) => ({
  type: 'message_delta',
  delta: { stop_reason, stop_sequence: null },
  usage,
});
const usage = (input: number, output: number, cacheRead = 0) => ({
  input_tokens: input,
  output_tokens: output,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: cacheRead,
});

/** Concatenated tool inputs of a sequence, by block index. */
function toolJson(events: AnthropicStreamEvent[]): Record<number, string> {
  const out: Record<number, string> = {};
  for (const e of events) {
    if (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta') out[e.index] = (out[e.index] ?? '') + e.delta.partial_json;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ fixtures

describe('fixtures through parser + translator', () => {
  it('01 plain text → one text block, end_turn, cached tokens as cache_read', () => {
    const { events, finish, t } = run(fixtureEvents('01-plain-text.sse'));
    expect(events).toEqual([
      start(),
      blockStart(0, { type: 'text', text: '' }),
      text(0, 'Hello! '),
      text(0, 'How can I help?'),
      stop(0),
      messageDelta('end_turn', usage(176, 9, 1024)),
      { type: 'message_stop' },
    ]);
    expect(finish).toEqual({ events: [], done: true });
    expect(t.stopReason).toBe('end_turn');
    expect(t.usage).toEqual(usage(176, 9, 1024));
    expect(t.committed).toBe(true);
    assertValidAnthropicSequence(events);
  });

  it('02 function call with hidden reasoning (show) → signed thinking block, tool_use, stop tool_use', () => {
    const { events } = run(fixtureEvents('02-function-call.sse'));
    expect(events).toEqual([
      start(),
      blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      sig(0, 'ccp1.TAG.gAAAAABfakeEncryptedReasoning=='),
      stop(0),
      blockStart(1, { type: 'tool_use', id: 'call_AbC123', name: 'Read', input: {} }),
      json(1, '{"file_path":'),
      json(1, '"/scratch/a.txt"}'),
      stop(1),
      messageDelta('tool_use', usage(352, 60, 2048)),
      { type: 'message_stop' },
    ]);
    assertValidAnthropicSequence(events);
    expect(decodeThinkingSignature('ccp1.TAG.gAAAAABfakeEncryptedReasoning==')).toEqual({
      tag: 'TAG',
      encryptedContent: 'gAAAAABfakeEncryptedReasoning==',
    });
  });

  it('02 in omit mode → same thinking block; in none mode → no thinking block, tool_use at index 0', () => {
    const omit = run(fixtureEvents('02-function-call.sse'), { thinkingMode: 'omit' }).events;
    expect(omit.slice(1, 4)).toEqual([
      blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      sig(0, 'ccp1.TAG.gAAAAABfakeEncryptedReasoning=='),
      stop(0),
    ]);
    const none = run(fixtureEvents('02-function-call.sse'), { thinkingMode: 'none' }).events;
    expect(none[1]).toEqual(blockStart(0, { type: 'tool_use', id: 'call_AbC123', name: 'Read', input: {} }));
    expect(none.some((e) => e.type === 'content_block_start' && e.content_block.type === 'thinking')).toBe(false);
    assertValidAnthropicSequence(omit);
    assertValidAnthropicSequence(none);
  });

  it('03 reasoning summary + text (show) → thinking deltas then signature, then text', () => {
    const { events } = run(fixtureEvents('03-reasoning-summary-then-text.sse'), { inputTokens: 850 });
    expect(events).toEqual([
      start(usage(850, 0)),
      blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      thinking(0, '**Checking the question**\n\n'),
      thinking(0, 'The user wants a one-word answer.'),
      sig(0, 'ccp1.TAG.gAAAAABfakeEncryptedReasoning2=='),
      stop(0),
      blockStart(1, { type: 'text', text: '' }),
      text(1, 'Yes.'),
      stop(1),
      messageDelta('end_turn', usage(900, 120)),
      { type: 'message_stop' },
    ]);
    assertValidAnthropicSequence(events);
  });

  it('03 in omit mode → thinking block with empty text and only the signature', () => {
    const { events } = run(fixtureEvents('03-reasoning-summary-then-text.sse'), { thinkingMode: 'omit' });
    expect(events.slice(1, 4)).toEqual([
      blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      sig(0, 'ccp1.TAG.gAAAAABfakeEncryptedReasoning2=='),
      stop(0),
    ]);
    assertValidAnthropicSequence(events);
  });

  it('04 response.failed → failure context_length, no message_delta, not committed', () => {
    const { events, steps, finish, t } = run(fixtureEvents('04-response-failed.sse'));
    expect(events).toEqual([start()]);
    expect(steps[1]).toMatchObject({ events: [], done: true, failure: { kind: 'context_length', code: 'context_length_exceeded' } });
    expect(steps[0]!.failure).toBeUndefined();
    expect(finish).toEqual({ events: [], done: true });
    expect(t.committed).toBe(false);
    expect(t.failure?.kind).toBe('context_length');
  });

  it('05 response.incomplete (max_output_tokens) → stop_reason max_tokens', () => {
    const { events, t } = run(fixtureEvents('05-response-incomplete.sse'));
    expect(events).toEqual([start(), messageDelta('max_tokens', usage(500, 4096)), { type: 'message_stop' }]);
    expect(t.stopReason).toBe('max_tokens');
    assertValidAnthropicSequence(events);
  });

  it('06 error event → failure rate_limited with the retry delay', () => {
    const { events, steps } = run(fixtureEvents('06-error-event.sse'));
    expect(events).toEqual([start()]);
    expect(steps[1]!.failure).toMatchObject({ kind: 'rate_limited', code: 'rate_limit_exceeded', retryAfterSec: 12 });
    expect(steps[1]!.done).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------ synthetic

describe('function calls', () => {
  it('parallel function calls → two tool_use blocks, index 1 and 2 after a text block', () => {
    const items: ScriptItem[] = [
      { kind: 'message', deltas: ['Reading both.'] },
      { kind: 'function_call', callId: 'call_1', name: 'Read', deltas: ['{"file_path":', '"/a"}'] },
      { kind: 'function_call', callId: 'call_2', name: 'Read', deltas: ['{"file_path":"/b"}'] },
    ];
    const { events } = run(buildResponsesEvents(items));
    const summary = assertValidAnthropicSequence(events);
    expect(summary.blocks).toEqual(['text', 'tool_use', 'tool_use']);
    expect(summary.stopReason).toBe('tool_use');
    expect(events.filter((e) => e.type === 'content_block_start')).toEqual([
      blockStart(0, { type: 'text', text: '' }),
      blockStart(1, { type: 'tool_use', id: 'call_1', name: 'Read', input: {} }),
      blockStart(2, { type: 'tool_use', id: 'call_2', name: 'Read', input: {} }),
    ]);
    expect(toolJson(events)).toEqual({ 1: '{"file_path":"/a"}', 2: '{"file_path":"/b"}' });
  });

  it('maps long (shortened) tool names back to the client names', () => {
    const long = `mcp__${'server'.repeat(8)}__${'do_something'.repeat(5)}`;
    const toolNames = buildToolNameMap(['Bash', long]);
    const items: ScriptItem[] = [{ kind: 'function_call', callId: 'call_x', name: shortenName(long), deltas: ['{}'] }];
    const { events } = run(buildResponsesEvents(items), { toolNames });
    expect(events[1]).toEqual(blockStart(0, { type: 'tool_use', id: 'call_x', name: long, input: {} }));
  });

  it('arguments only in .done / output_item.done are sent as one delta', () => {
    const items: ScriptItem[] = [{ kind: 'function_call', callId: 'c', name: 'Bash', deltas: [], full: '{"command":"ls"}' }];
    const { events } = run(buildResponsesEvents(items));
    expect(toolJson(events)).toEqual({ 0: '{"command":"ls"}' });
    // only output_item.done carries them
    const evs = buildResponsesEvents(items).filter((e) => e.type !== 'response.function_call_arguments.done');
    expect(toolJson(run(evs).events)).toEqual({ 0: '{"command":"ls"}' });
  });

  it('sends the missing remainder when the deltas are a prefix of the final arguments', () => {
    const items: ScriptItem[] = [{ kind: 'function_call', callId: 'c', name: 'Bash', deltas: ['{"command":'], full: '{"command":"ls"}' }];
    const { events } = run(buildResponsesEvents(items));
    expect(events.filter((e) => e.type === 'content_block_delta')).toEqual([json(0, '{"command":'), json(0, '"ls"}')]);
  });

  it('an empty argument string becomes {}', () => {
    const items: ScriptItem[] = [{ kind: 'function_call', callId: 'c', name: 'TodoRead', deltas: [] }];
    const { events } = run(buildResponsesEvents(items));
    expect(toolJson(events)).toEqual({ 0: '{}' });
    assertValidAnthropicSequence(events);
  });

  it('raw newlines inside argument strings are escaped (intent kept), garbage after the object is cut', () => {
    const items: ScriptItem[] = [
      { kind: 'function_call', callId: 'c1', name: 'Write', deltas: ['{"content":"line1\nline2\t', 'x"}'] },
      { kind: 'function_call', callId: 'c2', name: 'Bash', deltas: ['{"command":"ls"}', '{"command":"pwd"}'] },
    ];
    const { events } = run(buildResponsesEvents(items));
    const j = toolJson(events);
    expect(JSON.parse(j[0]!)).toEqual({ content: 'line1\nline2\tx' });
    expect(j[1]).toBe('{"command":"ls"}');
    assertValidAnthropicSequence(events);
  });

  it('truncated arguments (max_output_tokens mid-call) are completed to valid JSON', () => {
    const evs = buildResponsesEvents([{ kind: 'function_call', callId: 'c', name: 'Write', deltas: ['{"file_path":"/a","content":"par'] }], {
      type: 'none',
    }).filter((e) => !e.type.endsWith('.done'));
    evs.push({ type: 'response.incomplete', response: { incomplete_details: { reason: 'max_output_tokens' }, output: [] } });
    const { events } = run(evs);
    expect(JSON.parse(toolJson(events)[0]!)).toEqual({ file_path: '/a', content: 'par' });
    expect(assertValidAnthropicSequence(events).stopReason).toBe('max_tokens');
  });

  it('non-object arguments (e.g. an array) become {}', () => {
    const { events } = run(buildResponsesEvents([{ kind: 'function_call', callId: 'c', name: 'X', deltas: ['[1,2]'] }]));
    expect(toolJson(events)).toEqual({ 0: '{}' });
  });
});

describe('reasoning', () => {
  it('several summary parts are separated by a blank line', () => {
    const items: ScriptItem[] = [
      { kind: 'reasoning', summary: [['**A**\n\n', 'one'], ['**B**\n\ntwo']], encrypted: 'E1' },
      { kind: 'message', deltas: ['ok'] },
    ];
    const { events } = run(buildResponsesEvents(items));
    expect(events.slice(1, 7)).toEqual([
      blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      thinking(0, '**A**\n\n'),
      thinking(0, 'one'),
      thinking(0, '\n\n**B**\n\ntwo'),
      sig(0, 'ccp1.TAG.E1'),
      stop(0),
    ]);
  });

  it('summary present only in output_item.done is emitted as one thinking delta', () => {
    const evs = buildResponsesEvents([{ kind: 'reasoning', summary: [['first'], ['second']], encrypted: 'E' }]).filter(
      (e) => !e.type.startsWith('response.reasoning_summary'),
    );
    const { events } = run(evs);
    expect(events.slice(1, 5)).toEqual([
      blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      thinking(0, 'first\n\nsecond'),
      sig(0, 'ccp1.TAG.E'),
      stop(0),
    ]);
  });

  it('without encrypted_content: streamed block gets the unsigned placeholder; silent reasoning is skipped; omit skips', () => {
    const streamed = run(buildResponsesEvents([{ kind: 'reasoning', summary: [['hm']], encrypted: null }])).events;
    expect(streamed.slice(1, 5)).toEqual([
      blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      thinking(0, 'hm'),
      sig(0, UNSIGNED_THINKING_SIGNATURE),
      stop(0),
    ]);
    expect(decodeThinkingSignature(UNSIGNED_THINKING_SIGNATURE)).toBeNull();
    const silent = run(buildResponsesEvents([{ kind: 'reasoning', summary: [], encrypted: null }])).events;
    expect(silent.filter(isContentEvent)).toEqual([]);
    const omit = run(buildResponsesEvents([{ kind: 'reasoning', summary: [['hm']], encrypted: null }]), { thinkingMode: 'omit' }).events;
    expect(omit.filter(isContentEvent)).toEqual([]);
  });

  it('a thinking block left open by a terminal event takes its signature from response.output', () => {
    const evs = buildResponsesEvents([{ kind: 'reasoning', id: 'rs_1', summary: [['abc']], encrypted: 'FINAL' }]).filter(
      (e) => e.type !== 'response.output_item.done',
    );
    const { events } = run(evs);
    expect(events.slice(1, 5)).toEqual([
      blockStart(0, { type: 'thinking', thinking: '', signature: '' }),
      thinking(0, 'abc'),
      sig(0, 'ccp1.TAG.FINAL'),
      stop(0),
    ]);
  });

  it('the thinking block is not committed before a summary (hidden reasoning commits only at done)', () => {
    const t = makeTranslator();
    const evs = fixtureEvents('02-function-call.sse');
    t.push(evs[0]!);
    t.push(evs[1]!);
    t.push(evs[2]!); // reasoning added
    expect(t.committed).toBe(false);
    t.push(evs[3]!); // reasoning done
    expect(t.committed).toBe(true);
  });
});

describe('text, refusal, web search, robustness', () => {
  it('text only in output_text.done or output_item.done is still emitted once', () => {
    const base = buildResponsesEvents([{ kind: 'message', deltas: ['Hi ', 'there'] }]);
    const noDeltas = base.filter((e) => e.type !== 'response.output_text.delta');
    expect(run(noDeltas).events.filter(isContentEvent)).toEqual([blockStart(0, { type: 'text', text: '' }), text(0, 'Hi there'), stop(0)]);
    const onlyItemDone = base.filter((e) => !/output_text|content_part/.test(e.type));
    expect(run(onlyItemDone).events.filter(isContentEvent)).toEqual([blockStart(0, { type: 'text', text: '' }), text(0, 'Hi there'), stop(0)]);
  });

  it('only response.completed with output (no item events) still yields the content', () => {
    const evs = buildResponsesEvents([
      { kind: 'message', deltas: ['Hello'] },
      { kind: 'function_call', callId: 'c', name: 'Bash', deltas: ['{"command":"ls"}'] },
    ]).filter((e) => e.type === 'response.completed');
    const { events } = run(evs);
    expect(assertValidAnthropicSequence(events)).toMatchObject({ blocks: ['text', 'tool_use'], stopReason: 'tool_use' });
  });

  it('refusal parts are text; content_filter → stop_reason refusal', () => {
    const { events } = run(buildResponsesEvents([{ kind: 'message', deltas: ["I can't"], refusal: true }], { type: 'incomplete', reason: 'content_filter' }));
    expect(events.filter(isContentEvent)).toEqual([blockStart(0, { type: 'text', text: '' }), text(0, "I can't"), stop(0)]);
    expect(assertValidAnthropicSequence(events).stopReason).toBe('refusal');
  });

  it('web_search_call → server_tool_use + web_search_tool_result, then the text', () => {
    const items: ScriptItem[] = [
      { kind: 'web_search', id: 'ws_1', query: 'node 20 release', sources: [{ url: 'https://nodejs.org', title: 'Node' }, { url: 'https://x.dev' }] },
      { kind: 'message', deltas: ['Found it.'] },
    ];
    const { events } = run(buildResponsesEvents(items));
    expect(events.filter(isContentEvent).slice(0, 4)).toEqual([
      blockStart(0, { type: 'server_tool_use', id: 'ws_1', name: 'web_search', input: { query: 'node 20 release' } }),
      stop(0),
      blockStart(1, {
        type: 'web_search_tool_result',
        tool_use_id: 'ws_1',
        content: [
          { type: 'web_search_result', url: 'https://nodejs.org', title: 'Node', encrypted_content: '', page_age: null },
          { type: 'web_search_result', url: 'https://x.dev', title: 'https://x.dev', encrypted_content: '', page_age: null },
        ],
      }),
      stop(1),
    ]);
    expect(assertValidAnthropicSequence(events).stopReason).toBe('end_turn');
  });

  it('ignores unknown events and item types, and everything after the terminal event', () => {
    const evs = buildResponsesEvents([{ kind: 'message', deltas: ['a'] }]);
    const noisy: ResponsesStreamEvent[] = [
      evs[0]!,
      { type: 'codex.rate_limits', rate_limits: { primary: { used_percent: 3 } } },
      { type: 'response.metadata', openai_verification_recommendation: [] },
      { type: 'response.queued' },
      { type: 'response.output_item.added', output_index: 7, item: { id: 'ctc_1', type: 'custom_tool_call', input: '' } },
      { type: 'response.custom_tool_call_input.delta', item_id: 'ctc_1', output_index: 7, delta: 'x' },
      { type: 'response.output_item.done', output_index: 7, item: { id: 'ctc_1', type: 'custom_tool_call', input: 'x' } },
      ...evs.slice(1),
      { type: 'response.output_text.delta', item_id: 'late', output_index: 9, delta: 'late' },
      { type: 'response.completed', response: {} },
    ];
    const { events, steps } = run(noisy);
    expect(events.filter(isContentEvent)).toEqual([blockStart(0, { type: 'text', text: '' }), text(0, 'a'), stop(0)]);
    expect(steps.at(-1)).toEqual({ events: [], done: true });
    assertValidAnthropicSequence(events);
  });

  it('a text delta for an unknown item is still text; an args delta for an unknown item is dropped', () => {
    const { events } = run([
      { type: 'response.output_text.delta', item_id: 'm?', delta: 'orphan' },
      { type: 'response.function_call_arguments.delta', item_id: 'f?', delta: '{"a":1}' },
      { type: 'response.completed', response: { usage: { input_tokens: 10, output_tokens: 2 } } },
    ]);
    expect(events).toEqual([
      start(),
      blockStart(0, { type: 'text', text: '' }),
      text(0, 'orphan'),
      stop(0),
      messageDelta('end_turn', usage(10, 2)),
      { type: 'message_stop' },
    ]);
  });

  it('missing usage keeps our estimate in message_delta', () => {
    const { events } = run(buildResponsesEvents([{ kind: 'message', deltas: ['a'] }]), { inputTokens: 42 });
    expect(events.at(-2)).toEqual(messageDelta('end_turn', usage(42, 0)));
  });
});

describe('end of stream and failures', () => {
  it('EOF without a terminal event → stream_cut failure', () => {
    const evs = buildResponsesEvents([{ kind: 'message', deltas: ['partial'] }], { type: 'none' }).slice(0, 5);
    const { events, finish, t } = run(evs);
    expect(finish).toEqual({ events: [], done: true, failure: { kind: 'stream_cut', message: STREAM_CUT_MESSAGE } });
    expect(t.committed).toBe(true);
    const tail = t.failAfterCommit(finish.failure!);
    expect(tail).toEqual([stop(0), { type: 'error', error: { type: 'overloaded_error', message: STREAM_CUT_MESSAGE } }]);
    assertValidAnthropicSequence([...events, ...tail]);
    expect(t.failAfterCommit(finish.failure!)).toEqual([]);
    expect(t.push({ type: 'response.completed' })).toEqual({ events: [], done: true });
  });

  it('failAfterCommit mid tool_use completes the JSON, then the mapped error (rate_limit_error)', () => {
    const evs = buildResponsesEvents([{ kind: 'function_call', callId: 'c', name: 'Bash', deltas: ['{"command":"l'] }], {
      type: 'error',
      code: 'rate_limit_exceeded',
      message: 'Rate limit reached. Please try again in 2s.',
    }).filter((e) => !e.type.endsWith('.done'));
    const { events, steps, t } = run(evs);
    const failure = steps.find((s) => s.failure)!.failure!;
    const tail = t.failAfterCommit(failure);
    expect(tail).toEqual([
      json(0, '"}'),
      stop(0),
      { type: 'error', error: { type: 'rate_limit_error', message: 'Codex backend rate limit: Rate limit reached. Please try again in 2s.' } },
    ]);
    const all = [...events, ...tail];
    assertValidAnthropicSequence(all);
    expect(JSON.parse(toolJson(all)[0]!)).toEqual({ command: 'l' });
  });

  it('failAfterCommit maps overloaded and context_length (with the caller context)', () => {
    const t = makeTranslator({ inputTokens: 1000 });
    t.push({ type: 'response.created' });
    t.push({ type: 'response.output_text.delta', item_id: 'm', delta: 'x' });
    const r = t.push({ type: 'response.failed', response: { error: { code: 'context_length_exceeded', message: 'too long' } } });
    expect(t.failAfterCommit(r.failure!, { contextWindow: 400 })).toEqual([
      stop(0),
      { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 1000 tokens > 400 maximum' } },
    ]);
    const t2 = makeTranslator();
    t2.push({ type: 'response.created' });
    const r2 = t2.push({ type: 'error', error: { type: 'server_is_overloaded', message: 'busy' } });
    expect(r2.failure?.kind).toBe('overloaded');
    expect(t2.failAfterCommit(r2.failure!)).toEqual([{ type: 'error', error: { type: 'overloaded_error', message: 'The Codex backend is overloaded: busy' } }]);
  });

  it('failAfterCommit after a clean message_stop emits nothing', () => {
    const t = makeTranslator();
    for (const e of fixtureEvents('01-plain-text.sse')) t.push(e);
    expect(t.failAfterCommit({ kind: 'transport', message: 'x' })).toEqual([]);
  });

  it('garbage-typed fields in failure events never throw', () => {
    const weird = Object.create(null) as Record<string, unknown>;
    const { steps } = run([
      { type: 'response.created' },
      { type: 'error', error: { type: weird, message: { toString: 1 } }, code: 5, message: weird, status: 'x' } as unknown as ResponsesStreamEvent,
    ]);
    expect(steps[1]!.failure?.kind).toBe('server');
  });
});

describe('JsonObjectGuard', () => {
  const complete = (chunks: string[]): { sent: string; tail: string } => {
    const g = new JsonObjectGuard();
    const sent = chunks.map((c) => g.accept(c)).join('');
    return { sent, tail: g.finish() };
  };
  it.each([
    [[''], '{}'],
    [['  '], '  {}'],
    [['{"a":'], '{"a":null}'],
    [['{"a'], '{"a":null}'],
    [['{"a":"b\\'], '{"a":"b\\\\"}'],
    [['{"a":"\\u00'], '{"a":"\\u0000"}'],
    [['{"a":[1,2,'], '{"a":[1,2,null]}'],
    [['{"a":-'], '{"a":-0}'],
    [['{"a":1.'], '{"a":1.0}'],
    [['{"a":1e+'], '{"a":1e+0}'],
    [['{"a":tr'], '{"a":true}'],
    [['{"a":1,'], '{"a":1,"":null}'],
    [['{"a":{"b":[{"c":"d'], '{"a":{"b":[{"c":"d"}]}}'],
    [['{"a":1} trailing'], '{"a":1} '],
    [['{"a":1x'], '{"a":1}'],
    [['{"a":"\\q"}'], '{"a":"\\\\q"}'],
    [['{"a":"\\u12G"}'], '{"a":"\\u1200G"}'],
  ])('%j → %s', (chunks, expected) => {
    const { sent, tail } = complete(chunks);
    expect(sent + tail).toBe(expected);
    expect(typeof JSON.parse(sent + tail)).toBe('object');
  });
});

describe('formatSse / toAnthropicUsage', () => {
  it('formats one event per SSE frame with an event: line', () => {
    expect(formatSse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'a\nb' } })).toBe(
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\\nb"}}\n\n',
    );
    expect(formatSse({ type: 'message_stop' })).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  });

  it('maps usage: input minus cached, cache_read = cached, zeros for missing', () => {
    expect(toAnthropicUsage({ input_tokens: 1234, input_tokens_details: { cached_tokens: 1024 }, output_tokens: 56 })).toEqual(usage(210, 56, 1024));
    expect(toAnthropicUsage(null)).toEqual(usage(0, 0));
    expect(toAnthropicUsage({ input_tokens: 10, input_tokens_details: null })).toEqual(usage(10, 0));
    expect(toAnthropicUsage({ input_tokens: Number.NaN, output_tokens: -3 } as never)).toEqual(usage(0, 0));
  });
});
