/**
 * Classification of Codex backend failures (HTTP errors and in-stream terminal events) into one `UpstreamFailure`
 * (docs/ARCHITECTURE.md §4). Pure functions: no I/O, no clock unless passed in.
 */
import type { FailureKind, UpstreamFailure } from '../failure.js';

interface ErrorBodyFields {
  detail?: string;
  type?: string;
  code?: string;
  message?: string;
  resetsAt?: number;
  resetsInSeconds?: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Reads the many error-body dialects of the backend (`{detail}`, `{error:{type|code,message}}`, `{code,message}`). */
export function readErrorBody(bodyText: string): ErrorBodyFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object') return {};
  const top = parsed as Record<string, unknown>;
  const err = top.error && typeof top.error === 'object' ? (top.error as Record<string, unknown>) : undefined;
  return {
    detail: str(top.detail),
    type: str(err?.type) ?? str(top.type === 'error' ? undefined : top.type),
    code: str(err?.code) ?? str(top.code) ?? (typeof top.error === 'string' ? top.error : undefined),
    message: str(err?.message) ?? str(top.message),
    resetsAt: num(err?.resets_at),
    resetsInSeconds: num(err?.resets_in_seconds),
  };
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | undefined | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs) && secs >= 0) return Math.ceil(secs);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

const TRY_AGAIN = /try again in\s*(\d+(?:\.\d+)?)\s*(ms|s|seconds?)/i;
function tryAgainSeconds(message: string | undefined): number | undefined {
  const m = message ? TRY_AGAIN.exec(message) : null;
  if (!m) return undefined;
  const n = Number(m[1]);
  return Math.ceil(m[2]!.toLowerCase() === 'ms' ? n / 1000 : n);
}

const MODEL_UNSUPPORTED = /model is not supported|model .* (?:does not exist|not found)/i;

/** Classifies a code (from any error dialect) plus message into a failure kind, or undefined if unknown. */
function kindFromCode(code: string | undefined, message: string | undefined): FailureKind | undefined {
  switch (code) {
    case 'usage_limit_reached':
    case 'insufficient_quota':
    case 'credit_balance_exhausted':
    case 'organization_spend_limit_exceeded':
    case 'project_spend_limit_exceeded':
      return 'usage_limit';
    case 'usage_not_included':
      return 'usage_not_included';
    case 'rate_limit_exceeded':
    case 'flex_unavailable':
      return 'rate_limited';
    case 'server_is_overloaded':
    case 'slow_down':
      return 'overloaded';
    case 'context_length_exceeded':
      return 'context_length';
    case 'invalid_prompt':
    case 'bio_policy':
    case 'cyber_policy':
      return 'safety';
    case 'token_expired':
    case 'invalid_token':
      return 'unauthorized';
    case 'server_error':
    case 'internal_error':
      return 'server';
    default:
      break;
  }
  if (message && MODEL_UNSUPPORTED.test(message)) return 'model_unsupported';
  return undefined;
}

export interface HttpErrorInput {
  status: number;
  bodyText: string;
  headers: Record<string, string | string[] | undefined>;
  nowMs: number;
}

const header = (h: HttpErrorInput['headers'], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Classifies a non-2xx answer of POST /responses. */
export function classifyHttpError(input: HttpErrorInput): UpstreamFailure {
  const { status, nowMs } = input;
  const body = readErrorBody(input.bodyText);
  const code = body.type ?? body.code;
  const upstreamMessage = body.message ?? body.detail;
  const retryAfterSec = parseRetryAfter(header(input.headers, 'retry-after'), nowMs);
  const resetsAt =
    body.resetsAt ?? (body.resetsInSeconds !== undefined ? Math.floor(nowMs / 1000) + body.resetsInSeconds : undefined);
  const base = { status, code, retryAfterSec };
  let kind = kindFromCode(body.type, upstreamMessage) ?? kindFromCode(body.code, upstreamMessage);
  // opencode's observation: some 404s carry a usage-limit body
  if (!kind && status === 404 && /usage_limit_reached|usage_not_included|rate_limit_exceeded/.test(input.bodyText)) {
    kind = /usage_not_included/.test(input.bodyText) ? 'usage_not_included' : 'usage_limit';
  }
  if (!kind) {
    if (status === 401) kind = 'unauthorized';
    else if (status === 403) kind = 'forbidden';
    else if (status === 429) kind = 'rate_limited';
    else if (status === 503 || status === 529) kind = 'overloaded';
    else if (status >= 500) kind = 'server';
    else kind = 'invalid_request';
  }
  const message = describe(kind, upstreamMessage, status);
  return { ...base, kind, message, resetsAt, retryAfterSec: retryAfterSec ?? tryAgainSeconds(upstreamMessage) };
}

/**
 * Classifies an in-stream terminal failure: `response.failed` (error in `response.error`) or an `error` event
 * (API style: top-level code/message; backend style: `error:{type|code,message}`, maybe with a `status`).
 */
export function classifyStreamFailure(
  event: { type: string; response?: { error?: { code?: string; message?: string } | null } | undefined; code?: string | null; message?: string; status?: number; error?: { type?: string; code?: string; message?: string; resets_at?: number; resets_in_seconds?: number } },
  nowMs: number,
): UpstreamFailure {
  let code: string | undefined;
  let message: string | undefined;
  let resetsAt: number | undefined;
  if (event.type === 'response.failed') {
    code = event.response?.error?.code ?? undefined;
    message = event.response?.error?.message ?? undefined;
  } else {
    code = event.error?.type ?? event.error?.code ?? event.code ?? undefined;
    message = event.error?.message ?? event.message;
    resetsAt =
      event.error?.resets_at ??
      (event.error?.resets_in_seconds !== undefined ? Math.floor(nowMs / 1000) + event.error.resets_in_seconds : undefined);
  }
  let kind = kindFromCode(code, message);
  if (!kind && typeof event.status === 'number') {
    kind = classifyHttpError({ status: event.status, bodyText: '{}', headers: {}, nowMs }).kind;
  }
  kind ??= 'server';
  return {
    kind,
    code,
    message: describe(kind, message, event.status),
    retryAfterSec: tryAgainSeconds(message),
    resetsAt,
    status: event.status,
  };
}

function describe(kind: FailureKind, upstream: string | undefined, status?: number): string {
  const detail = upstream ? `: ${upstream}` : '';
  switch (kind) {
    case 'unauthorized':
      return `The ChatGPT account's login was rejected by the Codex backend${detail}`;
    case 'forbidden':
      return `The Codex backend refused the request (403)${upstream ? detail : ''}`;
    case 'usage_limit':
      return `ChatGPT usage limit reached${detail}`;
    case 'usage_not_included':
      return `This ChatGPT plan does not include Codex${detail}`;
    case 'rate_limited':
      return `Codex backend rate limit${detail}`;
    case 'overloaded':
      return `The Codex backend is overloaded${detail}`;
    case 'server':
      return `The Codex backend failed${status ? ` (${status})` : ''}${detail}`;
    case 'stream_cut':
      return 'The Codex backend closed the stream before the response was complete';
    case 'idle_timeout':
      return 'The Codex backend stopped sending data';
    case 'transport':
      return `Could not reach the Codex backend${detail}`;
    default:
      return upstream ?? `Codex backend error${status ? ` (${status})` : ''}`;
  }
}
