/**
 * The one failure shape every upstream reports (HTTP errors, in-stream terminal events, transport trouble) and
 * whether another attempt may succeed. Each client dialect maps it onto its own error envelope.
 */

export type FailureKind =
  | 'unauthorized'
  | 'forbidden'
  | 'usage_limit'
  | 'usage_not_included'
  | 'rate_limited'
  | 'overloaded'
  | 'server'
  | 'context_length'
  | 'model_unsupported'
  | 'invalid_request'
  | 'safety'
  | 'stream_cut'
  | 'idle_timeout'
  | 'transport'
  | 'no_account';

export interface UpstreamFailure {
  kind: FailureKind;
  /** Human-readable, secret-free message (shown to the Claude Code user). */
  message: string;
  status?: number;
  code?: string;
  /** Seconds the upstream asked us to wait (Retry-After, "try again in Ns"). */
  retryAfterSec?: number;
  /** Unix seconds at which a usage limit resets. */
  resetsAt?: number;
}

/** Whether another account (or a fresh attempt) may succeed where this one failed. */
export function isFailoverable(f: UpstreamFailure): boolean {
  switch (f.kind) {
    case 'unauthorized':
    case 'forbidden':
    case 'usage_limit':
    case 'usage_not_included':
    case 'rate_limited':
    case 'overloaded':
    case 'server':
    case 'stream_cut':
    case 'idle_timeout':
    case 'transport':
      return true;
    default:
      return false;
  }
}

export interface ErrorMappingContext {
  nowMs: number;
  /** Our own token count of the prompt, for the "prompt is too long" wording Claude Code reacts to. */
  promptTokens?: number;
  contextWindow?: number;
  /** Models this account can use, for "model not available on the plan". */
  availableModels?: string[];
  /** Label of the account concerned (email or id, never a token) for re-login advice. */
  accountLabel?: string;
}
