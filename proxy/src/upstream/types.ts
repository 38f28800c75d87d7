/**
 * The upstream seam: what the executor (pipeline/execute.ts) drives for every attempt of a plan. An upstream sends
 * an already-translated request with an AbortSignal, and yields its stream items (Responses events for Codex,
 * chat chunks for an OpenAI-compatible endpoint) or a classified `UpstreamFailure`. It knows nothing of the client
 * dialects: translation in both directions is the dialect's job (pipeline/dialect.ts).
 */
import type { UpstreamFailure } from './failure.js';

export type UpstreamKind = 'codex' | 'chat';
/** How a Codex attempt reached the backend (the WebSocket transport is a second implementation). */
export type TransportKind = 'sse' | 'websocket';

/** An opened answer: the stream to read, or why none could be opened. */
export type Opened<I> =
  | { kind: 'stream'; items: AsyncIterable<I>; transport?: TransportKind; /** Releases the connection (no-op when fully read). */ close(): void }
  | { kind: 'failed'; failure: UpstreamFailure; transport?: TransportKind }
  | { kind: 'aborted' };

export interface Upstream<Req, I> {
  readonly kind: UpstreamKind;
  /** Tool calls must be held back until the answer is complete (their arguments may still turn out invalid). */
  readonly holdsToolCalls: boolean;
  open(req: Req, signal: AbortSignal): Promise<Opened<I>>;
  /** The failure of an answer that went silent for the idle timeout. */
  idleFailure(): UpstreamFailure;
  /** The failure of a stream that broke while being read. */
  cutFailure(detail: string): UpstreamFailure;
}
