/** The per-request detail store: redaction, content on demand, timeline, prefix diff, error mapping, bounds. */
import { describe, expect, it } from 'vitest';
import { redactBody, RequestDetailStore } from '../../../proxy/src/requests/request-detail.js';

const body = (input: unknown[], instructions = 'You are Claude Code.') => ({
  model: 'gpt-5.6-sol',
  instructions,
  input,
  tools: [{ type: 'function', name: 'Read', description: 'Reads a file', parameters: {} }],
  reasoning: { effort: 'high', encrypted_content: 'gAAAA-secret' },
  prompt_cache_key: 'sess-1',
  store: false,
  client_metadata: { api_key: 'sk-live-123', authorization: 'Bearer tok' },
});
const msg = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });

describe('redactBody', () => {
  it('never keeps secrets; replaces content by its length unless asked to keep it', () => {
    const hidden = JSON.stringify(redactBody(body([msg('hello world')]), false));
    expect(hidden).not.toMatch(/sk-live|Bearer tok|gAAAA|hello world|You are Claude/);
    expect(hidden).toContain('"text":"[11 chars]"');
    expect(hidden).toContain('"model":"gpt-5.6-sol"');
    expect(hidden).toContain('"effort":"high"');
    expect(hidden).toContain('"name":"Read"');
    const shown = JSON.stringify(redactBody(body([msg('hello world')]), true));
    expect(shown).toContain('hello world');
    expect(shown).not.toMatch(/sk-live|Bearer tok|gAAAA/);
  });
});

describe('RequestDetailStore', () => {
  it('keeps the translated request, hiding content unless showContent; records a timeline and the error mapping', () => {
    let now = 1000;
    const store = new RequestDetailStore({}, () => now);
    const d = store.open('req_1', { sessionId: 's1' });
    d.event('received');
    now = 1040;
    d.upstreamRequest(body([msg('secret prompt')]));
    d.event('upstream_request', 'attempt 1 · a');
    now = 1300;
    d.errorMapping({ upstream: { status: 429, code: 'usage_limit_reached', message: 'x'.repeat(900) }, client: { status: 429, type: 'rate_limit_error' } });
    d.event('client_done');

    const hidden = store.get('req_1', { showContent: false })!;
    expect(hidden.contentShown).toBe(false);
    expect(JSON.stringify(hidden.upstreamRequest)).not.toContain('secret prompt');
    expect(hidden.timeline).toEqual([{ t: 0, kind: 'received' }, { t: 40, kind: 'upstream_request', detail: 'attempt 1 · a' }, { t: 300, kind: 'client_done' }]);
    expect(hidden.errorMapping?.client).toEqual({ status: 429, type: 'rate_limit_error' });
    expect(hidden.errorMapping?.upstream.message).toHaveLength(500);
    const shown = store.get('req_1', { showContent: true })!;
    expect(shown.contentShown).toBe(true);
    expect(JSON.stringify(shown.upstreamRequest)).toContain('secret prompt');
    expect(JSON.stringify(shown.upstreamRequest)).not.toContain('sk-live');
    expect(store.get('nope', { showContent: true })).toBeNull();
  });

  it('diffs the input against the same session’s previous request', () => {
    const store = new RequestDetailStore();
    store.open('r1', { sessionId: 's' }).upstreamRequest(body([msg('a'), msg('b')]));
    expect(store.get('r1', { showContent: false })!.prefixDiff).toMatchObject({ previousRequestId: null, currentItems: 2 });
    store.open('r2', { sessionId: 's' }).upstreamRequest(body([msg('a'), msg('b'), msg('c')]));
    expect(store.get('r2', { showContent: false })!.prefixDiff).toEqual({ previousRequestId: 'r1', commonItems: 2, previousItems: 2, currentItems: 3, firstDifferenceAt: null, instructionsChanged: false, toolsChanged: false });
    store.open('r3', { sessionId: 's' }).upstreamRequest(body([msg('a'), msg('X'), msg('c')], 'other'));
    expect(store.get('r3', { showContent: false })!.prefixDiff).toMatchObject({ previousRequestId: 'r2', commonItems: 1, firstDifferenceAt: 1, instructionsChanged: true });
    store.open('o1', { sessionId: 'other' }).upstreamRequest(body([msg('a')]));
    expect(store.get('o1', { showContent: false })!.prefixDiff?.previousRequestId).toBeNull();
    store.open('n1').upstreamRequest(body([msg('a')]));
    expect(store.get('n1', { showContent: false })!.prefixDiff).toBeNull(); // no session, no diff
  });

  it('is bounded: the oldest requests go, and an oversized body keeps lengths only', () => {
    const store = new RequestDetailStore({ capacity: 2, maxBodyChars: 200 });
    store.open('a').upstreamRequest(body([msg('x')]));
    store.open('b').upstreamRequest(body([msg('y'.repeat(1000))]));
    store.open('c');
    expect(store.get('a', { showContent: true })).toBeNull();
    const big = store.get('b', { showContent: true })!;
    expect(big.contentShown).toBe(false);
    expect(JSON.stringify(big.upstreamRequest)).toContain('[1000 chars]');
  });
});
