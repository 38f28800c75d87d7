/** What the messages pipeline needs from the client connection; express adapts a Response to it. */
import type { AnthropicMessage, AnthropicStreamEvent } from '../anthropic/stream-types.js';
import type { AnthropicErrorResponse } from '../codex/errors.js';

export interface ClientSink {
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  /** Before commit only: answer with an HTTP error in the Anthropic shape. */
  sendError(e: AnthropicErrorResponse): void;
  /** Streaming: send the 200 status and SSE headers (once). */
  open(): void;
  send(events: AnthropicStreamEvent[]): void;
  end(): void;
  /** Non-streaming success. */
  sendJson(message: AnthropicMessage): void;
}
