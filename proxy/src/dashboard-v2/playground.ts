/**
 * The Playground: one /v1/messages stream from the dashboard. `playgroundBody` builds the request Claude Code would
 * send; `runPlayground` drives a `MessagesFn` (the lead wires it to the in-process pipeline or the local HTTP
 * endpoint) and turns its Anthropic stream events into `playground` push events with TTFT and usage.
 */
import type { PlaygroundEvent, PlaygroundRequest } from '../contract-v2.js';

/** An Anthropic stream event as the messages function yields it (only `type` is relied on; the rest is read defensively). */
export interface AnthropicStreamLike {
  type: string;
  [key: string]: unknown;
}

export type MessagesFn = (body: Record<string, unknown>, signal: AbortSignal) => Promise<{ requestId: string | null; events: AsyncIterable<AnthropicStreamLike> }>;

type Parsed = Required<PlaygroundRequest>;

export function playgroundBody(req: Parsed): Record<string, unknown> {
  const maxTokens = req.thinking ? Math.max(req.maxTokens, 2048) : req.maxTokens;
  return {
    model: req.model,
    max_tokens: maxTokens,
    stream: true,
    ...(req.system.trim() ? { system: req.system } : {}),
    ...(req.thinking ? { thinking: { type: 'enabled', budget_tokens: Math.max(1024, Math.floor(maxTokens / 2)) } } : {}),
    messages: [{ role: 'user', content: req.message }],
  };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

export async function runPlayground(
  runId: string,
  req: Parsed,
  messages: MessagesFn,
  emit: (e: PlaygroundEvent) => void,
  now: () => number = Date.now,
  signal: AbortSignal = new AbortController().signal,
): Promise<void> {
  const started = now();
  emit({ runId, kind: 'started', at: started });
  let requestId: string | null = null;
  let ttft: number | null = null;
  const usage = { input: 0, output: 0, cached: 0 };
  let stopReason: string | null = null;
  try {
    const res = await messages(playgroundBody(req), signal);
    requestId = res.requestId;
    for await (const ev of res.events) {
      if (ev.type === 'message_start') {
        const u = obj(obj(ev['message'])['usage']);
        usage.input = num(u['input_tokens']) + num(u['cache_read_input_tokens']);
        usage.cached = num(u['cache_read_input_tokens']);
      } else if (ev.type === 'content_block_delta') {
        const d = obj(ev['delta']);
        const kind = d['type'] === 'thinking_delta' ? 'thinking' : d['type'] === 'text_delta' ? 'text' : null;
        const text = kind === 'thinking' ? d['thinking'] : d['text'];
        if (kind && typeof text === 'string') {
          ttft ??= now() - started;
          emit({ runId, kind, text, ttftMs: ttft });
        }
      } else if (ev.type === 'message_delta') {
        const u = obj(ev['usage']);
        if (u['output_tokens'] !== undefined) usage.output = num(u['output_tokens']);
        if (u['input_tokens'] !== undefined) usage.input = num(u['input_tokens']) + num(u['cache_read_input_tokens']);
        const r = obj(ev['delta'])['stop_reason'];
        if (typeof r === 'string') stopReason = r;
      } else if (ev.type === 'error') {
        const m = obj(ev['error'])['message'];
        emit({ runId, kind: 'error', message: typeof m === 'string' ? m : 'The stream ended with an error', requestId });
        return;
      }
    }
    emit({ runId, kind: 'done', requestId, ttftMs: ttft, durationMs: now() - started, inputTokens: usage.input, outputTokens: usage.output, cachedTokens: usage.cached, stopReason });
  } catch (e) {
    emit({ runId, kind: 'error', message: (e as Error).message || 'The request failed', requestId });
  }
}
