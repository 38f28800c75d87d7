/** Failures of an OpenAI-compatible chat upstream (HTTP errors, `{error:{…}}` payloads) as one `UpstreamFailure`. */
import type { UpstreamFailure } from '../failure.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const LANE_STREAM_CUT = 'The Haiku lane upstream closed the stream before the answer was complete';

/** The failure of an `{error:{message,code}}` payload (OpenRouter sends these mid-stream). */
export function laneErrorFailure(error: unknown, status?: number): UpstreamFailure {
  const e = isObj(error) ? error : {};
  // OpenRouter puts the HTTP status in `code` (a number); OpenAI-style upstreams a string code
  const numeric = typeof e.code === 'number' || (typeof e.code === 'string' && /^\d{3}$/.test(e.code)) ? Number(e.code) : undefined;
  const code = numeric === undefined && typeof e.code === 'string' && e.code ? e.code : undefined;
  const s = status ?? numeric;
  const message = `The Haiku lane upstream failed${s ? ` (${s})` : ''}${str(e.message) ? `: ${str(e.message)}` : ''}`;
  if (s === 429) return { kind: 'rate_limited', message, status: s, code };
  if (s === 401 || s === 403) return { kind: 'forbidden', message, status: s, code };
  if (s !== undefined && s >= 400 && s < 500 && s !== 408) return { kind: 'invalid_request', message, status: s, code };
  return { kind: 'server', message, status: s, code };
}

/** A non-200 answer: the `error` object of a JSON body, else the start of the text. */
export function chatHttpFailure(status: number, bodyText: string): UpstreamFailure {
  let error: unknown = { message: bodyText.slice(0, 300) };
  try {
    const parsed = JSON.parse(bodyText) as { error?: unknown };
    if (parsed && typeof parsed === 'object' && parsed.error !== undefined) error = parsed.error;
  } catch {
    // not JSON: keep the start of the text
  }
  return laneErrorFailure(error, status);
}
