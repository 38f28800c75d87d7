/**
 * Scenario types of the fake Codex backend and the builder that turns a stream scenario into the exact SSE
 * event sequence of spec §6.2 (created → in_progress → per item: added → parts/deltas → done → one terminal event).
 */
import { randomBytes } from 'node:crypto';

export type OutputSpec =
  | { type: 'text'; text: string; chunks?: number }
  | { type: 'reasoning'; summary?: string[] /* paragraphs; [] or undefined → no summary events */ }
  | { type: 'function_call'; name: string; arguments: string; callId?: string; chunks?: number }
  | { type: 'web_search'; query: string; sources?: { url: string; title?: string }[] }
  | { type: 'refusal'; text: string };

export type StreamEnd =
  | 'completed'
  | 'incomplete_max_tokens'
  | 'incomplete_content_filter'
  | 'failed'
  | 'error_event'
  | 'cut';

export interface StreamScenario {
  kind: 'stream';
  items: OutputSpec[];
  end?: StreamEnd;
  failCode?: string;
  failMessage?: string;
  usage?: { input: number; cached?: number; output: number; reasoning?: number };
  /** ms between events */
  delayMs?: number;
  /** ms of silence after response.in_progress, before the first item */
  stallMs?: number;
  /** with end:'cut', the number of complete items sent before the socket is closed (default: all) */
  cutAfterItems?: number;
  /** send a `codex.rate_limits` event after response.in_progress */
  codexRateLimitsEvent?: boolean;
}

export type Scenario =
  | { kind: 'http'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'usage_limit'; resetsInSeconds?: number }
  | { kind: 'rate_limited'; retryAfter?: number }
  | { kind: 'overloaded' }
  | StreamScenario;

export type SseEvent = { type: string; sequence_number: number; [k: string]: unknown };

export interface BuiltStream {
  /** response.created, response.in_progress (+ codex.rate_limits) */
  preamble: SseEvent[];
  /** events of each output item, in order */
  items: SseEvent[][];
  /** the terminal event; null for end:'cut' */
  terminal: SseEvent | null;
  /** final output items (as in response.completed.output) */
  output: Record<string, unknown>[];
  responseId: string;
}

export interface BuildContext {
  model: string;
  /** the request body (only reasoning/text/tool_choice/parallel_tool_calls are echoed) */
  request: Record<string, unknown>;
  /** estimated prompt tokens, used when the scenario gives no usage */
  inputTokens: number;
  /** called for every reasoning blob issued, so the server can bind it to the account */
  registerReasoning: (encryptedContent: string) => void;
  /** payload of the codex.rate_limits event (without type / sequence_number) */
  rateLimits?: Record<string, unknown>;
  nowSec?: number;
}

const hex = (n: number): string => randomBytes(n).toString('hex');
const alnum = (n: number): string => randomBytes(n * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, n).padEnd(n, 'x');

export const newResponseId = (): string => `resp_${hex(24)}`;
export const newCallId = (): string => `call_${alnum(24)}`;
/** A Fernet-looking opaque blob ("gAAAAB" + random base64url); never contains '.'. */
export const newEncryptedContent = (): string => `gAAAAB${randomBytes(120).toString('base64url')}`;

/** Splits text into n roughly equal pieces (by code point); never yields empty pieces unless text is empty. */
export function splitChunks(text: string, n: number): string[] {
  const cps = Array.from(text);
  if (cps.length === 0) return [''];
  const count = Math.max(1, Math.min(Math.floor(n), cps.length));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(cps.slice(Math.floor((i * cps.length) / count), Math.floor(((i + 1) * cps.length) / count)).join(''));
  }
  return out;
}

const defaultChunks = (text: string): number => Math.min(3, Math.max(1, text.split(/\s+/).filter(Boolean).length));

const estimateTokens = (s: string): number => Math.ceil(s.length / 4);

const FAIL_MESSAGES: Record<string, string> = {
  context_length_exceeded: 'Your input exceeds the context window of this model. Please adjust your input and try again.',
  rate_limit_exceeded: 'Rate limit reached. Please try again in 11.054s.',
  server_is_overloaded: 'Our servers are currently overloaded. Please try again later.',
  server_error:
    'An error occurred while processing your request. You can retry your request, or contact us through our help center at help.openai.com if the error persists.',
  insufficient_quota: 'You exceeded your current quota.',
  invalid_prompt: 'Invalid prompt: your prompt was flagged as potentially violating our usage policy.',
};

export function buildStream(s: StreamScenario, ctx: BuildContext): BuiltStream {
  let seq = 0;
  const ev = (type: string, fields: Record<string, unknown>): SseEvent => ({ type, sequence_number: seq++, ...fields });
  const responseId = newResponseId();
  const createdAt = ctx.nowSec ?? Math.floor(Date.now() / 1000);
  const req = ctx.request;
  const textCfg = req.text && typeof req.text === 'object' ? (req.text as Record<string, unknown>) : {};
  const base = (): Record<string, unknown> => ({
    id: responseId,
    object: 'response',
    created_at: createdAt,
    status: 'in_progress',
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: ctx.model,
    output: [],
    parallel_tool_calls: typeof req.parallel_tool_calls === 'boolean' ? req.parallel_tool_calls : true,
    previous_response_id: null,
    reasoning: req.reasoning ?? { effort: null, summary: null },
    service_tier: typeof req.service_tier === 'string' ? req.service_tier : 'auto',
    store: false,
    text: { format: textCfg.format ?? { type: 'text' }, verbosity: textCfg.verbosity ?? 'medium' },
    tool_choice: req.tool_choice ?? 'auto',
    tools: [],
    usage: null,
    metadata: {},
  });

  const preamble = [ev('response.created', { response: base() }), ev('response.in_progress', { response: base() })];
  if (s.codexRateLimitsEvent) preamble.push(ev('codex.rate_limits', { ...(ctx.rateLimits ?? {}) }));

  const items: SseEvent[][] = [];
  const output: Record<string, unknown>[] = [];
  let outputText = 0;
  let reasoningTokens = 0;

  s.items.forEach((spec, output_index) => {
    const evs: SseEvent[] = [];
    switch (spec.type) {
      case 'text':
      case 'refusal': {
        const item_id = `msg_${hex(24)}`;
        const refusal = spec.type === 'refusal';
        const text = spec.text;
        outputText += estimateTokens(text);
        const emptyPart = refusal ? { type: 'refusal', refusal: '' } : { type: 'output_text', annotations: [], logprobs: [], text: '' };
        const fullPart = refusal ? { type: 'refusal', refusal: text } : { type: 'output_text', annotations: [], logprobs: [], text };
        const at = { item_id, output_index, content_index: 0 };
        evs.push(ev('response.output_item.added', { output_index, item: { id: item_id, type: 'message', status: 'in_progress', content: [], role: 'assistant' } }));
        evs.push(ev('response.content_part.added', { ...at, part: emptyPart }));
        const n = spec.type === 'text' ? (spec.chunks ?? defaultChunks(text)) : defaultChunks(text);
        for (const delta of splitChunks(text, n)) {
          evs.push(refusal ? ev('response.refusal.delta', { ...at, delta }) : ev('response.output_text.delta', { ...at, delta, logprobs: [] }));
        }
        evs.push(refusal ? ev('response.refusal.done', { ...at, refusal: text }) : ev('response.output_text.done', { ...at, text, logprobs: [] }));
        evs.push(ev('response.content_part.done', { ...at, part: fullPart }));
        const item = { id: item_id, type: 'message', status: 'completed', role: 'assistant', content: [fullPart] };
        evs.push(ev('response.output_item.done', { output_index, item }));
        output.push(item);
        break;
      }
      case 'reasoning': {
        const item_id = `rs_${hex(24)}`;
        const paragraphs = spec.summary ?? [];
        evs.push(ev('response.output_item.added', { output_index, item: { id: item_id, type: 'reasoning', summary: [] } }));
        paragraphs.forEach((text, summary_index) => {
          const at = { item_id, output_index, summary_index };
          evs.push(ev('response.reasoning_summary_part.added', { ...at, part: { type: 'summary_text', text: '' } }));
          for (const delta of splitChunks(text, Math.min(2, defaultChunks(text)))) {
            evs.push(ev('response.reasoning_summary_text.delta', { ...at, delta }));
          }
          evs.push(ev('response.reasoning_summary_text.done', { ...at, text }));
          evs.push(ev('response.reasoning_summary_part.done', { ...at, part: { type: 'summary_text', text } }));
        });
        const encrypted_content = newEncryptedContent();
        ctx.registerReasoning(encrypted_content);
        reasoningTokens += 32 + paragraphs.reduce((a, p) => a + estimateTokens(p), 0);
        const item = {
          id: item_id,
          type: 'reasoning',
          summary: paragraphs.map((text) => ({ type: 'summary_text', text })),
          encrypted_content,
        };
        evs.push(ev('response.output_item.done', { output_index, item }));
        output.push(item);
        break;
      }
      case 'function_call': {
        const item_id = `fc_${hex(24)}`;
        const call_id = spec.callId ?? newCallId();
        outputText += estimateTokens(spec.arguments) + 4;
        const at = { item_id, output_index };
        evs.push(
          ev('response.output_item.added', {
            output_index,
            item: { id: item_id, type: 'function_call', status: 'in_progress', arguments: '', call_id, name: spec.name },
          }),
        );
        for (const delta of splitChunks(spec.arguments, spec.chunks ?? 2)) {
          if (delta) evs.push(ev('response.function_call_arguments.delta', { ...at, delta }));
        }
        evs.push(ev('response.function_call_arguments.done', { ...at, arguments: spec.arguments }));
        const item = { id: item_id, type: 'function_call', status: 'completed', arguments: spec.arguments, call_id, name: spec.name };
        evs.push(ev('response.output_item.done', { output_index, item }));
        output.push(item);
        break;
      }
      case 'web_search': {
        const item_id = `ws_${hex(24)}`;
        const at = { item_id, output_index };
        evs.push(ev('response.output_item.added', { output_index, item: { id: item_id, type: 'web_search_call', status: 'in_progress' } }));
        evs.push(ev('response.web_search_call.in_progress', at));
        evs.push(ev('response.web_search_call.searching', at));
        evs.push(ev('response.web_search_call.completed', at));
        const sources = (spec.sources ?? []).map((src) =>
          src.title === undefined ? { type: 'url', url: src.url } : { type: 'url', url: src.url, title: src.title },
        );
        const item = { id: item_id, type: 'web_search_call', status: 'completed', action: { type: 'search', query: spec.query, sources } };
        evs.push(ev('response.output_item.done', { output_index, item }));
        output.push(item);
        break;
      }
      default:
        break;
    }
    items.push(evs);
  });

  const u = s.usage ?? { input: ctx.inputTokens, cached: 0, output: outputText + reasoningTokens, reasoning: reasoningTokens };
  const usage = {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached ?? 0 },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning ?? 0 },
    total_tokens: u.input + u.output,
  };

  const end = s.end ?? 'completed';
  let terminal: SseEvent | null = null;
  switch (end) {
    case 'completed':
      terminal = ev('response.completed', { response: { ...base(), status: 'completed', output, usage } });
      break;
    case 'incomplete_max_tokens':
    case 'incomplete_content_filter':
      terminal = ev('response.incomplete', {
        response: {
          ...base(),
          status: 'incomplete',
          incomplete_details: { reason: end === 'incomplete_max_tokens' ? 'max_output_tokens' : 'content_filter' },
          output,
          usage,
        },
      });
      break;
    case 'failed': {
      const code = s.failCode ?? 'context_length_exceeded';
      const message = s.failMessage ?? FAIL_MESSAGES[code] ?? `Fake failure: ${code}`;
      terminal = ev('response.failed', { response: { ...base(), status: 'failed', error: { code, message }, output, usage } });
      break;
    }
    case 'error_event': {
      const code = s.failCode ?? 'server_error';
      const message = s.failMessage ?? FAIL_MESSAGES[code] ?? `Fake failure: ${code}`;
      terminal = ev('error', { code, message, param: null });
      break;
    }
    case 'cut':
      terminal = null;
      break;
    default:
      break;
  }
  return { preamble, items, terminal, output, responseId };
}

export const formatSse = (e: SseEvent): string => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
