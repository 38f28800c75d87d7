/**
 * The continuation planner (docs/codex-backend.md, "WebSocket transport": continuation). Pure.
 *
 * Send `previous_response_id` + only the new input items iff, on THIS socket:
 *   (a) the previous request completed successfully (the caller only keeps an anchor for completed responses);
 *   (b) every non-input field is equal to the previous request's (client_metadata and stream_options ignored);
 *   (c) the new input starts with the previous input, then the items the server output in that response
 *       (compared by id-free item keys: Claude Code re-sends our translation of the assistant turn, not raw items);
 *   (d) there is at least one new item, and every function_call the server output is answered in the new items.
 * Otherwise a full create (still on the same socket). A delta is only ever valid on the socket that holds the anchor.
 */
import type { InputItem, OutputItem } from '../../codex/types.js';
import type { CreateBody } from './frames.js';
import { itemKey, stableJson } from './item-keys.js';

/** What a socket remembers of its last completed response. */
export interface ContinuationAnchor {
  request: CreateBody;
  responseId: string;
  output: OutputItem[];
}

export type FullReason = 'no_anchor' | 'body_changed' | 'prefix_mismatch' | 'output_mismatch' | 'nothing_new' | 'unanswered_call';

export type ContinuationPlan =
  | { kind: 'continue'; previous_response_id: string; input: InputItem[] }
  | { kind: 'full'; reason: FullReason };

const IGNORED = new Set(['input', 'client_metadata', 'stream_options']);

/** The non-input fields of a body, as deterministic JSON. */
export function nonInputSignature(body: CreateBody): string {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!IGNORED.has(k)) o[k] = v;
  return stableJson(o);
}

export function planContinuation(anchor: ContinuationAnchor | undefined, next: CreateBody): ContinuationPlan {
  if (!anchor) return { kind: 'full', reason: 'no_anchor' };
  if (nonInputSignature(anchor.request) !== nonInputSignature(next)) return { kind: 'full', reason: 'body_changed' };
  const prev = anchor.request.input;
  const cur = next.input;
  if (cur.length < prev.length) return { kind: 'full', reason: 'prefix_mismatch' };
  for (let i = 0; i < prev.length; i++) {
    if (itemKey(prev[i]!) !== itemKey(cur[i]!)) return { kind: 'full', reason: 'prefix_mismatch' };
  }
  const outputKeys = anchor.output.map(itemKey).filter((k): k is string => k !== null);
  let at = prev.length;
  for (const key of outputKeys) {
    const item = cur[at];
    if (item === undefined || itemKey(item) !== key) return { kind: 'full', reason: 'output_mismatch' };
    at++;
  }
  const delta = cur.slice(at);
  if (delta.length === 0) return { kind: 'full', reason: 'nothing_new' };
  const answered = new Set(delta.filter((i) => i.type === 'function_call_output').map((i) => (i as { call_id: string }).call_id));
  for (const o of anchor.output) {
    if (o.type === 'function_call' && !answered.has((o as { call_id: string }).call_id)) return { kind: 'full', reason: 'unanswered_call' };
  }
  return { kind: 'continue', previous_response_id: anchor.responseId, input: delta };
}
