import { describe, expect, it } from 'vitest';
import type { InputItem, ResponsesRequest } from '../../../../proxy/src/codex/types.js';
import { buildCreateFrame, exceedsFrameBudget, parseServerFrame, terminalKind, isSideEvent, metadataHeaders } from '../../../../proxy/src/upstream/codex-ws/frames.js';
import { handshakeHeaders, websocketUrl, WS_BETA } from '../../../../proxy/src/upstream/codex-ws/handshake.js';
import { classifyInBandError } from '../../../../proxy/src/upstream/codex-ws/in-band-error.js';
import { decideFallback, FallbackLatch, DEFAULT_LATCH_POLICY } from '../../../../proxy/src/upstream/codex-ws/fallback.js';
import { beginRequest, learnTurnState, EMPTY_TURN_STATE } from '../../../../proxy/src/upstream/codex-ws/turn-state.js';
import { parseRateLimitsEvent } from '../../../../proxy/src/codex/rate-limits-event.js';
import { classifyHttpError } from '../../../../proxy/src/upstream/codex/errors.js';

import { baseBody, user } from './bodies.js';

const identity = { originator: 'codex_claude_proxy', userAgent: 'codex_claude_proxy/1.0 (test)' };

describe('handshake', () => {
  it('swaps the scheme and appends /responses', () => {
    expect(websocketUrl('https://chatgpt.com/backend-api/codex')).toBe('wss://chatgpt.com/backend-api/codex/responses');
    expect(websocketUrl('http://127.0.0.1:9/backend-api/codex/')).toBe('ws://127.0.0.1:9/backend-api/codex/responses');
  });
  it('sends auth, account, the v2 beta, identity and the session ids; no body-framing headers, no turn state', () => {
    const h = handshakeHeaders({ accessToken: 'tok', accountId: 'acc', identity, sessionId: 'sess', model: 'gpt-5.6-sol', serviceTier: 'priority' });
    expect(h).toMatchObject({ authorization: 'Bearer tok', 'chatgpt-account-id': 'acc', 'openai-beta': WS_BETA, originator: 'codex_claude_proxy', 'user-agent': identity.userAgent, 'session-id': 'sess', 'thread-id': 'sess', 'x-client-request-id': 'sess', 'x-codex-routing-hint': 'model=gpt-5.6-sol;tier=priority' });
    for (const k of ['content-type', 'accept', 'content-length', 'x-codex-turn-state', 'session_id']) expect(h[k]).toBeUndefined();
    expect(WS_BETA).toBe('responses_websockets=2026-02-06');
  });
});

describe('frames', () => {
  it('response.create = the HTTP body + type, which no body key can override', () => {
    const body = { ...baseBody(), type: 'message' } as unknown as ResponsesRequest;
    const f = JSON.parse(buildCreateFrame(body)) as Record<string, unknown>;
    expect(f.type).toBe('response.create');
    expect(f).toMatchObject({ model: 'gpt-5.6-sol', store: false, stream: true, prompt_cache_key: 'sess-1' });
    expect(f.previous_response_id).toBeUndefined();
  });
  it('continuation carries the anchor and only the new items, keeping every non-input field; turn state in client_metadata', () => {
    const f = JSON.parse(buildCreateFrame(baseBody([user('a'), user('b')]), { continuation: { previousResponseId: 'resp_1', input: [user('b')] }, turnState: 'ts-1' })) as Record<string, unknown>;
    expect(f.previous_response_id).toBe('resp_1');
    expect(f.input).toEqual([user('b')]);
    expect(f.instructions).toBe('Be brief.');
    expect(f.client_metadata).toEqual({ 'x-codex-turn-state': 'ts-1' });
  });
  it('size gate: over the budget → true, small → false, multi-byte text counted in bytes', () => {
    expect(exceedsFrameBudget('x'.repeat(100), 1000)).toBe(false);
    expect(exceedsFrameBudget('x'.repeat(1001), 1000)).toBe(true);
    expect(exceedsFrameBudget('é'.repeat(600), 1000)).toBe(true);
  });
  it('parses server frames at the boundary; unknown event types pass; binary and junk do not', () => {
    expect(parseServerFrame('{"type":"response.future_thing","x":1}', false)).toEqual({ ok: true, event: { type: 'response.future_thing', x: 1 } });
    expect(parseServerFrame('{"type":1}', false)).toEqual({ ok: false, reason: 'not_an_event' });
    expect(parseServerFrame('nope', false)).toEqual({ ok: false, reason: 'invalid_json' });
    expect(parseServerFrame(Buffer.from('{}'), true)).toEqual({ ok: false, reason: 'binary' });
  });
  it('end of turn: completed/done, failed, incomplete, error; side events are recognised', () => {
    expect(['response.completed', 'response.done', 'response.failed', 'response.incomplete', 'error', 'response.output_text.delta'].map((type) => terminalKind({ type }))).toEqual(['completed', 'completed', 'failed', 'incomplete', 'error', null]);
    expect(isSideEvent({ type: 'codex.rate_limits' })).toBe(true);
    expect(isSideEvent({ type: 'response.created' })).toBe(false);
    expect(metadataHeaders({ type: 'codex.response.metadata', headers: { 'X-Codex-Turn-State': 'v', n: 1 } })).toEqual({ 'x-codex-turn-state': 'v' });
  });
});

describe('in-band errors map like their HTTP twins', () => {
  const now = 1_700_000_000_000;
  it('usage limit with headers → usage_limit with resetsAt, exactly as the HTTP 429', () => {
    const error = { type: 'usage_limit_reached', message: 'The usage limit has been reached', resets_at: 1_700_000_600, resets_in_seconds: 600 };
    const out = classifyInBandError({ type: 'error', status: 429, error, headers: { 'x-codex-primary-used-percent': '100' } }, now);
    const http = classifyHttpError({ status: 429, bodyText: JSON.stringify({ error }), headers: {}, nowMs: now });
    expect(out).toEqual({ kind: 'failure', failure: http });
    expect(http.kind).toBe('usage_limit');
  });
  it('401 → unauthorized (refresh), 400 → invalid_request, 503 → overloaded', () => {
    const k = (status: number, error: Record<string, unknown>) => {
      const o = classifyInBandError({ type: 'error', status, error }, now);
      return o.kind === 'failure' ? o.failure.kind : o.reason;
    };
    expect(k(401, { type: 'invalid_request_error', code: 'token_expired', message: 'expired' })).toBe('unauthorized');
    expect(k(400, { type: 'invalid_request_error', message: 'bad' })).toBe('invalid_request');
    expect(k(503, { code: 'server_is_overloaded', message: 'busy' })).toBe('overloaded');
  });
  it('connection limit and a lost anchor are transport recoveries, not client errors', () => {
    expect(classifyInBandError({ type: 'error', status: 400, error: { code: 'websocket_connection_limit_reached', message: '60 minutes' } }, now)).toEqual({ kind: 'fresh_socket', reason: 'connection_limit' });
    expect(classifyInBandError({ type: 'error', status: 400, error: { code: 'previous_response_not_found', message: 'x' } }, now)).toEqual({ kind: 'fresh_socket', reason: 'anchor_lost' });
    expect(classifyInBandError({ type: 'error', status: 400, error: { type: 'invalid_request_error', message: 'Invalid previous_response_id.' } }, now)).toEqual({ kind: 'fresh_socket', reason: 'anchor_lost' });
  });
  it('a frame without a status is classified like an SSE error event', () => {
    const o = classifyInBandError({ type: 'error', code: 'server_is_overloaded', message: 'busy' }, now);
    expect(o).toMatchObject({ kind: 'failure', failure: { kind: 'overloaded' } });
  });
});

describe('fallback decision and latch', () => {
  it('handshake / send / before output → SSE; after output → fail; a reused socket gets one fresh retry', () => {
    expect(decideFallback({ phase: 'handshake' })).toEqual({ action: 'fallback_sse', latchMs: DEFAULT_LATCH_POLICY.coolDownMs });
    expect(decideFallback({ phase: 'handshake', status: 426 })).toEqual({ action: 'fallback_sse', latchMs: DEFAULT_LATCH_POLICY.upgradeRequiredMs });
    expect(decideFallback({ phase: 'handshake', status: 401 })).toEqual({ action: 'fallback_sse', latchMs: 0 });
    expect(decideFallback({ phase: 'preflight' })).toEqual({ action: 'fallback_sse', latchMs: 0 });
    expect(decideFallback({ phase: 'send' }).action).toBe('fallback_sse');
    expect(decideFallback({ phase: 'before_output', reusedSocket: true, freshRetries: 0 })).toEqual({ action: 'retry_fresh' });
    expect(decideFallback({ phase: 'before_output', reusedSocket: true, freshRetries: 1 }).action).toBe('fallback_sse');
    expect(decideFallback({ phase: 'before_output', reusedSocket: false }).action).toBe('fallback_sse');
    expect(decideFallback({ phase: 'after_output' })).toEqual({ action: 'fail' });
  });
  it('the latch is per account and expires after its cool-down; never shortened', () => {
    let t = 0;
    const latch = new FallbackLatch(() => t);
    latch.latch('a', 1000);
    latch.latch('a', 10);
    expect(latch.isLatched('a')).toBe(true);
    expect(latch.isLatched('b')).toBe(false);
    t = 999;
    expect(latch.isLatched('a')).toBe(true);
    t = 1000;
    expect(latch.isLatched('a')).toBe(false);
    latch.latch('a', 0);
    expect(latch.isLatched('a')).toBe(false);
  });
});

describe('turn state', () => {
  const call: InputItem = { type: 'function_call_output', call_id: 'c1', output: 'ok' };
  it('learned once per turn (first write wins), kept through tool round-trips, reset at a new user prompt', () => {
    let s = beginRequest(EMPTY_TURN_STATE, [user('hi')]);
    expect(s.value).toBeUndefined();
    s = learnTurnState(s, 'ts-1');
    s = learnTurnState(s, 'ts-2');
    expect(s.value).toBe('ts-1');
    s = beginRequest(s, [user('hi'), call]);
    expect(s.value).toBe('ts-1');
    s = beginRequest(s, [user('hi'), call, user('next')]);
    expect(s.value).toBeUndefined();
    expect(learnTurnState(s, '').value).toBeUndefined();
  });
});

describe('codex.rate_limits → QuotaSnapshot', () => {
  it('parses the full shape', () => {
    const snap = parseRateLimitsEvent(
      { type: 'codex.rate_limits', plan_type: 'plus', rate_limits: { allowed: true, limit_reached: false, primary: { used_percent: 42, window_minutes: 300, reset_at: 1_700_003_600 }, secondary: null }, credits: { has_credits: true, unlimited: false, balance: 12 }, limit_name: 'codex', promo: null },
      1_700_000_000_000,
    );
    expect(snap).toEqual({ plan: 'plus', primary: { usedPercent: 42, windowMinutes: 300, resetsAt: 1_700_003_600 }, secondary: null, credits: { hasCredits: true, unlimited: false, balance: '12' }, activeLimit: 'codex', observedAt: 1_700_000_000_000, source: 'stream-event' });
  });
  it('tolerates unknown fields, rejects other events and empty payloads', () => {
    expect(parseRateLimitsEvent({ type: 'codex.rate_limits', future: 1, rate_limits: { primary: { used_percent: 5, reset_after_seconds: 60 } } }, 1000_000)?.primary).toEqual({ usedPercent: 5, windowMinutes: null, resetsAt: 1060 });
    expect(parseRateLimitsEvent({ type: 'response.created' }, 0)).toBeNull();
    expect(parseRateLimitsEvent({ type: 'codex.rate_limits' }, 0)).toBeNull();
    expect(parseRateLimitsEvent({ type: 'codex.rate_limits', rate_limits: { primary: { used_percent: 'x' } } }, 0)).toBeNull();
  });
});
