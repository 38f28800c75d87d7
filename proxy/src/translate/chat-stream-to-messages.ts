/**
 * Pure state machine: OpenAI chat.completion.chunk stream (the Haiku lane's upstream) → Anthropic Messages events.
 *
 * - `message_start` first (at the first payload), then blocks indexed 0,1,2… one open at a time;
 * - `delta.reasoning` / `delta.reasoning_content` (OpenRouter / DeepSeek style) → a thinking block (only when the
 *   client asked to see thinking), closed with LANE_THINKING_SIGNATURE (never replayed to any upstream);
 * - `delta.content` → text deltas;
 * - `delta.tool_calls` are **buffered** per index (id, name, argument fragments) and emitted only at the end of
 *   the answer, after their arguments parsed as a JSON object: a tool_use block with the whole input as one
 *   `input_json_delta`. Arguments that do not parse (or a call without a name) → failure
 *   `{kind:'server', code:INVALID_TOOL_JSON}`, and no tool_use block is emitted — so the lane can fall back to
 *   Codex before anything is committed;
 * - the end is `data: [DONE]`, or EOF after a finish_reason; the usage chunk (`include_usage`) comes before it.
 *   finish_reason → stop_reason: tool calls present → tool_use, length → max_tokens, content_filter → refusal,
 *   else end_turn. usage: input = prompt − cached, cache_read = cached, output = completion;
 * - an `{error:{…}}` payload → failure; EOF without a finish_reason → failure stream_cut.
 * Never throws; events after the end are ignored.
 */
import { messageEndEvents, messageStartEvent, type AnthropicStreamEvent, type AnthropicUsage, type StopReason } from '../anthropic/stream-types.js';
import { toAnthropicError } from '../anthropic/errors.js';
import { laneErrorFailure, LANE_STREAM_CUT } from '../upstream/chat/errors.js';
import type { UpstreamFailure } from '../upstream/failure.js';
import type { ThinkingMode } from './messages-to-responses.js';
import { LANE_THINKING_SIGNATURE } from './messages-to-chat.js';
import type { ToolNameMap } from './tool-names.js';
import { tokenCount } from './usage.js';

export const INVALID_TOOL_JSON = 'invalid_tool_arguments';

export interface ChatToMessagesOptions {
  messageId: string;
  model: string;
  toolNames: ToolNameMap;
  thinkingMode: ThinkingMode;
  /** Our count of the prompt, shown in message_start until the upstream reports its own usage. */
  inputTokens?: number;
}

export interface LaneStep {
  events: AnthropicStreamEvent[];
  failure?: UpstreamFailure;
  done: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

interface PendingCall {
  id: string | undefined;
  name: string;
  args: string;
}

/** Chat usage → Anthropic usage (prompt_tokens includes the cached ones). */
export function chatUsageToAnthropic(u: unknown): AnthropicUsage {
  const usage = isObj(u) ? u : {};
  const details = isObj(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const prompt = tokenCount(usage.prompt_tokens);
  const cached = Math.min(tokenCount(details.cached_tokens), prompt);
  return { input_tokens: prompt - cached, output_tokens: tokenCount(usage.completion_tokens), cache_creation_input_tokens: 0, cache_read_input_tokens: cached };
}

export class ChatStreamToMessages {
  private started = false;
  private finished = false;
  private sealed = false;
  private nextIndex = 0;
  private open: { index: number; kind: 'text' | 'thinking' } | null = null;
  private readonly calls = new Map<number, PendingCall>();
  private finishReason: string | undefined;
  private _usage: AnthropicUsage = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  private out: AnthropicStreamEvent[] = [];
  private generated = 0;

  constructor(private readonly opts: ChatToMessagesOptions) {}

  get usage(): AnthropicUsage {
    return { ...this._usage };
  }

  /** One parsed `data:` payload. */
  push(payload: unknown): LaneStep {
    if (this.finished) return { events: [], done: true };
    this.out = [];
    let failure: UpstreamFailure | undefined;
    if (isObj(payload)) {
      this.ensureStarted();
      if (payload.error !== undefined && payload.error !== null) failure = this.fail(laneErrorFailure(payload.error));
      else this.onChunk(payload);
    }
    return this.step(failure);
  }

  /** `data: [DONE]`. */
  done(): LaneStep {
    if (this.finished) return { events: [], done: true };
    this.out = [];
    this.ensureStarted();
    return this.step(this.complete());
  }

  /** Upstream EOF: fine after a finish_reason, else a cut stream. */
  finish(): LaneStep {
    if (this.finished) return { events: [], done: true };
    this.out = [];
    if (this.finishReason === undefined) return this.step(this.fail({ kind: 'stream_cut', message: LANE_STREAM_CUT }));
    this.ensureStarted();
    return this.step(this.complete());
  }

  /** Ends an open client stream after a failure: closes the open block, then one `error` event. */
  failAfterCommit(f: UpstreamFailure, nowMs: number): AnthropicStreamEvent[] {
    if (this.sealed) return [];
    this.out = [];
    this.closeOpen();
    const mapped = toAnthropicError(f, { nowMs });
    this.out.push({ type: 'error', error: { type: mapped.type, message: mapped.message } });
    this.finished = true;
    this.sealed = true;
    const events = this.out;
    this.out = [];
    return events;
  }

  private step(failure: UpstreamFailure | undefined): LaneStep {
    const events = this.out;
    this.out = [];
    return failure ? { events, failure, done: this.finished } : { events, done: this.finished };
  }

  private fail(f: UpstreamFailure): UpstreamFailure {
    this.finished = true;
    return f;
  }

  private emit(e: AnthropicStreamEvent): void {
    this.out.push(e);
  }

  private ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    const startUsage = this._usage.input_tokens > 0 ? this._usage : { ...this._usage, input_tokens: Math.max(0, Math.floor(this.opts.inputTokens ?? 0)) };
    this.emit(messageStartEvent(this.opts.messageId, this.opts.model, startUsage));
  }

  private onChunk(c: Obj): void {
    if (isObj(c.usage)) this._usage = chatUsageToAnthropic(c.usage);
    const choice = Array.isArray(c.choices) ? c.choices.find(isObj) : undefined;
    if (!choice) return;
    const delta = isObj(choice.delta) ? choice.delta : isObj(choice.message) ? choice.message : {};
    const reasoning = str(delta.reasoning) ?? str(delta.reasoning_content);
    if (reasoning && this.opts.thinkingMode === 'show') this.blockDelta('thinking', reasoning);
    const content = str(delta.content);
    if (content) this.blockDelta('text', content);
    if (Array.isArray(delta.tool_calls)) delta.tool_calls.forEach((t, i) => this.onToolCall(t, i));
    const finish = str(choice.finish_reason);
    if (finish) this.finishReason = finish;
  }

  private blockDelta(kind: 'text' | 'thinking', text: string): void {
    if (this.open?.kind !== kind) {
      this.closeOpen();
      const index = this.nextIndex++;
      this.open = { index, kind };
      this.emit({
        type: 'content_block_start',
        index,
        content_block: kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' },
      });
    }
    const index = this.open!.index;
    this.emit({ type: 'content_block_delta', index, delta: kind === 'text' ? { type: 'text_delta', text } : { type: 'thinking_delta', thinking: text } });
  }

  private closeOpen(): void {
    const open = this.open;
    if (!open) return;
    if (open.kind === 'thinking') this.emit({ type: 'content_block_delta', index: open.index, delta: { type: 'signature_delta', signature: LANE_THINKING_SIGNATURE } });
    this.emit({ type: 'content_block_stop', index: open.index });
    this.open = null;
  }

  private onToolCall(t: unknown, position: number): void {
    if (!isObj(t)) return;
    const index = typeof t.index === 'number' && Number.isInteger(t.index) ? t.index : position;
    const call = this.calls.get(index) ?? { id: undefined, name: '', args: '' };
    this.calls.set(index, call);
    const id = str(t.id);
    if (id) call.id = id;
    const fn = isObj(t.function) ? t.function : {};
    const name = str(fn.name);
    if (name) call.name = call.name && call.name !== name && !name.startsWith(call.name) ? call.name + name : name;
    const args = str(fn.arguments);
    if (args) call.args += args;
  }

  /** The answer is over: validate and emit the buffered tool calls, then the stop. */
  private complete(): UpstreamFailure | undefined {
    const parsed: { call: PendingCall; input: Record<string, unknown> }[] = [];
    for (const index of [...this.calls.keys()].sort((a, b) => a - b)) {
      const call = this.calls.get(index)!;
      const input = parseArgs(call.args);
      if (!call.name || input === null) {
        return this.fail({
          kind: 'server',
          code: INVALID_TOOL_JSON,
          message: `The Haiku lane model returned a ${call.name ? `${call.name} ` : ''}tool call whose arguments are not a JSON object`,
        });
      }
      parsed.push({ call, input });
    }
    this.closeOpen();
    for (const { call, input } of parsed) {
      const index = this.nextIndex++;
      const id = call.id ?? `toolu_${this.opts.messageId.replace(/^msg_/, '')}${(this.generated++).toString(36)}`;
      this.emit({ type: 'content_block_start', index, content_block: { type: 'tool_use', id, name: this.opts.toolNames.fromUpstream(call.name), input: {} } });
      this.emit({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(input) } });
      this.emit({ type: 'content_block_stop', index });
    }
    let stop: StopReason = 'end_turn';
    if (parsed.length > 0) stop = 'tool_use';
    else if (this.finishReason === 'length') stop = 'max_tokens';
    else if (this.finishReason === 'content_filter') stop = 'refusal';
    this.out.push(...messageEndEvents(stop, this._usage));
    this.finished = true;
    this.sealed = true;
    return undefined;
  }
}

/** Tool arguments → an object; '' / whitespace → {}; anything that is not a JSON object → null. */
export function parseArgs(args: string): Record<string, unknown> | null {
  if (args.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(args);
    return isObj(v) ? v : null;
  } catch {
    return null;
  }
}
