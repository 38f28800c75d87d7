import { describe, expect, it } from 'vitest';
import type { InputItem, OutputItem } from '../../../../proxy/src/codex/types.js';
import { planContinuation, type ContinuationAnchor } from '../../../../proxy/src/upstream/codex-ws/continuation.js';
import { diffFingerprints, fingerprint, PrefixDiffBook } from '../../../../proxy/src/upstream/codex-ws/prefix-diff.js';
import { baseBody, user } from './bodies.js';
const serverMsg: OutputItem = { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello' }] };
const ourMsg: InputItem = { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello' }] };
const serverCall: OutputItem = { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'Read', arguments: '{"p":1}' };
const ourCall: InputItem = { type: 'function_call', call_id: 'call_1', name: 'Read', arguments: '{"p":1}' };
const result: InputItem = { type: 'function_call_output', call_id: 'call_1', output: 'file' };

const anchor = (input: InputItem[], output: OutputItem[]): ContinuationAnchor => ({ request: baseBody(input), responseId: 'resp_1', output });

describe('continuation planner (strict prefix rule)', () => {
  it('continues with only the new items when the input is previous input ++ output ++ new', () => {
    expect(planContinuation(anchor([user('hi')], [serverMsg]), baseBody([user('hi'), ourMsg, user('more')]))).toEqual({ kind: 'continue', previous_response_id: 'resp_1', input: [user('more')] });
  });
  it('tool round-trip: the call answered in the delta', () => {
    expect(planContinuation(anchor([user('hi')], [serverCall]), baseBody([user('hi'), ourCall, result]))).toEqual({ kind: 'continue', previous_response_id: 'resp_1', input: [result] });
  });
  it('full create: no anchor, changed non-input field, rewritten prefix, other output, nothing new, unanswered call', () => {
    const a = anchor([user('hi')], [serverMsg]);
    expect(planContinuation(undefined, baseBody())).toEqual({ kind: 'full', reason: 'no_anchor' });
    expect(planContinuation(a, { ...baseBody([user('hi'), ourMsg, user('x')]), instructions: 'other' })).toEqual({ kind: 'full', reason: 'body_changed' });
    expect(planContinuation(a, baseBody([user('HI'), ourMsg, user('x')]))).toEqual({ kind: 'full', reason: 'prefix_mismatch' });
    expect(planContinuation(a, baseBody([user('hi'), user('x')]))).toEqual({ kind: 'full', reason: 'output_mismatch' });
    expect(planContinuation(a, baseBody([user('hi'), ourMsg]))).toEqual({ kind: 'full', reason: 'nothing_new' });
    expect(planContinuation(anchor([user('hi')], [serverCall]), baseBody([user('hi'), ourCall, user('x')]))).toEqual({ kind: 'full', reason: 'unanswered_call' });
  });
  it('client_metadata (turn state) does not break the prefix', () => {
    const next = { ...baseBody([user('hi'), ourMsg, user('more')]), client_metadata: { 'x-codex-turn-state': 't' } };
    expect(planContinuation(anchor([user('hi')], [serverMsg]), next).kind).toBe('continue');
  });
});

describe('prefix diff (content-free)', () => {
  it('first, identical, appended, rewrote the last N; flags instruction/tool/settings changes', () => {
    const book = new PrefixDiffBook();
    expect(book.observe('s', baseBody([user('a')])).relation).toEqual({ kind: 'first' });
    expect(book.observe('s', baseBody([user('a')])).relation).toEqual({ kind: 'identical' });
    expect(book.observe('s', baseBody([user('a'), ourMsg, user('b')])).relation).toEqual({ kind: 'appended', added: 2 });
    const d = book.observe('s', { ...baseBody([user('a'), ourMsg, user('B'), user('c')]), instructions: 'changed' });
    expect(d).toEqual({ relation: { kind: 'rewrote', kept: 2, rewritten: 1, added: 2 }, instructionsChanged: true, toolsChanged: false, settingsChanged: false, items: 4 });
    expect(book.observe('other', baseBody()).relation.kind).toBe('first');
  });
  it('holds hashes only, never content', () => {
    const fp = fingerprint(baseBody([user('a secret prompt')]));
    expect(JSON.stringify(fp)).not.toContain('secret');
    expect(JSON.stringify(fp)).not.toContain('Be brief');
    expect(diffFingerprints(fp, fp).relation).toEqual({ kind: 'identical' });
  });
});
