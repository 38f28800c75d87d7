/**
 * Client and server frames of the Codex WebSocket protocol (docs/codex-backend.md, "WebSocket transport": frames).
 * Pure. One `response.create` Text frame per model request = the HTTP body + `type` (+ `previous_response_id` and
 * only the new input items on a continuation; + `client_metadata["x-codex-turn-state"]` within a turn). Server frames
 * are one JSON event each, the same vocabulary as the SSE `data:` lines; unknown event types are passed through.
 */
import { z } from 'zod';
import type { InputItem, ResponsesRequest, ResponsesStreamEvent } from '../../codex/types.js';

/** The backend closes the socket (1009, no event) on any inbound message ≥ 16 MiB. */
export const WS_FRAME_LIMIT_BYTES = 16 * 1024 * 1024;
/** What we allow before dialing: a margin under the limit (the compressed/uncompressed question is open). */
export const WS_FRAME_BUDGET_BYTES = 15 * 1024 * 1024;

export const TURN_STATE_KEY = 'x-codex-turn-state';

/** What the backend may receive on a create; `service_tier: 'priority'` only under the caller's opt-in. */
export type CreateBody = ResponsesRequest & { service_tier?: 'priority'; client_metadata?: Record<string, string> };

export interface CreateFrameOptions {
  /** Continuation: the anchor on this socket and the items after it. */
  continuation?: { previousResponseId: string; input: InputItem[] };
  /** The turn's sticky-routing token, echoed inside `client_metadata`. */
  turnState?: string;
}

/** The serialized `response.create` frame. `type` is set last so no body key can override it. */
export function buildCreateFrame(body: CreateBody, opts: CreateFrameOptions = {}): string {
  const frame: Record<string, unknown> = { ...body };
  if (opts.continuation) {
    frame.previous_response_id = opts.continuation.previousResponseId;
    frame.input = opts.continuation.input;
  }
  if (opts.turnState) frame.client_metadata = { ...(body.client_metadata ?? {}), [TURN_STATE_KEY]: opts.turnState };
  frame.type = 'response.create';
  return JSON.stringify(frame);
}

export function frameBytes(frame: string): number {
  return Buffer.byteLength(frame, 'utf8');
}

/** True when a body must go to SSE without dialing (its frame would come near the 16 MiB limit). */
export function exceedsFrameBudget(frame: string, budget = WS_FRAME_BUDGET_BYTES): boolean {
  // cheap upper bound first: UTF-8 needs at most 3 bytes per UTF-16 code unit
  if (frame.length * 3 < budget) return false;
  return frameBytes(frame) > budget;
}

const serverEventSchema = z.object({ type: z.string().min(1) }).loose();

export type ParsedFrame =
  | { ok: true; event: ResponsesStreamEvent }
  | { ok: false; reason: 'binary' | 'invalid_json' | 'not_an_event' };

/** One server frame → a Responses event (validated at the boundary), or why it is not one. */
export function parseServerFrame(data: string | Buffer, isBinary: boolean): ParsedFrame {
  if (isBinary) return { ok: false, reason: 'binary' };
  let json: unknown;
  try {
    json = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid_json' };
  }
  const parsed = serverEventSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'not_an_event' };
  return { ok: true, event: parsed.data as ResponsesStreamEvent };
}

export type TurnEnd = 'completed' | 'failed' | 'incomplete' | 'error';

/** End-of-turn detection: the event after which this request is over and the socket idle again. */
export function terminalKind(e: ResponsesStreamEvent): TurnEnd | null {
  switch (e.type) {
    case 'response.completed':
    case 'response.done':
      return 'completed';
    case 'response.failed':
      return 'failed';
    case 'response.incomplete':
      return 'incomplete';
    case 'error':
      return 'error';
    default:
      return null;
  }
}

/** WS-only events that carry metadata for us and are never translated (quota, turn state, timing). */
export function isSideEvent(e: ResponsesStreamEvent): boolean {
  return (
    e.type === 'codex.rate_limits' ||
    e.type === 'codex.response.metadata' ||
    e.type === 'response.metadata' ||
    e.type === 'responsesapi.websocket_timing'
  );
}

/** `headers` of a `(codex.)response.metadata` event, as a plain string map. */
export function metadataHeaders(e: ResponsesStreamEvent): Record<string, string> {
  const h = e.headers;
  if (!h || typeof h !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}
