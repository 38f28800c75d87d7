/**
 * Incremental parser for the Codex backend's Responses SSE stream (docs/codex-backend.md §6.1).
 *
 * - Bytes are decoded with a streaming TextDecoder, so a multi-byte UTF-8 character split across chunks decodes
 *   correctly; the SSE framing itself (`\n`, `\r\n`, `\r`, multi-line `data:`, `:` comments, chunk boundaries
 *   anywhere) is eventsource-parser's job.
 * - Like Codex, only `data` matters: the event's `type` comes from the JSON, the `event:` line may be absent.
 * - A data payload that is not a JSON object with a string `type` is counted in `malformed` (and reported to the
 *   optional `onMalformed` hook), never thrown. A `[DONE]` sentinel (not used by this backend) is skipped silently.
 * - At EOF (`end()`), an event whose data lines were complete but whose terminating blank line never came is still
 *   dispatched; a truncated JSON line then simply counts as malformed.
 */
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import type { ResponsesStreamEvent } from './types.js';

export interface ResponsesSseParserOptions {
  /** Called for every dropped payload (bad JSON, not an object, no string `type`). Must not throw. */
  onMalformed?: (data: string, reason: 'invalid_json' | 'not_an_object' | 'missing_type') => void;
}

export class ResponsesSseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly sse: EventSourceParser;
  private pending: ResponsesStreamEvent[] = [];
  private malformedCount = 0;
  private ended = false;
  private readonly opts: ResponsesSseParserOptions;

  constructor(opts: ResponsesSseParserOptions = {}) {
    this.opts = opts;
    this.sse = createParser({ onEvent: (msg) => this.onMessage(msg) });
  }

  /** Number of dropped malformed payloads so far. */
  get malformed(): number {
    return this.malformedCount;
  }

  /** Feeds one chunk; returns the events completed by it (in stream order). */
  feed(chunk: Uint8Array | string): ResponsesStreamEvent[] {
    if (this.ended) return [];
    let text: string;
    if (typeof chunk === 'string') {
      // flush any incomplete byte sequence first (it can never be completed by a string chunk)
      text = this.decoder.decode() + chunk;
    } else {
      text = this.decoder.decode(chunk, { stream: true });
    }
    if (text) this.sse.feed(text);
    return this.take();
  }

  /** Flushes at EOF: the decoder's tail and a last event that lacked its blank line. Idempotent. */
  end(): ResponsesStreamEvent[] {
    if (this.ended) return [];
    this.ended = true;
    const tail = this.decoder.decode();
    // "\n\n" terminates a pending line (also one ending in a lone "\r") and dispatches a pending event.
    this.sse.feed(`${tail}\n\n`);
    this.sse.reset();
    return this.take();
  }

  private take(): ResponsesStreamEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private onMessage(msg: EventSourceMessage): void {
    const data = msg.data;
    if (data.trim() === '[DONE]') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.reject(data, 'invalid_json');
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      this.reject(data, 'not_an_object');
      return;
    }
    const type = (parsed as { type?: unknown }).type;
    if (typeof type !== 'string' || !type) {
      this.reject(data, 'missing_type');
      return;
    }
    this.pending.push(parsed as ResponsesStreamEvent);
  }

  private reject(data: string, reason: 'invalid_json' | 'not_an_object' | 'missing_type'): void {
    this.malformedCount++;
    try {
      this.opts.onMalformed?.(data, reason);
    } catch {
      // a reporting hook must never break the stream
    }
  }
}

/** Parses a whole response body (e.g. undici's `body`) into events, flushing at EOF. */
export async function* parseResponsesStream(
  body: AsyncIterable<Uint8Array | string>,
  opts?: ResponsesSseParserOptions,
): AsyncGenerator<ResponsesStreamEvent> {
  const parser = new ResponsesSseParser(opts);
  for await (const chunk of body) {
    yield* parser.feed(chunk);
  }
  yield* parser.end();
}
