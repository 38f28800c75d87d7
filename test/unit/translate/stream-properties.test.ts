/**
 * Property tests of the upstream → Anthropic stream translation: whatever the upstream sends (well-formed,
 * reordered, truncated, duplicated, garbage-typed), the translator never throws and its output — completed by
 * finish() and, on failure, failAfterCommit() — is a valid Anthropic stream (test/helpers/anthropic-sequence.ts).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AnthropicStreamEvent } from '../../../proxy/src/anthropic/stream-types.js';
import { ResponsesSseParser } from '../../../proxy/src/codex/sse-parser.js';
import type { ResponsesStreamEvent } from '../../../proxy/src/codex/types.js';
import type { UpstreamFailure } from '../../../proxy/src/upstream/failure.js';
import { aggregateMessage } from '../../../proxy/src/translate/aggregate-message.js';
import {
  JsonObjectGuard,
  ResponsesToMessagesTranslator,
  type ThinkingMode,
} from '../../../proxy/src/translate/responses-to-messages.js';
import { buildToolNameMap } from '../../../proxy/src/translate/tool-names.js';
import { assertValidAnthropicSequence } from '../../helpers/anthropic-sequence.js';
import { buildResponsesEvents, finalItem, type ScriptItem, type Terminal } from '../../helpers/responses-events.js';

const RUNS = Number(process.env.CCP_FC_RUNS ?? 300);

// ------------------------------------------------------------------------------------------------ driver

interface Driven {
  events: AnthropicStreamEvent[];
  /** Events before failAfterCommit(). */
  streamed: AnthropicStreamEvent[];
  failure: UpstreamFailure | undefined;
  t: ResponsesToMessagesTranslator;
}

function drive(evs: unknown[], mode: ThinkingMode = 'show'): Driven {
  const t = new ResponsesToMessagesTranslator({
    messageId: 'msg_prop',
    model: 'claude-test',
    toolNames: buildToolNameMap(['Read']),
    thinkingMode: mode,
    accountTag: 'acct',
    inputTokens: 7,
    nowMs: () => 1_700_000_000_000,
  });
  const streamed: AnthropicStreamEvent[] = [];
  let failure: UpstreamFailure | undefined;
  for (const e of evs) {
    const r = t.push(e as ResponsesStreamEvent);
    streamed.push(...r.events);
    if (r.failure) {
      expect(failure).toBeUndefined(); // set once
      failure = r.failure;
    }
  }
  const f = t.finish();
  streamed.push(...f.events);
  if (f.failure) {
    expect(failure).toBeUndefined();
    failure = f.failure;
  }
  const events = failure ? [...streamed, ...t.failAfterCommit(failure)] : [...streamed];
  expect(t.internalErrors).toBe(0);
  return { events, streamed, failure, t };
}

function checkDriven(d: Driven): void {
  assertValidAnthropicSequence(d.events);
  if (d.failure) {
    expect(d.streamed.some((e) => e.type === 'message_delta' || e.type === 'message_stop')).toBe(false);
    expect(d.events.at(-1)?.type).toBe('error');
  } else {
    expect(d.events.at(-1)?.type).toBe('message_stop');
  }
  expect(d.t.committed).toBe(d.events.some((e) => e.type === 'content_block_start'));
  // the non-stream view never throws and has one block per content_block_start
  expect(aggregateMessage(d.events).content.length).toBe(d.events.filter((e) => e.type === 'content_block_start').length);
}

// ------------------------------------------------------------------------------------------------ generators

const textArb = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '"', '\\', 'é', '😀', '{', '}'), maxLength: 10 });

/** Splits s into pieces at random points. */
const piecesOf = (s: string): fc.Arbitrary<string[]> =>
  fc.array(fc.integer({ min: 0, max: s.length }), { maxLength: 5 }).map((cuts) => {
    const pts = [...new Set(cuts)].sort((a, b) => a - b);
    const out: string[] = [];
    let prev = 0;
    for (const p of pts) {
      out.push(s.slice(prev, p));
      prev = p;
    }
    out.push(s.slice(prev));
    return out.filter((x) => x !== '');
  });

const jsonObjectTextArb = fc
  .tuple(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), fc.constantFrom(0, 1, 2))
  .map(([o, indent]) => JSON.stringify(o, null, indent));

const argsTextArb = fc.oneof(
  { weight: 5, arbitrary: jsonObjectTextArb },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }, // garbage
  { weight: 1, arbitrary: jsonObjectTextArb.map((s) => s.slice(0, Math.floor(s.length / 2))) }, // truncated
  { weight: 1, arbitrary: fc.tuple(jsonObjectTextArb, jsonObjectTextArb).map(([a, b]) => a + b) }, // two objects
);

const scriptItemArb: fc.Arbitrary<ScriptItem> = fc.oneof(
  fc.record({ kind: fc.constant('message' as const), deltas: fc.array(textArb, { maxLength: 4 }), refusal: fc.boolean() }),
  fc.record({
    kind: fc.constant('reasoning' as const),
    summary: fc.array(fc.array(textArb, { maxLength: 3 }), { maxLength: 3 }),
    encrypted: fc.option(fc.constantFrom('gAAAA1', 'gAAAA2=='), { nil: null }),
  }),
  fc
    .tuple(argsTextArb, fc.constantFrom('Read', 'Bash', 'mcp__x', ''), fc.boolean())
    .chain(([args, name, onlyFull]) =>
      piecesOf(args).map(
        (deltas): ScriptItem => ({ kind: 'function_call', callId: `call_${name}${args.length}`, name, deltas: onlyFull ? [] : deltas, full: args }),
      ),
    ),
  fc.record({
    kind: fc.constant('web_search' as const),
    query: textArb,
    sources: fc.option(fc.array(fc.record({ url: fc.webUrl(), title: fc.option(textArb, { nil: undefined }) }), { maxLength: 2 }), {
      nil: undefined,
    }),
  }),
);

const usageArb = fc.option(
  fc.record({
    input_tokens: fc.nat(10_000),
    input_tokens_details: fc.record({ cached_tokens: fc.nat(10_000) }),
    output_tokens: fc.nat(10_000),
  }),
  { nil: null },
);

const terminalArb: fc.Arbitrary<Terminal> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('completed' as const), usage: usageArb }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('incomplete' as const), reason: fc.constantFrom('max_output_tokens', 'content_filter', 'other'), usage: usageArb }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('failed' as const), code: fc.constantFrom('context_length_exceeded', 'server_error', 'x'), message: textArb }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('error' as const), code: fc.constantFrom('rate_limit_exceeded', 'slow_down'), message: textArb }) },
  { weight: 1, arbitrary: fc.constant({ type: 'none' as const }) },
);

const modeArb = fc.constantFrom<ThinkingMode>('show', 'omit', 'none');

const EVENT_TYPES = [
  'response.created',
  'response.in_progress',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.delta',
  'response.output_text.done',
  'response.refusal.delta',
  'response.refusal.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.reasoning_summary_part.added',
  'response.reasoning_summary_part.done',
  'response.reasoning_summary_text.delta',
  'response.reasoning_summary_text.done',
  'response.completed',
  'response.incomplete',
  'response.failed',
  'error',
  'codex.rate_limits',
  'response.metadata',
  'something.unknown',
] as const;

const ids = fc.constantFrom('message_0', 'reasoning_1', 'function_call_2', 'web_search_3', 'fc_x', '');
const junk = fc.anything({ maxDepth: 2, withNullPrototype: true, withObjectString: true, withBigInt: true });

const itemArb = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom('message', 'reasoning', 'function_call', 'web_search_call', 'custom_tool_call'),
      id: fc.oneof(ids, junk),
      call_id: fc.oneof(fc.constantFrom('call_a', 'call_b'), junk),
      name: fc.oneof(fc.constantFrom('Read', 'Bash'), junk),
      arguments: fc.oneof(argsTextArb, junk),
      encrypted_content: fc.oneof(fc.constant('gAAAA'), junk),
      summary: fc.oneof(fc.array(fc.record({ type: fc.constant('summary_text'), text: textArb })), junk),
      content: fc.oneof(fc.array(fc.record({ type: fc.constantFrom('output_text', 'refusal'), text: textArb, refusal: textArb })), junk),
      action: fc.oneof(fc.record({ query: textArb, sources: fc.oneof(fc.array(fc.record({ url: textArb })), junk) }), junk),
    },
    { requiredKeys: ['type'] },
  ),
  junk,
);

/** A plausible-looking but randomly filled event. */
const randomEventArb = fc.record(
  {
    type: fc.constantFrom(...EVENT_TYPES),
    item_id: fc.oneof(ids, junk),
    output_index: fc.oneof(fc.nat(4), junk),
    content_index: fc.oneof(fc.nat(2), junk),
    summary_index: fc.oneof(fc.nat(2), junk),
    delta: fc.oneof(textArb, argsTextArb, junk),
    text: fc.oneof(textArb, junk),
    arguments: fc.oneof(argsTextArb, junk),
    refusal: fc.oneof(textArb, junk),
    part: fc.oneof(fc.record({ type: fc.constantFrom('output_text', 'refusal', 'summary_text'), text: textArb, refusal: textArb }), junk),
    item: itemArb,
    response: fc.oneof(
      fc.record(
        {
          output: fc.oneof(fc.array(itemArb, { maxLength: 3 }), junk),
          usage: fc.oneof(usageArb, junk),
          incomplete_details: fc.oneof(fc.record({ reason: fc.constantFrom('max_output_tokens', 'content_filter') }), junk),
          error: fc.oneof(fc.record({ code: fc.oneof(fc.string(), junk), message: fc.oneof(fc.string(), junk) }), junk),
        },
        { requiredKeys: [] },
      ),
      junk,
    ),
    code: junk,
    message: junk,
    status: fc.oneof(fc.constantFrom(429, 500, 503), junk),
    error: junk,
  },
  { requiredKeys: ['type'] },
);

type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'dup'; at: number }
  | { op: 'swap'; at: number; to: number }
  | { op: 'insert'; at: number; ev: unknown }
  | { op: 'truncate'; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('dup' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), ev: fc.oneof(randomEventArb, junk) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(evs: unknown[], muts: Mutation[]): unknown[] {
  const out = [...evs];
  for (const m of muts) {
    const n = out.length;
    const at = n ? m.at % n : 0;
    switch (m.op) {
      case 'drop':
        if (n) out.splice(at, 1);
        break;
      case 'dup':
        if (n) out.splice(at, 0, out[at]);
        break;
      case 'swap':
        if (n) {
          const to = m.to % n;
          [out[at], out[to]] = [out[to], out[at]];
        }
        break;
      case 'insert':
        out.splice(at, 0, m.ev);
        break;
      case 'truncate':
        out.length = Math.min(out.length, at);
        break;
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ properties

describe('translator properties', () => {
  it('well-formed streams translate faithfully (text, thinking, tool inputs, stop reason)', () => {
    fc.assert(
      fc.property(fc.array(scriptItemArb, { maxLength: 5 }), terminalArb, modeArb, (items, terminal, mode) => {
        const d = drive(buildResponsesEvents(items, terminal), mode);
        checkDriven(d);
        if (d.failure) return;
        const msg = aggregateMessage(d.events);
        const expectedTypes: string[] = [];
        const expectedTools: unknown[] = [];
        let text = '';
        for (const [i, it] of items.entries()) {
          if (it.kind === 'message' && it.deltas.join('')) expectedTypes.push('text');
          if (it.kind === 'reasoning' && mode !== 'none' && it.encrypted !== null) expectedTypes.push('thinking');
          if (it.kind === 'reasoning' && mode === 'show' && it.encrypted === null && it.summary.some((p) => p.join(''))) {
            expectedTypes.push('thinking'); // streamed, closed with the unsigned placeholder
          }
          if (it.kind === 'function_call') {
            expectedTypes.push('tool_use');
            const full = (finalItem(it, i) as { arguments: string }).arguments;
            let parsed: unknown;
            try {
              parsed = JSON.parse(full);
            } catch {
              parsed = undefined;
            }
            const isObject = !!parsed && typeof parsed === 'object' && !Array.isArray(parsed);
            expectedTools.push(full.trim() === '' ? {} : isObject ? parsed : expect.anything());
          }
          if (it.kind === 'web_search') expectedTypes.push('server_tool_use', 'web_search_tool_result');
          if (it.kind === 'message') text += it.deltas.join('');
        }
        expect(msg.content.map((b) => b.type)).toEqual(expectedTypes);
        expect(msg.content.filter((b) => b.type === 'tool_use').map((b) => (b as { input: unknown }).input)).toEqual(expectedTools);
        expect(msg.content.map((b) => (b.type === 'text' ? b.text : '')).join('')).toBe(text);
        if (mode === 'show') {
          const thinkingTexts = msg.content.filter((b) => b.type === 'thinking').map((b) => (b as { thinking: string }).thinking);
          const expectedThinking = items
            .filter((it): it is Extract<ScriptItem, { kind: 'reasoning' }> => it.kind === 'reasoning')
            .filter((it) => it.encrypted !== null || it.summary.some((p) => p.join('')))
            .map((it) => it.summary.map((p) => p.join('')).filter((s) => s).join('\n\n'));
          expect(thinkingTexts).toEqual(expectedThinking);
        }
        const tools = items.some((it) => it.kind === 'function_call');
        const expectedStop =
          terminal.type === 'completed'
            ? tools
              ? 'tool_use'
              : 'end_turn'
            : terminal.type === 'incomplete'
              ? terminal.reason === 'content_filter'
                ? 'refusal'
                : 'max_tokens'
              : null;
        expect(msg.stop_reason).toBe(expectedStop);
      }),
      { numRuns: RUNS },
    );
  });

  it('reordered / dropped / duplicated / truncated / garbage-injected streams still give a valid sequence', () => {
    fc.assert(
      fc.property(
        fc.array(scriptItemArb, { maxLength: 4 }),
        terminalArb,
        fc.array(mutationArb, { maxLength: 8 }),
        modeArb,
        (items, terminal, muts, mode) => {
          checkDriven(drive(mutate(buildResponsesEvents(items, terminal), muts), mode));
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('entirely random events (wrong types everywhere) never throw and give a valid sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 6, arbitrary: randomEventArb }, { weight: 1, arbitrary: junk }), { maxLength: 25 }), modeArb, (evs, mode) => {
        checkDriven(drive(evs, mode));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('bytes → parser (random chunking) → translator gives the same result as whole events', () => {
    const enc = new TextEncoder();
    fc.assert(
      fc.property(
        fc.array(scriptItemArb, { maxLength: 4 }),
        terminalArb,
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.constantFrom('\n', '\r\n'),
        (items, terminal, cuts, eol) => {
          const evs = buildResponsesEvents(items, terminal);
          const bytes = enc.encode(evs.map((e) => `event: ${e.type}${eol}data: ${JSON.stringify(e)}${eol}${eol}`).join(''));
          const pts = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const p = new ResponsesSseParser();
          const parsed: ResponsesStreamEvent[] = [];
          let prev = 0;
          for (const pt of [...pts, bytes.length]) {
            parsed.push(...p.feed(bytes.subarray(prev, pt)));
            prev = pt;
          }
          parsed.push(...p.end());
          expect(p.malformed).toBe(0);
          expect(drive(parsed).events).toEqual(drive(evs).events);
        },
      ),
      { numRuns: RUNS / 2 },
    );
  });
});

describe('JsonObjectGuard properties', () => {
  const run = (chunks: string[]): { sent: string; tail: string; g: JsonObjectGuard } => {
    const g = new JsonObjectGuard();
    const sent = chunks.map((c) => g.accept(c)).join('');
    return { sent, tail: g.finish(), g };
  };

  it('valid JSON objects pass through unchanged, however they are split', () => {
    fc.assert(
      fc.property(jsonObjectTextArb.chain((s) => fc.tuple(fc.constant(s), piecesOf(s))), ([s, pieces]) => {
        const { sent, tail, g } = run(pieces);
        expect(sent).toBe(s);
        expect(tail).toBe('');
        expect(g.truncated).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('any prefix of a valid object is forwarded as is and completed to an object', () => {
    fc.assert(
      fc.property(jsonObjectTextArb, fc.nat(), (s, k) => {
        const prefix = s.slice(0, k % (s.length + 1));
        const { sent, tail } = run([prefix]);
        expect(sent).toBe(prefix);
        const v: unknown = JSON.parse(sent + tail);
        expect(v && typeof v === 'object' && !Array.isArray(v)).toBe(true);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('arbitrary text always ends as exactly one JSON object', () => {
    const noisy = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', 'u', '0', '1', '-', '.', 'e', 't', 'n', ' ', '\n', 'x', '\u0001'), maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(noisy, fc.string(), jsonObjectTextArb.map((s) => s.replace(/,/g, ',\n'))), fc.array(fc.nat(), { maxLength: 5 }), (s, cuts) => {
        const pts = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const p of [...pts, s.length]) {
          chunks.push(s.slice(prev, p));
          prev = p;
        }
        const { sent, tail } = run(chunks);
        const v: unknown = JSON.parse(sent + tail);
        expect(v && typeof v === 'object' && !Array.isArray(v)).toBe(true);
        // the result does not depend on the chunking
        const whole = run([s]);
        expect(whole.sent + whole.tail).toBe(sent + tail);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
