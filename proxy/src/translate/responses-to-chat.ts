/**
 * Codex Responses stream → OpenAI chat.completion.chunk objects, and the non-stream chat.completion. Pure.
 *
 * Built as two stages so every hard guarantee of the Anthropic path is shared rather than re-implemented:
 * ResponsesToMessagesTranslator (ordering, missed items recovered from `response.completed.output`, tool
 * arguments kept valid JSON by JsonObjectGuard, failures classified) produces Anthropic events, and
 * AnthropicToChatChunks maps those one to one onto chunks:
 *
 * - message_start → the role chunk `{role:"assistant",content:""}` (not content: it does not commit the stream);
 * - text_delta → `{content}`; tool_use start → `tool_calls[{index,id,type:"function",function:{name,arguments:""}}]`;
 *   input_json_delta → `tool_calls[{index,function:{arguments}}]` (the fragments concatenate to one JSON object);
 * - thinking / web-search blocks are not part of chat completions and are skipped;
 * - message_delta → a chunk with an empty delta and finish_reason (end_turn → stop, tool_use → tool_calls,
 *   max_tokens → length, refusal → content_filter); message_stop → the usage chunk (`choices:[]`, only with
 *   `stream_options.include_usage`, always for the non-stream aggregation), then `[DONE]`.
 * - After a failure on an open stream: the open tool call's JSON is completed, then one error event
 *   `data: {"error":{message,type,param,code}}` (toOpenAIError) and the stream ends without `[DONE]`.
 *   The openai SDK raises that payload as an APIError.
 */
import type { AnthropicStreamEvent, AnthropicUsage, StopReason } from '../anthropic/stream-types.js';
import type { ErrorMappingContext, UpstreamFailure } from '../upstream/failure.js';
import type { ResponsesStreamEvent } from '../codex/types.js';
import { toOpenAIError } from '../openai/errors.js';
import type {
  ChatChunkDelta,
  ChatCompletion,
  ChatCompletionChunk,
  ChatFinishReason,
  ChatSseEvent,
  ChatToolCall,
  ChatUsage,
} from '../openai/types.js';
import type { StepResult } from './responses-to-messages.js';
import { ResponsesToMessagesTranslator } from './responses-to-messages.js';
import type { ToolNameMap } from './tool-names.js';

export interface ChatStreamOptions {
  /** 'chatcmpl-…' */
  id: string;
  /** The client's model id, echoed in every chunk. */
  model: string;
  /** Unix seconds. */
  created: number;
  /** Emit the final usage chunk (stream_options.include_usage; always on for non-stream aggregation). */
  includeUsage: boolean;
}

export function stopToFinish(stop: StopReason | null | undefined): ChatFinishReason {
  switch (stop) {
    case 'tool_use':
      return 'tool_calls';
    case 'max_tokens':
      return 'length';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export function toChatUsage(u: AnthropicUsage): ChatUsage {
  const prompt = u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: u.output_tokens,
    total_tokens: prompt + u.output_tokens,
    prompt_tokens_details: { cached_tokens: u.cache_read_input_tokens },
  };
}

export function isChatContent(e: ChatSseEvent): boolean {
  if (e.kind !== 'chunk') return false;
  const d = e.chunk.choices[0]?.delta;
  return !!d && ((typeof d.content === 'string' && d.content !== '') || (d.tool_calls?.length ?? 0) > 0);
}

/** Anthropic stream events (as produced by ResponsesToMessagesTranslator) → chat SSE events. */
export class AnthropicToChatChunks {
  private readonly blocks = new Map<number, { kind: 'text' | 'tool' | 'other'; toolIndex: number }>();
  private tools = 0;
  private usage: AnthropicUsage = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

  constructor(private readonly opts: ChatStreamOptions) {}

  map(events: AnthropicStreamEvent[]): ChatSseEvent[] {
    const out: ChatSseEvent[] = [];
    for (const e of events) this.one(e, out);
    return out;
  }

  chunk(delta: ChatChunkDelta, finish: ChatFinishReason | null = null): ChatSseEvent {
    return this.envelope([{ index: 0, delta, logprobs: null, finish_reason: finish }]);
  }

  /** A chat.completion.chunk of this completion (the usage chunk has no choices). */
  private envelope(choices: ChatCompletionChunk['choices'], usage?: ChatCompletionChunk['usage']): ChatSseEvent {
    const chunk: ChatCompletionChunk = {
      id: this.opts.id,
      object: 'chat.completion.chunk',
      created: this.opts.created,
      model: this.opts.model,
      system_fingerprint: null,
      choices,
      ...(usage ? { usage } : {}),
    };
    return { kind: 'chunk', chunk };
  }

  private one(e: AnthropicStreamEvent, out: ChatSseEvent[]): void {
    switch (e.type) {
      case 'message_start':
        this.usage = { ...this.usage, ...e.message.usage };
        out.push(this.chunk({ role: 'assistant', content: '' }));
        return;
      case 'content_block_start': {
        const b = e.content_block;
        if (b.type === 'text') {
          this.blocks.set(e.index, { kind: 'text', toolIndex: -1 });
          if (b.text) out.push(this.chunk({ content: b.text }));
        } else if (b.type === 'tool_use') {
          const toolIndex = this.tools++;
          this.blocks.set(e.index, { kind: 'tool', toolIndex });
          out.push(this.chunk({ tool_calls: [{ index: toolIndex, id: b.id, type: 'function', function: { name: b.name, arguments: '' } }] }));
        } else {
          this.blocks.set(e.index, { kind: 'other', toolIndex: -1 });
        }
        return;
      }
      case 'content_block_delta': {
        const slot = this.blocks.get(e.index);
        if (!slot) return;
        const d = e.delta;
        if (slot.kind === 'text' && d.type === 'text_delta' && d.text) out.push(this.chunk({ content: d.text }));
        else if (slot.kind === 'tool' && d.type === 'input_json_delta' && d.partial_json) {
          out.push(this.chunk({ tool_calls: [{ index: slot.toolIndex, function: { arguments: d.partial_json } }] }));
        }
        return;
      }
      case 'message_delta': {
        for (const k of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
          const v = e.usage[k];
          if (typeof v === 'number') this.usage[k] = v;
        }
        const stop = e.delta.stop_reason;
        out.push(this.chunk({}, stop === 'end_turn' && this.tools > 0 ? 'tool_calls' : stopToFinish(stop)));
        return;
      }
      case 'message_stop':
        if (this.opts.includeUsage) out.push(this.envelope([], toChatUsage(this.usage)));
        out.push({ kind: 'done' });
        return;
      default:
        return; // content_block_stop, ping, error (errors are mapped by the caller from the failure itself)
    }
  }

  get currentUsage(): AnthropicUsage {
    return { ...this.usage };
  }
}

export interface ChatStepResult {
  events: ChatSseEvent[];
  failure?: UpstreamFailure;
  done: boolean;
}

/** The executor's StreamTranslator for /v1/chat/completions. */
export class ResponsesToChatTranslator {
  private readonly inner: ResponsesToMessagesTranslator;
  private readonly mapper: AnthropicToChatChunks;

  constructor(opts: ChatStreamOptions & { toolNames: ToolNameMap; accountTag: string; nowMs?: () => number }) {
    this.inner = new ResponsesToMessagesTranslator({
      messageId: opts.id,
      model: opts.model,
      toolNames: opts.toolNames,
      thinkingMode: 'none',
      accountTag: opts.accountTag,
      nowMs: opts.nowMs,
    });
    this.mapper = new AnthropicToChatChunks(opts);
  }

  private wrap(step: StepResult): ChatStepResult {
    const events = this.mapper.map(step.events);
    return step.failure ? { events, failure: step.failure, done: step.done } : { events, done: step.done };
  }

  push(ev: ResponsesStreamEvent): ChatStepResult {
    return this.wrap(this.inner.push(ev));
  }

  finish(): ChatStepResult {
    return this.wrap(this.inner.finish());
  }

  failAfterCommit(f: UpstreamFailure, ctx: ErrorMappingContext): ChatSseEvent[] {
    const closing = this.inner.failAfterCommit(f, ctx).filter((e) => e.type !== 'error');
    const events = this.mapper.map(closing);
    events.push({ kind: 'error', error: toOpenAIError(f, ctx).error });
    return events;
  }

  usage(): { input: number; output: number; cached: number } {
    const u = this.inner.usage;
    return { input: u.input_tokens + u.cache_read_input_tokens, output: u.output_tokens, cached: u.cache_read_input_tokens };
  }
}

/** The non-stream chat.completion from the chunks of one answer. */
export function aggregateChatCompletion(events: ChatSseEvent[], fallback: { id: string; model: string; created: number }): ChatCompletion {
  let content = '';
  let sawContent = false;
  let finish: ChatFinishReason = 'stop';
  let usage: ChatUsage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, prompt_tokens_details: { cached_tokens: 0 } };
  let id = fallback.id;
  let model = fallback.model;
  let created = fallback.created;
  const calls: ChatToolCall[] = [];
  for (const e of events) {
    if (e.kind !== 'chunk') continue;
    const c = e.chunk;
    ({ id, model, created } = c);
    if (c.usage) usage = c.usage;
    const choice = c.choices[0];
    if (!choice) continue;
    if (choice.finish_reason) finish = choice.finish_reason;
    const d = choice.delta;
    if (typeof d.content === 'string' && d.content !== '') {
      content += d.content;
      sawContent = true;
    }
    for (const t of d.tool_calls ?? []) {
      const call = (calls[t.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
      if (t.id) call.id = t.id;
      if (t.function.name) call.function.name = t.function.name;
      call.function.arguments += t.function.arguments;
    }
  }
  const message: ChatCompletion['choices'][number]['message'] = { role: 'assistant', content: sawContent ? content : null, refusal: null };
  const toolCalls = calls.filter((c): c is ChatToolCall => c !== undefined);
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    system_fingerprint: null,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
    usage,
  };
}
