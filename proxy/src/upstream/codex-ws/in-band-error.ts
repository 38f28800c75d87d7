/**
 * In-band `error` frames → what the transport does next (docs/codex-backend.md, "WebSocket transport": errors).
 * Pure. Two WS-only codes are recoveries of the transport itself, never shown to Claude Code:
 *   websocket_connection_limit_reached (60-min cap)    → resend on a fresh socket (full create)
 *   previous_response_not_found / "Invalid previous_response_id." → drop the anchor, full create on a fresh socket
 * Everything else is the same `UpstreamFailure` the HTTP path produces: an error frame with a status is classified
 * exactly like an HTTP answer with that status and body (classifyHttpError), one without like an SSE error event
 * (classifyStreamFailure). Quota headers in the frame's `headers` are returned for the quota book.
 */
import { classifyHttpError, classifyStreamFailure } from '../codex/errors.js';
import type { UpstreamFailure } from '../failure.js';
import type { ResponsesStreamEvent } from '../../codex/types.js';

export type InBandOutcome =
  | { kind: 'fresh_socket'; reason: 'connection_limit' | 'anchor_lost' }
  | { kind: 'failure'; failure: UpstreamFailure };

const codeOf = (e: ResponsesStreamEvent): string | undefined => e.error?.code ?? e.error?.type ?? e.code ?? undefined;

/** Status of an error frame (`status`, alias `status_code`). */
export function frameStatus(e: ResponsesStreamEvent): number | undefined {
  const s = typeof e.status === 'number' ? e.status : typeof e.status_code === 'number' ? e.status_code : undefined;
  return s !== undefined && Number.isInteger(s) ? s : undefined;
}

/** The `headers` map of an error frame (x-codex-* quota, retry-after), names lower-cased. */
export function frameHeaders(e: ResponsesStreamEvent): Record<string, string> {
  const h = e.headers;
  const out: Record<string, string> = {};
  if (!h || typeof h !== 'object') return out;
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) {
    if (typeof v === 'string') out[k.toLowerCase()] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k.toLowerCase()] = String(v);
  }
  return out;
}

const ANCHOR_MESSAGE = /invalid previous_response_id/i;

export function classifyInBandError(e: ResponsesStreamEvent, nowMs: number): InBandOutcome {
  const code = codeOf(e);
  const param = (e.error as { param?: unknown } | undefined)?.param ?? e.param;
  const message = e.error?.message ?? e.message;
  if (code === 'websocket_connection_limit_reached') return { kind: 'fresh_socket', reason: 'connection_limit' };
  if (code === 'previous_response_not_found' || (param === 'previous_response_id' && code !== undefined) || (message && ANCHOR_MESSAGE.test(message))) {
    return { kind: 'fresh_socket', reason: 'anchor_lost' };
  }
  const status = frameStatus(e);
  if (status !== undefined && (status < 200 || status >= 300)) {
    const { type: _type, status: _s, status_code: _sc, headers: _h, ...body } = e;
    return { kind: 'failure', failure: classifyHttpError({ status, bodyText: JSON.stringify(body), headers: frameHeaders(e), nowMs }) };
  }
  return { kind: 'failure', failure: classifyStreamFailure(e, nowMs) };
}
