/**
 * A client dialect (Anthropic Messages, OpenAI chat completions) plugged into the shared Codex executor:
 * how to translate the request for a given account and model, how to translate the upstream stream back,
 * how to shape errors, keep-alives and the non-streaming answer. The executor owns everything else.
 */
import type { ResponsesRequest, ResponsesStreamEvent } from '../codex/types.js';
import type { ErrorMappingContext, UpstreamFailure } from '../upstream/failure.js';
import type { ReasoningEffort } from '../codex/types.js';
import type { AnthropicUsage } from '../anthropic/stream-types.js';
import type { ChatSseItem } from '../upstream/chat/client.js';

export interface StreamStep<E> {
  events: E[];
  failure?: UpstreamFailure;
  done: boolean;
}

export interface TokenUsage {
  /** Total prompt tokens including cached ones. */
  input: number;
  output: number;
  cached: number;
}

/** Upstream stream items (Responses events by default) → client events. */
export interface StreamTranslator<E, I = ResponsesStreamEvent> {
  push(ev: I): StreamStep<E>;
  /** Upstream EOF. */
  finish(): StreamStep<E>;
  /** Events that end an already-open client stream after a failure. */
  failAfterCommit(f: UpstreamFailure): E[];
  usage(): TokenUsage;
}

export interface RouteContext {
  codexModel: string;
  effortLevels: ReasoningEffort[];
  defaultEffort: ReasoningEffort;
  accountTag: string;
  promptCacheKey?: string;
  /** The routed model's context window (for "prompt is too long" wording). */
  contextWindow?: number;
}

export interface PreparedRequest<E, B = ResponsesRequest, I = ResponsesStreamEvent> {
  body: B;
  createTranslator(): StreamTranslator<E, I>;
  /** Names (never values) of request parts the translator did not know. */
  compat?: { unknownFields: string[]; unknownBlockTypes: string[] };
  /** The request declares tools (an upstream that holds tool calls then holds the whole answer). */
  hasTools?: boolean;
}

/** A request prepared for an OpenAI-compatible chat upstream. */
export type PreparedChatRequest<E> = PreparedRequest<E, unknown, ChatSseItem>;

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Error type for logs and records. */
  type: string;
}

export interface Dialect<E> {
  /** For request records, e.g. '/v1/messages'. */
  readonly route: string;
  /** The model id the client asked for (routed through the mapping). */
  readonly clientModel: string;
  readonly stream: boolean;
  prepare(ctx: RouteContext): PreparedRequest<E>;
  /** The request for a chat upstream serving `model` (the Haiku lane); absent when the dialect cannot use one. */
  prepareChat?(model: string): PreparedChatRequest<E>;
  /** The request needs something only Codex provides (server tools such as web search). */
  readonly codexOnly: boolean;
  isContent(e: E): boolean;
  /** A keep-alive event for an open stream, or null when the dialect has none. */
  ping(): E | null;
  aggregate(events: E[]): unknown;
  errorResponse(f: UpstreamFailure, ctx: ErrorMappingContext): ErrorResponse;
  /** Our own prompt token count (message_start, "prompt is too long" errors); computed once, when first needed. */
  promptTokens(): number;
}

/** The client connection, as the executor needs it. */
export interface ClientSink<E> {
  readonly signal: AbortSignal;
  sendError(e: ErrorResponse): void;
  open(): void;
  send(events: E[]): void;
  end(): void;
  sendJson(body: unknown): void;
}

/** Anthropic usage (input without the cached part) → the executor's TokenUsage (input including it). */
export function tokenUsage(u: AnthropicUsage): TokenUsage {
  return { input: u.input_tokens + u.cache_read_input_tokens, output: u.output_tokens, cached: u.cache_read_input_tokens };
}

/** What both request translators return: the Responses body, the translator's report, and what it decided. */
export interface TranslatedForCodex {
  body: ResponsesRequest;
  report: { unknownFields: string[]; unknownBlockTypes: string[] };
}

/** A translated request as the executor takes it; the compatibility report names the parts nobody knew. */
export function preparedRequest<E>(translated: TranslatedForCodex, createTranslator: () => StreamTranslator<E>): PreparedRequest<E> {
  return {
    body: translated.body,
    compat: { unknownFields: translated.report.unknownFields, unknownBlockTypes: translated.report.unknownBlockTypes },
    createTranslator,
  };
}
