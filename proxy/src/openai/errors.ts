/**
 * UpstreamFailure → the OpenAI error envelope `{error:{message,type,param,code}}` and status, for
 * /v1/chat/completions. The message and the retry headers come from toAnthropicError (one wording for both
 * dialects); only the status / type / code follow OpenAI's conventions:
 *
 * | failure                                   | status | type                   | code                     |
 * |-------------------------------------------|--------|------------------------|--------------------------|
 * | bad input, invalid request, safety        | 400    | invalid_request_error  | null / the upstream code |
 * | context_length                            | 400    | invalid_request_error  | context_length_exceeded  |
 * | model not available on the plan           | 404    | invalid_request_error  | model_not_found          |
 * | no account / login expired                | 401    | authentication_error   | no_account / login_required |
 * | forbidden                                 | 403    | permission_error       | forbidden                |
 * | usage limit, plan without Codex           | 429    | insufficient_quota     | insufficient_quota       |
 * | short rate limit                          | 429    | rate_limit_error       | rate_limit_exceeded      |
 * | overloaded (upstream 503 / 529)           | 503    | server_error           | server_is_overloaded     |
 * | 5xx, stream cut, idle timeout, transport  | 500    | server_error           | server_error             |
 *
 * 529 is never sent: OpenAI clients do not know it; the openai SDK retries 500/503 (unless `x-should-retry:false`,
 * which is kept from the Anthropic mapping for long usage-limit waits) and honours `retry-after`.
 */
import { toAnthropicError } from '../anthropic/errors.js';
import type { ErrorMappingContext, UpstreamFailure } from '../upstream/failure.js';
import type { ErrorResponse } from '../pipeline/dialect.js';
import type { OpenAIErrorBody } from './types.js';

export interface OpenAIErrorResponse {
  status: number;
  headers: Record<string, string>;
  error: OpenAIErrorBody;
}

export function openAIError(status: number, type: string, message: string, code: string | null = null, param: string | null = null): OpenAIErrorResponse {
  return { status, headers: {}, error: { message, type, param, code } };
}

export function toOpenAIError(f: UpstreamFailure, ctx: ErrorMappingContext): OpenAIErrorResponse {
  const a = toAnthropicError(f, ctx);
  const out = (status: number, type: string, code: string | null): OpenAIErrorResponse => ({
    status,
    headers: a.headers,
    error: { message: a.message, type, param: null, code },
  });
  switch (f.kind) {
    case 'no_account':
      return out(401, 'authentication_error', 'no_account');
    case 'unauthorized':
      return out(401, 'authentication_error', 'login_required');
    case 'forbidden':
      return out(403, 'permission_error', 'forbidden');
    case 'usage_limit':
    case 'usage_not_included':
      return out(429, 'insufficient_quota', 'insufficient_quota');
    case 'rate_limited':
      return out(429, 'rate_limit_error', 'rate_limit_exceeded');
    case 'overloaded':
      return out(503, 'server_error', 'server_is_overloaded');
    case 'server':
    case 'stream_cut':
    case 'idle_timeout':
    case 'transport':
      return out(500, 'server_error', 'server_error');
    case 'context_length':
      return out(400, 'invalid_request_error', 'context_length_exceeded');
    case 'model_unsupported':
      return out(404, 'invalid_request_error', 'model_not_found');
    case 'safety':
      return out(400, 'invalid_request_error', f.code ?? 'content_policy_violation');
    case 'invalid_request':
    default:
      return out(400, 'invalid_request_error', null);
  }
}

/** As the executor's ErrorResponse (body = the envelope). */
export function toOpenAIErrorResponse(e: OpenAIErrorResponse): ErrorResponse {
  return { status: e.status, headers: e.headers, body: { error: e.error }, type: e.error.code ?? e.error.type };
}
