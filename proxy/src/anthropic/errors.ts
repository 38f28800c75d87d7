/** An upstream failure → the HTTP status, Anthropic error type and headers that Claude Code handles best. */
import type { ErrorMappingContext, UpstreamFailure } from '../upstream/failure.js';

export interface AnthropicErrorResponse {
  status: number;
  type: string;
  message: string;
  headers: Record<string, string>;
}

/** Maps a failure onto the HTTP status + Anthropic error type + headers that Claude Code handles best. */
export function toAnthropicError(f: UpstreamFailure, ctx: ErrorMappingContext): AnthropicErrorResponse {
  switch (f.kind) {
    case 'no_account':
      return { status: 401, type: 'authentication_error', message: f.message, headers: { 'x-should-retry': 'false' } };
    case 'unauthorized':
      return {
        status: 401,
        type: 'authentication_error',
        message: `${f.message}. Log in again${ctx.accountLabel ? ` to ${ctx.accountLabel}` : ''} with \`codex-claude-proxy accounts add\` or re-import it.`,
        headers: { 'x-should-retry': 'false' },
      };
    case 'forbidden':
      return { status: 403, type: 'permission_error', message: f.message, headers: {} };
    case 'usage_limit':
    case 'usage_not_included': {
      const wait = f.resetsAt !== undefined ? Math.max(1, f.resetsAt - Math.floor(ctx.nowMs / 1000)) : f.retryAfterSec;
      const headers: Record<string, string> = {};
      if (wait !== undefined) headers['retry-after'] = String(wait);
      if (f.kind === 'usage_not_included' || wait === undefined || wait > 60) headers['x-should-retry'] = 'false';
      const when = f.resetsAt !== undefined ? ` It resets at ${new Date(f.resetsAt * 1000).toISOString()}.` : '';
      return { status: 429, type: 'rate_limit_error', message: `${f.message}.${when}`, headers };
    }
    case 'rate_limited': {
      const headers: Record<string, string> = {};
      if (f.retryAfterSec !== undefined) headers['retry-after'] = String(f.retryAfterSec);
      return { status: 429, type: 'rate_limit_error', message: f.message, headers };
    }
    case 'overloaded':
    case 'server':
    case 'stream_cut':
    case 'idle_timeout':
    case 'transport':
      return { status: 529, type: 'overloaded_error', message: f.message, headers: {} };
    case 'context_length': {
      const n = ctx.promptTokens ?? 0;
      const max = ctx.contextWindow ?? 0;
      return {
        status: 400,
        type: 'invalid_request_error',
        message: `prompt is too long: ${n} tokens > ${max} maximum`,
        headers: { 'x-should-retry': 'false' },
      };
    }
    case 'model_unsupported': {
      const list = ctx.availableModels?.length ? ` Models this account can use: ${ctx.availableModels.join(', ')}.` : '';
      return { status: 400, type: 'invalid_request_error', message: `${f.message}${list}`, headers: { 'x-should-retry': 'false' } };
    }
    case 'safety':
    case 'invalid_request':
    default:
      return { status: 400, type: 'invalid_request_error', message: f.message, headers: { 'x-should-retry': 'false' } };
  }
}
