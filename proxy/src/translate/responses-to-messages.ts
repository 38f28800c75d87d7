/**
 * Pure state machine: Codex Responses stream events → Anthropic Messages stream events
 * (docs/codex-backend.md §6–§7, §9.3; docs/anthropic-claude-code.md §4, §8 gotchas 8–10, 15).
 *
 * Guarantees, whatever the input (missing fields, wrong types, reordering, truncation, duplicates):
 * - never throws;
 * - `message_start` first and once; blocks indexed 0,1,2… with one block open at a time and `content_block_stop`
 *   before the next start; deltas only for the open block and of its type; a terminal `message_delta` +
 *   `message_stop`, or nothing terminal (the caller then uses `failure` / `failAfterCommit()`);
 * - every thinking block ends with a non-empty `signature_delta`;
 * - every tool_use block's `input_json_delta` pieces concatenate to one valid JSON object (see JsonObjectGuard).
 *
 * Decisions (see also the report in the PR / README):
 * - Blocks open lazily: a text block at the first non-empty text (not at content_part.added), so that empty text
 *   blocks never appear and the client stream is committed as late as possible (a failure before commit can
 *   still become an HTTP error / fail over to another account).
 * - Reasoning, 'show': the thinking block opens at the first summary text and streams summary deltas ("\n\n"
 *   between summary parts); at output_item.done it gets `signature_delta` = encodeThinkingSignature(accountTag,
 *   encrypted_content). A reasoning item that streamed no summary opens its block only at output_item.done, and
 *   only if it carries encrypted_content (signature-less reasoning that showed nothing is skipped). If a block
 *   already streamed but no encrypted_content ever comes, it is closed with UNSIGNED_THINKING_SIGNATURE, which
 *   decodeThinkingSignature() rejects, so the block is dropped on the way back upstream.
 * - Reasoning, 'omit': one thinking block with empty text + signature, emitted at output_item.done, only when
 *   encrypted_content is present. 'none': no thinking blocks.
 * - Function calls: the tool_use block opens at output_item.added; argument deltas are streamed as they come.
 *   If no delta came, the full arguments from `.done` / output_item.done are sent as one delta; if the deltas
 *   are a strict prefix of the final arguments, the remainder is sent. An empty argument string becomes `{}`.
 *   Deltas are passed through JsonObjectGuard: raw control characters inside strings are escaped (the model's
 *   intent is kept), and anything that cannot continue a JSON object (garbage, a second top-level value) is cut
 *   off; at block close a minimal suffix completes a truncated object. So the stream always carries valid JSON.
 * - web_search_call → server_tool_use (input in content_block_start) + web_search_tool_result, at output_item.done.
 * - `response.completed` / `response.incomplete`: items of `response.output` that were never (fully) streamed are
 *   emitted/finished from that authoritative list before the stop. stop_reason: `tool_use` if any tool_use block
 *   was emitted, else `end_turn`; incomplete: `max_output_tokens` (and unknown reasons) → `max_tokens`,
 *   `content_filter` → `refusal`.
 * - `response.failed` / `error` → `failure` (classifyStreamFailure), no message_delta; the caller chooses between
 *   an HTTP error (not committed) and `failAfterCommit()`.
 * - Unknown events and item types are ignored. Events after a terminal one are ignored.
 */
import { messageEndEvents, messageStartEvent, type AnthropicStreamEvent, type AnthropicUsage, type ContentBlockDelta, type ResponseContentBlock, type StopReason } from '../anthropic/stream-types.js';
import { toAnthropicError } from '../anthropic/errors.js';
import { classifyStreamFailure } from '../upstream/codex/errors.js';
import type { ErrorMappingContext, UpstreamFailure } from '../upstream/failure.js';
import type { ResponsesStreamEvent } from '../codex/types.js';
import { encodeThinkingSignature } from './thinking-signature.js';
import type { ToolNameMap } from './tool-names.js';
import { toAnthropicUsage } from './usage.js';

export type ThinkingMode = 'show' | 'omit' | 'none';

export interface StreamTranslatorOptions {
  /** 'msg_…' */
  messageId: string;
  /** The client's model id, echoed in message_start. */
  model: string;
  /** fromUpstream() maps function names back to the client's tool names. */
  toolNames: ToolNameMap;
  /** none: no thinking blocks; omit: empty text + signature; show: summary text as thinking_delta + signature. */
  thinkingMode: ThinkingMode;
  /** For encodeThinkingSignature(accountTag, encrypted_content). */
  accountTag: string;
  /** Our own estimate for message_start.usage (may be 0). */
  inputTokens?: number;
  nowMs?: () => number;
}

export interface StepResult {
  /** Anthropic events to emit now (in order). */
  events: AnthropicStreamEvent[];
  /** Set once, in the step where the upstream reported a terminal failure (or finish() saw no terminal event). */
  failure?: UpstreamFailure;
  /** True once a terminal upstream event was handled (or after finish()). */
  done: boolean;
}

/** Signature of a thinking block whose reasoning never delivered encrypted_content (not decodable → dropped later). */
export const UNSIGNED_THINKING_SIGNATURE = 'ccp0.unsigned';

export const STREAM_CUT_MESSAGE = 'The Codex backend closed the stream before the response was complete';

export function isContentEvent(e: AnthropicStreamEvent): boolean {
  return e.type === 'content_block_start' || e.type === 'content_block_delta' || e.type === 'content_block_stop';
}

// ------------------------------------------------------------------------------------------------ JSON guard

type JsonState =
  | 'start' // before the top-level '{'
  | 'objKeyOrEnd' // after '{'
  | 'objKey' // after ',' in an object
  | 'colon' // after a key
  | 'value' // after ':' or after ',' in an array
  | 'arrValueOrEnd' // after '['
  | 'afterValue' // after a value inside a container
  | 'done' // the top-level object is closed
  | 'string'
  | 'escape'
  | 'unicode'
  | 'number'
  | 'literal';

type NumberState = 'minus' | 'zero' | 'int' | 'dot' | 'frac' | 'e' | 'esign' | 'exp';

const STRING_RUN = /[^"\\\u0000-\u001f]+/y;
const HEX = /^[0-9a-fA-F]$/;
const SIMPLE_ESCAPES = '"\\/bfnrt';
const CONTROL_ESCAPES: Record<string, string> = { '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const isWs = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/**
 * Keeps a streamed text a viable prefix of exactly one JSON object, so that what was sent plus `finish()` always
 * parses as an object. `accept()` returns what to forward for a chunk: the chunk itself for well-formed input;
 * raw control characters inside strings are escaped and invalid escapes turned literal; at the first character
 * that can not continue a JSON object the rest of the input is dropped for good. `finish()` returns the suffix
 * that completes the text ('' when complete; '{}' when nothing was sent).
 */
export class JsonObjectGuard {
  private state: JsonState = 'start';
  private readonly stack: ('{' | '[')[] = [];
  private isKey = false;
  private hex = 0;
  private num: NumberState = 'int';
  private lit = '';
  private cut = false;
  private finished = false;

  /** True once some input had to be dropped. */
  get truncated(): boolean {
    return this.cut;
  }

  get complete(): boolean {
    return this.state === 'done';
  }

  accept(chunk: string): string {
    if (this.cut || this.finished || typeof chunk !== 'string') return '';
    let out = '';
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'string') {
        STRING_RUN.lastIndex = i;
        const m = STRING_RUN.exec(chunk);
        if (m) {
          out += m[0];
          i += m[0].length;
          continue;
        }
      }
      const r = this.step(chunk[i]!);
      if (r === null) {
        this.cut = true;
        break;
      }
      out += r;
      i++;
    }
    return out;
  }

  finish(): string {
    if (this.finished) return '';
    this.finished = true;
    let s = '';
    let closeKey = false;
    switch (this.state) {
      case 'start':
        return '{}';
      case 'done':
        return '';
      case 'string':
        s += '"';
        closeKey = this.isKey;
        break;
      case 'escape':
        s += '\\"'; // pairs with the emitted backslash → an escaped backslash
        closeKey = this.isKey;
        break;
      case 'unicode':
        s += `${'0'.repeat(4 - this.hex)}"`;
        closeKey = this.isKey;
        break;
      case 'number':
        if (this.num === 'minus' || this.num === 'dot' || this.num === 'e' || this.num === 'esign') s += '0';
        break;
      case 'literal':
        s += this.lit;
        break;
      case 'objKey':
        s += '"":null';
        break;
      case 'colon':
        s += ':null';
        break;
      case 'value':
        s += 'null';
        break;
      default:
        break; // objKeyOrEnd, arrValueOrEnd, afterValue: only the closers are missing
    }
    if (closeKey) s += ':null';
    for (let k = this.stack.length - 1; k >= 0; k--) s += this.stack[k] === '{' ? '}' : ']';
    return s;
  }

  /** Consumes one character; returns what to emit for it, or null if it can not continue a JSON object. */
  private step(c: string): string | null {
    switch (this.state) {
      case 'start':
        if (isWs(c)) return c;
        if (c === '{') return this.push('{', 'objKeyOrEnd', c);
        return null;
      case 'objKeyOrEnd':
        if (isWs(c)) return c;
        if (c === '"') return this.startString(true, c);
        if (c === '}') return this.pop(c);
        return null;
      case 'objKey':
        if (isWs(c)) return c;
        if (c === '"') return this.startString(true, c);
        return null;
      case 'colon':
        if (isWs(c)) return c;
        if (c === ':') {
          this.state = 'value';
          return c;
        }
        return null;
      case 'value':
        if (isWs(c)) return c;
        return this.startValue(c);
      case 'arrValueOrEnd':
        if (isWs(c)) return c;
        if (c === ']') return this.pop(c);
        return this.startValue(c);
      case 'afterValue': {
        if (isWs(c)) return c;
        const top = this.stack[this.stack.length - 1];
        if (c === ',') {
          this.state = top === '{' ? 'objKey' : 'value';
          return c;
        }
        if ((c === '}' && top === '{') || (c === ']' && top === '[')) return this.pop(c);
        return null;
      }
      case 'done':
        return isWs(c) ? c : null;
      case 'string':
        if (c === '"') {
          this.state = this.isKey ? 'colon' : 'afterValue';
          return c;
        }
        if (c === '\\') {
          this.state = 'escape';
          return c;
        }
        if (c < ' ') return CONTROL_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
        return c;
      case 'escape':
        if (c === 'u') {
          this.state = 'unicode';
          this.hex = 0;
          return c;
        }
        this.state = 'string';
        if (SIMPLE_ESCAPES.includes(c)) return c;
        // invalid escape: make the emitted backslash a literal one, then read c as string content
        return `\\${this.step(c) ?? ''}`;
      case 'unicode':
        if (HEX.test(c)) {
          if (++this.hex === 4) this.state = 'string';
          return c;
        }
        {
          const pad = '0'.repeat(4 - this.hex);
          this.state = 'string';
          return pad + (this.step(c) ?? '');
        }
      case 'number':
        return this.stepNumber(c);
      case 'literal':
        if (c === this.lit[0]) {
          this.lit = this.lit.slice(1);
          if (!this.lit) this.endValue();
          return c;
        }
        return null;
    }
  }

  private stepNumber(c: string): string | null {
    const digit = isDigit(c);
    switch (this.num) {
      case 'minus':
        if (!digit) return null;
        this.num = c === '0' ? 'zero' : 'int';
        return c;
      case 'zero':
        if (c === '.') return this.setNum('dot', c);
        if (c === 'e' || c === 'E') return this.setNum('e', c);
        if (digit) return null;
        break;
      case 'int':
        if (digit) return c;
        if (c === '.') return this.setNum('dot', c);
        if (c === 'e' || c === 'E') return this.setNum('e', c);
        break;
      case 'dot':
        return digit ? this.setNum('frac', c) : null;
      case 'frac':
        if (digit) return c;
        if (c === 'e' || c === 'E') return this.setNum('e', c);
        break;
      case 'e':
        if (c === '+' || c === '-') return this.setNum('esign', c);
        return digit ? this.setNum('exp', c) : null;
      case 'esign':
        return digit ? this.setNum('exp', c) : null;
      case 'exp':
        if (digit) return c;
        break;
    }
    // the number ended before c
    this.endValue();
    return this.step(c);
  }

  private setNum(n: NumberState, c: string): string {
    this.num = n;
    return c;
  }

  private startValue(c: string): string | null {
    switch (c) {
      case '"':
        return this.startString(false, c);
      case '{':
        return this.push('{', 'objKeyOrEnd', c);
      case '[':
        return this.push('[', 'arrValueOrEnd', c);
      case 't':
        return this.startLiteral('rue', c);
      case 'f':
        return this.startLiteral('alse', c);
      case 'n':
        return this.startLiteral('ull', c);
      case '-':
        this.state = 'number';
        this.num = 'minus';
        return c;
      default:
        if (!isDigit(c)) return null;
        this.state = 'number';
        this.num = c === '0' ? 'zero' : 'int';
        return c;
    }
  }

  private startString(isKey: boolean, c: string): string {
    this.state = 'string';
    this.isKey = isKey;
    return c;
  }

  private startLiteral(rest: string, c: string): string {
    this.state = 'literal';
    this.lit = rest;
    return c;
  }

  private push(ctx: '{' | '[', next: JsonState, c: string): string {
    this.stack.push(ctx);
    this.state = next;
    return c;
  }

  private pop(c: string): string {
    this.stack.pop();
    this.endValue();
    return c;
  }

  private endValue(): void {
    this.state = this.stack.length ? 'afterValue' : 'done';
  }
}

// ------------------------------------------------------------------------------------------------ translator

type ItemKind = 'message' | 'reasoning' | 'function_call' | 'web_search_call' | 'other';

interface ItemState {
  kind: ItemKind;
  id: string | undefined;
  outputIndex: number | undefined;
  done: boolean;
  /** Lifecycle of this item's block. Message items may reopen text blocks; reasoning/tool_use blocks never reopen. */
  block: 'none' | 'open' | 'closed';
  /** message: content parts that already produced text ('x' = part of unknown index). */
  textParts: Set<string>;
  /** reasoning: summary parts that already produced thinking text. */
  summaryParts: Set<string>;
  lastSummary: string | undefined;
  thinkingText: boolean;
  encrypted: string | undefined;
  /** function_call */
  callId: string | undefined;
  name: string | undefined;
  guard: JsonObjectGuard | undefined;
  rawArgs: string;
}

interface OpenBlock {
  index: number;
  kind: 'text' | 'thinking' | 'tool_use' | 'server';
  item: ItemState | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const idx = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
const finiteNum = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const partKey = (v: unknown): string => (idx(v) === undefined ? 'x' : String(v));

function kindOf(type: unknown): ItemKind {
  switch (type) {
    case 'message':
    case 'reasoning':
    case 'function_call':
    case 'web_search_call':
      return type;
    default:
      return 'other';
  }
}

/** Does `done` say this part / summary already produced text? ('x' = unknown index: any text counts.) */
function alreadyHas(set: Set<string>, key: string): boolean {
  return set.has(key) || set.has('x') || (key === 'x' && set.size > 0);
}

export class ResponsesToMessagesTranslator {
  private readonly opts: StreamTranslatorOptions;
  private readonly now: () => number;
  private started = false;
  /** A terminal event was handled, finish() ran, or failAfterCommit() closed the stream. */
  private finished = false;
  /** message_stop or an error event was emitted: nothing may follow. */
  private sealed = false;
  private nextIndex = 0;
  private open: OpenBlock | null = null;
  private readonly byId = new Map<string, ItemState>();
  private readonly byIndex = new Map<number, ItemState>();
  private toolUses = 0;
  private generatedIds = 0;
  private out: AnthropicStreamEvent[] = [];
  private _committed = false;
  private _usage: AnthropicUsage;
  private _stopReason: StopReason | null = null;
  private _failure: UpstreamFailure | null = null;
  private _internalErrors = 0;

  constructor(opts: StreamTranslatorOptions) {
    this.opts = opts;
    this.now = opts.nowMs ?? Date.now;
    this._usage = {
      input_tokens: finiteNum(opts.inputTokens) !== undefined && opts.inputTokens! > 0 ? Math.floor(opts.inputTokens!) : 0,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    };
  }

  /** True once any content_block_start has been emitted. */
  get committed(): boolean {
    return this._committed;
  }

  /** Latest known usage (our estimate until the upstream reports real figures). */
  get usage(): AnthropicUsage {
    return { ...this._usage };
  }

  get stopReason(): StopReason | null {
    return this._stopReason;
  }

  /** The terminal failure, once known (also returned once in the StepResult). */
  get failure(): UpstreamFailure | null {
    return this._failure;
  }

  /** Count of internal errors swallowed by the never-throw safety net (should stay 0; asserted by tests). */
  get internalErrors(): number {
    return this._internalErrors;
  }

  push(ev: ResponsesStreamEvent): StepResult {
    if (this.finished) return { events: [], done: true };
    this.out = [];
    let failure: UpstreamFailure | undefined;
    try {
      if (isObj(ev) && typeof ev.type === 'string') failure = this.handle(ev);
    } catch {
      this._internalErrors++;
    }
    const events = this.out;
    this.out = [];
    return failure ? { events, failure, done: this.finished } : { events, done: this.finished };
  }

  /** Upstream EOF. If no terminal event was seen → failure {kind:'stream_cut'}. */
  finish(): StepResult {
    if (this.finished) return { events: [], done: true };
    this.finished = true;
    const failure: UpstreamFailure = { kind: 'stream_cut', message: STREAM_CUT_MESSAGE };
    this._failure = failure;
    return { events: [], failure, done: true };
  }

  /**
   * Closes the Anthropic stream after a failure once the client stream is open: closes the open block (a tool_use
   * gets its JSON completed, a thinking block a signature), then one `error` event. Nothing is emitted after it
   * (and nothing at all if message_stop was already sent). `ctx` refines the message (e.g. the context window).
   */
  failAfterCommit(f: UpstreamFailure, ctx?: Partial<ErrorMappingContext>): AnthropicStreamEvent[] {
    if (this.sealed) return [];
    this.out = [];
    try {
      this.closeOpen();
    } catch {
      this._internalErrors++;
    }
    let type = 'api_error';
    let message = typeof f?.message === 'string' && f.message ? f.message : 'The Codex backend failed';
    try {
      const mapped = toAnthropicError(f, { nowMs: this.now(), promptTokens: this.opts.inputTokens, ...ctx });
      type = mapped.type;
      message = mapped.message;
    } catch {
      this._internalErrors++;
    }
    this.out.push({ type: 'error', error: { type, message } });
    this.finished = true;
    this.sealed = true;
    if (!this._failure) this._failure = f;
    const events = this.out;
    this.out = [];
    return events;
  }

  // -------------------------------------------------------------------------------------------- dispatch

  private handle(ev: ResponsesStreamEvent): UpstreamFailure | undefined {
    this.ensureStarted();
    if (isObj(ev.response) && isObj(ev.response.usage)) this._usage = toAnthropicUsage(ev.response.usage);
    switch (ev.type) {
      case 'response.output_item.added':
        this.onItemAdded(ev.item, ev.output_index);
        break;
      case 'response.output_item.done':
        this.onItemDone(ev.item, ev.output_index);
        break;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        this.onText(ev, ev.delta, false);
        break;
      case 'response.output_text.done':
        this.onText(ev, ev.text, true);
        break;
      case 'response.refusal.done':
        this.onText(ev, ev.refusal, true);
        break;
      case 'response.content_part.done': {
        const part = ev.part;
        if (isObj(part)) this.onText(ev, part.type === 'refusal' ? part.refusal : part.text, true);
        break;
      }
      case 'response.reasoning_summary_part.added':
        this.onSummary(ev, undefined, false);
        break;
      case 'response.reasoning_summary_text.delta':
        this.onSummary(ev, ev.delta, false);
        break;
      case 'response.reasoning_summary_text.done':
        this.onSummary(ev, ev.text, true);
        break;
      case 'response.reasoning_summary_part.done': {
        const part = ev.part;
        if (isObj(part)) this.onSummary(ev, part.text, true);
        break;
      }
      case 'response.function_call_arguments.delta':
        this.onArgs(ev, ev.delta, false);
        break;
      case 'response.function_call_arguments.done':
        this.onArgs(ev, ev.arguments, true);
        break;
      case 'response.completed':
        this.onTerminal(ev.response, false);
        break;
      case 'response.incomplete':
        this.onTerminal(ev.response, true);
        break;
      case 'response.failed':
      case 'error': {
        const failure = classifyStreamFailure(sanitizeFailureEvent(ev), this.now());
        this._failure = failure;
        this.finished = true;
        return failure;
      }
      default:
        break; // response.created / in_progress / queued / metadata, codex.rate_limits, content_part.added, …
    }
    return undefined;
  }

  private emit(e: AnthropicStreamEvent): void {
    this.out.push(e);
  }

  private ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    this.emit(messageStartEvent(this.opts.messageId, this.opts.model, this._usage));
  }

  // -------------------------------------------------------------------------------------------- items

  private lookup(id: string | undefined, outputIndex: number | undefined): ItemState | undefined {
    if (id !== undefined) {
      const s = this.byId.get(id);
      if (s) return s;
    }
    if (outputIndex !== undefined) {
      const s = this.byIndex.get(outputIndex);
      if (s && (id === undefined || s.id === undefined || s.id === id)) return s;
    }
    return undefined;
  }

  private lookupFor(ev: ResponsesStreamEvent): ItemState | undefined {
    return this.lookup(nonEmpty(ev.item_id), idx(ev.output_index));
  }

  private register(kind: ItemKind, id: string | undefined, outputIndex: number | undefined): ItemState {
    const st: ItemState = {
      kind,
      id,
      outputIndex,
      done: false,
      block: 'none',
      textParts: new Set(),
      summaryParts: new Set(),
      lastSummary: undefined,
      thinkingText: false,
      encrypted: undefined,
      callId: undefined,
      name: undefined,
      guard: undefined,
      rawArgs: '',
    };
    if (id !== undefined) this.byId.set(id, st);
    if (outputIndex !== undefined) this.byIndex.set(outputIndex, st);
    return st;
  }

  private onItemAdded(item: unknown, outputIndex: unknown): void {
    if (!isObj(item)) return;
    const kind = kindOf(item.type);
    const id = nonEmpty(item.id);
    const oi = idx(outputIndex);
    const existing = this.lookup(id, oi);
    if (existing && !existing.done && existing.kind === kind) return; // duplicate added
    const st = this.register(kind, id, oi);
    if (kind === 'function_call') {
      st.callId = nonEmpty(item.call_id);
      st.name = str(item.name);
      this.openToolUse(st);
    }
  }

  private onItemDone(item: unknown, outputIndex: unknown): void {
    if (!isObj(item)) return;
    const kind = kindOf(item.type);
    const id = nonEmpty(item.id);
    const oi = idx(outputIndex);
    let st = this.lookup(id, oi);
    if (st && st.kind === kind && st.done) return; // duplicate done
    if (!st || st.kind !== kind) st = this.register(kind, id, oi); // done without (a matching) added
    switch (kind) {
      case 'message': {
        if (st.textParts.size === 0 && Array.isArray(item.content)) {
          item.content.forEach((part: unknown, i) => {
            if (isObj(part)) this.emitText(st, part.type === 'refusal' ? part.refusal : part.text, String(i));
          });
        }
        if (this.open?.item === st) this.closeOpen();
        break;
      }
      case 'reasoning': {
        st.encrypted = nonEmpty(item.encrypted_content) ?? st.encrypted;
        const mode = this.opts.thinkingMode;
        if (mode === 'none' || st.block === 'closed') break;
        if (st.block === 'none') {
          if (!st.encrypted) break; // signature-less reasoning that showed nothing: skipped
          this.openThinking(st);
        }
        if (mode === 'show' && !st.thinkingText && Array.isArray(item.summary)) {
          const text = item.summary
            .map((p: unknown) => (isObj(p) ? str(p.text) : undefined))
            .filter((t): t is string => !!t)
            .join('\n\n');
          this.emitThinking(st, text, 'final');
        }
        this.closeOpen();
        break;
      }
      case 'function_call': {
        st.callId ??= nonEmpty(item.call_id);
        st.name ??= str(item.name);
        if (st.block === 'none') this.openToolUse(st);
        if (st.block === 'open') {
          this.reconcileArgs(st, item.arguments);
          this.closeOpen();
        }
        break;
      }
      case 'web_search_call':
        this.emitWebSearch(st, item);
        break;
      default:
        break;
    }
    st.done = true;
  }

  // -------------------------------------------------------------------------------------------- blocks

  private openBlock(kind: OpenBlock['kind'], block: ResponseContentBlock, item: ItemState | null): void {
    this.closeOpen();
    const index = this.nextIndex++;
    this.emit({ type: 'content_block_start', index, content_block: block });
    this.open = { index, kind, item };
    this._committed = true;
    if (item) item.block = 'open';
  }

  private delta(delta: ContentBlockDelta): void {
    if (this.open) this.emit({ type: 'content_block_delta', index: this.open.index, delta });
  }

  /** Finalizes and closes the open block (thinking: signature; tool_use: JSON completion). */
  private closeOpen(): void {
    const open = this.open;
    if (!open) return;
    const item = open.item;
    if (open.kind === 'thinking' && item) {
      const signature = item.encrypted
        ? encodeThinkingSignature(this.opts.accountTag, item.encrypted)
        : UNSIGNED_THINKING_SIGNATURE;
      this.delta({ type: 'signature_delta', signature: signature || UNSIGNED_THINKING_SIGNATURE });
    } else if (open.kind === 'tool_use' && item?.guard) {
      const rest = item.guard.finish();
      if (rest) this.delta({ type: 'input_json_delta', partial_json: rest });
    }
    this.emit({ type: 'content_block_stop', index: open.index });
    this.open = null;
    if (item) item.block = 'closed';
  }

  // text

  private onText(ev: ResponsesStreamEvent, text: unknown, isDone: boolean): void {
    let st = this.lookupFor(ev);
    if (!st) st = this.register('message', nonEmpty(ev.item_id), idx(ev.output_index)); // text of an unknown item is still text
    if (st.kind !== 'message' || st.done) return;
    const key = partKey(ev.content_index);
    if (isDone && alreadyHas(st.textParts, key)) return;
    this.emitText(st, text, key);
  }

  private emitText(st: ItemState, text: unknown, key: string): void {
    if (typeof text !== 'string' || text === '') return;
    if (!(this.open && this.open.item === st && this.open.kind === 'text')) {
      this.openBlock('text', { type: 'text', text: '' }, st);
    }
    this.delta({ type: 'text_delta', text });
    st.textParts.add(key);
  }

  // reasoning

  private openThinking(st: ItemState): void {
    this.openBlock('thinking', { type: 'thinking', thinking: '', signature: '' }, st);
  }

  private onSummary(ev: ResponsesStreamEvent, text: unknown, isDone: boolean): void {
    if (this.opts.thinkingMode !== 'show') return;
    let st = this.lookupFor(ev);
    if (!st) st = this.register('reasoning', nonEmpty(ev.item_id), idx(ev.output_index));
    if (st.kind !== 'reasoning' || st.done || st.block === 'closed') return;
    const key = partKey(ev.summary_index);
    if (isDone && alreadyHas(st.summaryParts, key)) return;
    if (typeof text !== 'string' || text === '') return; // part.added / empty text: nothing to show yet
    if (st.block === 'none') this.openThinking(st); // at the first summary text
    this.emitThinking(st, text, key);
  }

  private emitThinking(st: ItemState, text: unknown, key: string): void {
    if (typeof text !== 'string' || text === '' || st.block !== 'open' || this.opts.thinkingMode !== 'show') return;
    const sep = st.thinkingText && st.lastSummary !== key ? '\n\n' : '';
    st.lastSummary = key;
    st.summaryParts.add(key);
    st.thinkingText = true;
    this.delta({ type: 'thinking_delta', thinking: sep + text });
  }

  // function calls

  private openToolUse(st: ItemState): void {
    if (st.block !== 'none') return;
    st.guard = new JsonObjectGuard();
    const id = st.callId ?? st.id ?? `toolu_${this.generatedId()}`;
    const name = this.opts.toolNames.fromUpstream(st.name ?? '');
    this.openBlock('tool_use', { type: 'tool_use', id, name: typeof name === 'string' ? name : '', input: {} }, st);
    this.toolUses++;
  }

  private onArgs(ev: ResponsesStreamEvent, text: unknown, isDone: boolean): void {
    const st = this.lookupFor(ev);
    // arguments of an unknown call are dropped: without a name there is no sensible tool_use; output_item.done
    // (or response.completed's output) still brings the whole call.
    if (!st || st.kind !== 'function_call' || st.done || st.block !== 'open') return;
    if (isDone) this.reconcileArgs(st, text);
    else this.sendArgs(st, text);
  }

  private reconcileArgs(st: ItemState, full: unknown): void {
    if (typeof full !== 'string') return;
    if (st.rawArgs === '') this.sendArgs(st, full);
    else if (full.length > st.rawArgs.length && full.startsWith(st.rawArgs)) this.sendArgs(st, full.slice(st.rawArgs.length));
  }

  private sendArgs(st: ItemState, text: unknown): void {
    if (typeof text !== 'string' || text === '' || !st.guard || this.open?.item !== st) return;
    st.rawArgs += text;
    const ok = st.guard.accept(text);
    if (ok) this.delta({ type: 'input_json_delta', partial_json: ok });
  }

  // web search

  private emitWebSearch(st: ItemState, item: Obj): void {
    const action = isObj(item.action) ? item.action : {};
    const queries = Array.isArray(action.queries) ? action.queries : [];
    const query = str(action.query) ?? queries.find((q): q is string => typeof q === 'string') ?? '';
    const id = st.id ?? `srvtoolu_${this.generatedId()}`;
    const sources = Array.isArray(action.sources) ? action.sources : [];
    const content = sources.flatMap((s: unknown) => {
      if (!isObj(s)) return [];
      const url = nonEmpty(s.url);
      if (!url) return [];
      return [{ type: 'web_search_result' as const, url, title: nonEmpty(s.title) ?? url, encrypted_content: '', page_age: null }];
    });
    this.openBlock('server', { type: 'server_tool_use', id, name: 'web_search', input: { query } }, null);
    this.closeOpen();
    this.openBlock('server', { type: 'web_search_tool_result', tool_use_id: id, content }, null);
    this.closeOpen();
  }

  private generatedId(): string {
    const base = this.opts.messageId.replace(/^msg_/, '').replace(/[^A-Za-z0-9]/g, '') || 'ccp';
    return `${base}${(this.generatedIds++).toString(36)}`;
  }

  // -------------------------------------------------------------------------------------------- terminal

  private onTerminal(response: unknown, incomplete: boolean): void {
    const r = isObj(response) ? response : {};
    // the final output list is authoritative: finish items whose done we missed, emit items never streamed
    if (Array.isArray(r.output)) {
      r.output.forEach((item: unknown, i) => {
        if (!isObj(item)) return;
        const st = this.lookup(nonEmpty(item.id), i);
        if (st && st.done && st.kind === kindOf(item.type)) return;
        this.onItemDone(item, i);
      });
    }
    this.closeOpen();
    let stop: StopReason;
    if (!incomplete) stop = this.toolUses > 0 ? 'tool_use' : 'end_turn';
    else {
      const details = isObj(r.incomplete_details) ? r.incomplete_details : {};
      stop = details.reason === 'content_filter' ? 'refusal' : 'max_tokens';
    }
    this._stopReason = stop;
    this.out.push(...messageEndEvents(stop, this._usage));
    this.finished = true;
    this.sealed = true;
  }
}

/** Only well-typed fields reach classifyStreamFailure (the event may carry anything). */
function sanitizeFailureEvent(ev: ResponsesStreamEvent): Parameters<typeof classifyStreamFailure>[0] {
  const resp = isObj(ev.response) ? ev.response : undefined;
  const respErr = resp && isObj(resp.error) ? resp.error : undefined;
  const err = isObj(ev.error) ? ev.error : undefined;
  return {
    type: ev.type,
    response: resp ? { error: respErr ? { code: nonEmpty(respErr.code), message: str(respErr.message) } : null } : undefined,
    code: nonEmpty(ev.code),
    message: str(ev.message),
    status: idx(ev.status),
    error: err
      ? {
          type: nonEmpty(err.type),
          code: nonEmpty(err.code),
          message: str(err.message),
          resets_at: finiteNum(err.resets_at),
          resets_in_seconds: finiteNum(err.resets_in_seconds),
        }
      : undefined,
  };
}
