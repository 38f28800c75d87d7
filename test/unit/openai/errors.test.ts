import { describe, expect, it } from 'vitest';
import type { FailureKind } from '../../../proxy/src/upstream/failure.js';
import { toOpenAIError } from '../../../proxy/src/openai/errors.js';

describe('toOpenAIError', () => {
  const now = 1_800_000_000_000;
  it.each<[FailureKind, number, string, string | null]>([
    ['invalid_request', 400, 'invalid_request_error', null],
    ['context_length', 400, 'invalid_request_error', 'context_length_exceeded'],
    ['model_unsupported', 404, 'invalid_request_error', 'model_not_found'],
    ['no_account', 401, 'authentication_error', 'no_account'],
    ['unauthorized', 401, 'authentication_error', 'login_required'],
    ['forbidden', 403, 'permission_error', 'forbidden'],
    ['usage_limit', 429, 'insufficient_quota', 'insufficient_quota'],
    ['rate_limited', 429, 'rate_limit_error', 'rate_limit_exceeded'],
    ['overloaded', 503, 'server_error', 'server_is_overloaded'],
    ['server', 500, 'server_error', 'server_error'],
    ['stream_cut', 500, 'server_error', 'server_error'],
    ['transport', 500, 'server_error', 'server_error'],
  ])('%s → %i %s %s', (kind, status, type, code) => {
    const e = toOpenAIError({ kind, message: 'msg' }, { nowMs: now });
    expect(e.status).toBe(status);
    expect(e.error).toMatchObject({ type, code, param: null });
  });

  it('keeps retry-after (usage limits, rate limits) and the context-length wording', () => {
    const limit = toOpenAIError({ kind: 'usage_limit', message: 'ChatGPT usage limit reached', resetsAt: now / 1000 + 30 }, { nowMs: now });
    expect(limit.headers['retry-after']).toBe('30');
    expect(toOpenAIError({ kind: 'rate_limited', message: 'slow', retryAfterSec: 7 }, { nowMs: now }).headers['retry-after']).toBe('7');
    expect(toOpenAIError({ kind: 'context_length', message: 'x' }, { nowMs: now, promptTokens: 300_000, contextWindow: 272_000 }).error.message).toBe(
      'prompt is too long: 300000 tokens > 272000 maximum',
    );
  });
});
