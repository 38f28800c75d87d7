/**
 * Validator for Anthropic Messages stream event sequences, as Claude Code's SDK accumulator needs them
 * (docs/anthropic-claude-code.md §4 and §8 gotchas 8–10, 15). Framework-free: throws a plain Error describing the
 * first violation, so it works in vitest, fast-check properties and scripts alike.
 *
 * Rules:
 * - `message_start` is the first event and appears once (its message has content [], stop_reason null), or the
 *   whole sequence is a single `error` event (a failure before anything was sent);
 * - `ping` may appear anywhere after message_start;
 * - block indexes are 0,1,2… consecutive; one block open at a time; `content_block_stop` closes the open block
 *   before the next start;
 * - deltas only for the open block and of its type (text: text_delta; thinking: thinking_delta then
 *   signature_delta; tool_use: input_json_delta; server_tool_use / web_search_tool_result / redacted_thinking: none);
 * - every thinking block ends with a non-empty signature; every tool_use's concatenated partial_json parses as a
 *   JSON object;
 * - at most one `message_delta` (no block open, valid stop_reason, numeric output_tokens), then only `message_stop`
 *   (at most one, last); or an `error` event as the last event (no block open);
 * - unless `allowUnterminated`, the sequence ends with message_stop, message_delta (message_stop is optional for
 *   Claude Code) or error.
 */
import type { AnthropicStreamEvent, ResponseContentBlock } from '../../proxy/src/anthropic/stream-types.js';

export interface ValidateOptions {
  /** Accept a sequence that stops without message_delta / message_stop / error (e.g. a stream still in progress). */
  allowUnterminated?: boolean;
}

export interface SequenceSummary {
  blocks: ResponseContentBlock['type'][];
  /** Parsed tool inputs, by block index. */
  toolInputs: Map<number, Record<string, unknown>>;
  stopReason: string | null;
  endedWith: 'message_stop' | 'message_delta' | 'error' | 'unterminated';
}

const STOP_REASONS = new Set(['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'refusal', 'pause_turn']);

const DELTAS_FOR: Record<string, readonly string[]> = {
  text: ['text_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  tool_use: ['input_json_delta'],
  server_tool_use: [],
  web_search_tool_result: [],
  redacted_thinking: [],
};

export function assertValidAnthropicSequence(events: readonly AnthropicStreamEvent[], opts: ValidateOptions = {}): SequenceSummary {
  const fail = (i: number, msg: string): never => {
    const around = events
      .slice(Math.max(0, i - 3), i + 2)
      .map((e, k) => `  [${Math.max(0, i - 3) + k}] ${JSON.stringify(e)}`)
      .join('\n');
    throw new Error(`invalid Anthropic sequence at event ${i}: ${msg}\n${around}`);
  };
  const summary: SequenceSummary = { blocks: [], toolInputs: new Map(), stopReason: null, endedWith: 'unterminated' };
  if (!Array.isArray(events) || events.length === 0) fail(0, 'empty sequence');
  if (events.length === 1 && events[0]!.type === 'error') {
    checkError(events[0]!, 0, fail);
    summary.endedWith = 'error';
    return summary;
  }

  let started = false;
  let nextIndex = 0;
  let open: { index: number; type: string; json: string; thinkingSigned: boolean; sawSignature: boolean } | null = null;
  let sawMessageDelta = false;
  let sawStop = false;

  events.forEach((e, i) => {
    if (!e || typeof e !== 'object' || typeof e.type !== 'string') fail(i, 'not an event object');
    if (sawStop) fail(i, `${e.type} after message_stop`);
    if (i === 0 && e.type !== 'message_start') fail(i, `first event is ${e.type}, not message_start`);
    switch (e.type) {
      case 'message_start': {
        if (started) fail(i, 'second message_start');
        started = true;
        const m = e.message;
        if (!m || m.type !== 'message' || m.role !== 'assistant') fail(i, 'message_start.message is not an assistant message');
        if (typeof m.id !== 'string' || typeof m.model !== 'string') fail(i, 'message_start.message lacks id/model');
        if (!Array.isArray(m.content) || m.content.length !== 0) fail(i, 'message_start content must be []');
        if (m.stop_reason !== null) fail(i, 'message_start stop_reason must be null');
        checkUsage(m.usage, i, fail, true);
        break;
      }
      case 'ping':
        break;
      case 'content_block_start': {
        if (sawMessageDelta) fail(i, 'content_block_start after message_delta');
        if (open) fail(i, `content_block_start while block ${open.index} is open`);
        if (e.index !== nextIndex) fail(i, `block index ${e.index}, expected ${nextIndex}`);
        const b = e.content_block;
        if (!b || typeof b !== 'object' || !(b.type in DELTAS_FOR)) fail(i, `unknown content block ${JSON.stringify(b)}`);
        checkStartBlock(b, i, fail);
        open = {
          index: e.index,
          type: b.type,
          json: '',
          thinkingSigned: b.type === 'thinking' && !!b.signature,
          sawSignature: false,
        };
        summary.blocks.push(b.type);
        nextIndex++;
        break;
      }
      case 'content_block_delta': {
        if (!open) fail(i, `delta for block ${e.index} while no block is open`);
        const o = open!;
        if (e.index !== o.index) fail(i, `delta for block ${e.index} while block ${o.index} is open`);
        const d = e.delta;
        if (!d || !DELTAS_FOR[o.type]!.includes(d.type)) fail(i, `${d?.type} in a ${o.type} block`);
        if (d.type === 'text_delta' && typeof d.text !== 'string') fail(i, 'text_delta.text not a string');
        if (d.type === 'thinking_delta') {
          if (typeof d.thinking !== 'string') fail(i, 'thinking_delta.thinking not a string');
          if (o.sawSignature) fail(i, 'thinking_delta after signature_delta');
        }
        if (d.type === 'signature_delta') {
          if (typeof d.signature !== 'string' || !d.signature) fail(i, 'empty signature_delta');
          o.sawSignature = true;
          o.thinkingSigned = true;
        }
        if (d.type === 'input_json_delta') {
          if (typeof d.partial_json !== 'string') fail(i, 'input_json_delta.partial_json not a string');
          o.json += d.partial_json;
        }
        break;
      }
      case 'content_block_stop': {
        if (!open) fail(i, `content_block_stop for ${e.index} while no block is open`);
        const o = open!;
        if (e.index !== o.index) fail(i, `content_block_stop for ${e.index} while block ${o.index} is open`);
        if (o.type === 'thinking' && !o.thinkingSigned) fail(i, 'thinking block closed without a signature');
        if (o.type === 'tool_use') {
          let parsed: unknown;
          try {
            parsed = JSON.parse(o.json);
          } catch (err) {
            fail(i, `tool_use block ${o.index} input ${JSON.stringify(o.json)} is not JSON (${(err as Error).message})`);
          }
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) fail(i, `tool_use input ${JSON.stringify(o.json)} is not an object`);
          summary.toolInputs.set(o.index, parsed as Record<string, unknown>);
        }
        open = null;
        break;
      }
      case 'message_delta': {
        if (sawMessageDelta) fail(i, 'second message_delta');
        if (open) fail(i, `message_delta while block ${open.index} is open`);
        if (!e.delta || !STOP_REASONS.has(e.delta.stop_reason)) fail(i, `bad stop_reason ${JSON.stringify(e.delta?.stop_reason)}`);
        if (e.delta.stop_sequence !== null && typeof e.delta.stop_sequence !== 'string') fail(i, 'bad stop_sequence');
        checkUsage(e.usage, i, fail, false);
        sawMessageDelta = true;
        summary.stopReason = e.delta.stop_reason;
        break;
      }
      case 'message_stop':
        if (!sawMessageDelta) fail(i, 'message_stop without message_delta');
        sawStop = true;
        break;
      case 'error':
        if (i !== events.length - 1) fail(i, 'error event is not the last event');
        if (open) fail(i, `error while block ${open.index} is open`);
        checkError(e, i, fail);
        break;
      default:
        fail(i, `unknown event type ${(e as { type: string }).type}`);
    }
  });

  const last = events[events.length - 1]!;
  if (last.type === 'message_stop' || last.type === 'message_delta' || last.type === 'error') summary.endedWith = last.type;
  else if (sawMessageDelta) summary.endedWith = 'message_delta'; // trailing pings
  if (summary.endedWith === 'unterminated' && !opts.allowUnterminated) {
    fail(events.length - 1, 'sequence ends without message_delta/message_stop or error');
  }
  return summary;
}

function checkError(e: AnthropicStreamEvent, i: number, fail: (i: number, m: string) => never): void {
  if (e.type !== 'error') fail(i, 'not an error event');
  const err = (e as { error?: { type?: unknown; message?: unknown } }).error;
  if (!err || typeof err.type !== 'string' || !err.type || typeof err.message !== 'string') {
    fail(i, 'error event lacks error.type / error.message');
  }
}

function checkUsage(u: unknown, i: number, fail: (i: number, m: string) => never, full: boolean): void {
  if (!u || typeof u !== 'object') return fail(i, 'usage missing');
  const usage = u as Record<string, unknown>;
  const keys = full
    ? ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens']
    : ['output_tokens'];
  for (const k of keys) {
    const v = usage[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(i, `usage.${k} = ${JSON.stringify(v)}`);
  }
  for (const [k, v] of Object.entries(usage)) {
    if (k.endsWith('_tokens') && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) fail(i, `usage.${k} = ${JSON.stringify(v)}`);
  }
}

function checkStartBlock(b: ResponseContentBlock, i: number, fail: (i: number, m: string) => never): void {
  switch (b.type) {
    case 'text':
      if (b.text !== '') fail(i, 'text block must start with text ""');
      break;
    case 'thinking':
      if (b.thinking !== '' || typeof b.signature !== 'string') fail(i, 'thinking block must start with thinking "" and a signature string');
      break;
    case 'tool_use':
      if (typeof b.id !== 'string' || !b.id || typeof b.name !== 'string') fail(i, 'tool_use block lacks id/name');
      if (!b.input || typeof b.input !== 'object' || Object.keys(b.input).length !== 0) fail(i, 'tool_use block must start with input {}');
      break;
    case 'server_tool_use':
      if (typeof b.id !== 'string' || !b.id || b.name !== 'web_search' || typeof b.input?.query !== 'string') {
        fail(i, 'server_tool_use block lacks id / name web_search / input.query');
      }
      break;
    case 'web_search_tool_result':
      if (typeof b.tool_use_id !== 'string' || !b.tool_use_id || !Array.isArray(b.content)) fail(i, 'bad web_search_tool_result');
      break;
    default:
      break;
  }
}
