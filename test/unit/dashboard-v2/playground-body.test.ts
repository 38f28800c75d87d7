/** The Playground's request: what Claude Code would send. */
import { describe, expect, it } from 'vitest';
import { playgroundBody } from '../../../proxy/src/dashboard-v2/playground.js';
import { errorAdvice } from '../../../proxy/src/dashboard-v2/error-advice.js';

describe('playgroundBody', () => {
  it('streams a single user turn, with the system prompt only when given', () => {
    expect(playgroundBody({ model: 'claude-haiku-5-5', system: ' ', message: 'hi', thinking: false, maxTokens: 256 })).toEqual({ model: 'claude-haiku-5-5', max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'hi' }] });
  });

  it('thinking on: a budget of at least 1024 below max_tokens', () => {
    const b = playgroundBody({ model: 'claude-opus-5-5', system: 'Be brief.', message: 'hi', thinking: true, maxTokens: 256 });
    expect(b).toMatchObject({ system: 'Be brief.', max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 } });
  });
});

describe('errorAdvice', () => {
  it('says what to do, by failure', () => {
    expect(errorAdvice({ status: 401, attempts: 0, outcome: 'error', errorType: 'authentication_error' })).toMatch(/API key/);
    expect(errorAdvice({ status: 401, attempts: 1, outcome: 'error', errorType: 'authentication_error' })).toMatch(/Sign in again/);
    expect(errorAdvice({ status: 429, attempts: 3, outcome: 'error', errorType: 'rate_limit_error' })).toMatch(/add or import another account/);
    expect(errorAdvice({ status: 529, attempts: 2, outcome: 'error', errorType: 'overloaded_error' })).toMatch(/overloaded/);
    expect(errorAdvice({ status: 400, attempts: 0, outcome: 'error', errorType: 'invalid_request_error' })).toMatch(/names the field/);
  });
});
