/**
 * o200k_base token count of one string, linear in its length (over-long runs are cut first, see split-runs.ts) and
 * memoised by content hash in a bounded LRU (Claude Code's `/context` sends the same tool definitions many times).
 * The memo holds 20-byte digests, never the strings themselves.
 */
import { createHash } from 'node:crypto';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { splitLongRuns } from './split-runs.js';

/** Special-token text such as `<|endoftext|>` is counted as ordinary text instead of throwing. */
const ENCODE_OPTIONS = { disallowedSpecial: new Set<string>() };

const MEMO_MIN_LENGTH = 200;
const MEMO_MAX_ENTRIES = 1024;
const memo = new Map<string, number>();

function countUncached(text: string): number {
  const pieces = splitLongRuns(text);
  if (pieces.length === 1) return countTokens(text, ENCODE_OPTIONS);
  let n = 0;
  for (const p of pieces) n += countTokens(p, ENCODE_OPTIONS);
  return n;
}

export function countTextTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length < MEMO_MIN_LENGTH) return countUncached(text);
  const key = createHash('sha1').update(text).digest('base64');
  const hit = memo.get(key);
  if (hit !== undefined) {
    memo.delete(key); // LRU: move to the end
    memo.set(key, hit);
    return hit;
  }
  const n = countUncached(text);
  memo.set(key, n);
  if (memo.size > MEMO_MAX_ENTRIES) {
    const oldest = memo.keys().next().value;
    if (oldest !== undefined) memo.delete(oldest);
  }
  return n;
}
