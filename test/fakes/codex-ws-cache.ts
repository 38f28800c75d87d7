/**
 * The fake's prompt-cache model (spec codex-websocket.md §8.7) and item canonicalisation for continuation
 * bookkeeping. Per (account, prompt_cache_key, socket) the last full sequence the engine saw (instructions + tools,
 * then input items, then the output it produced) is kept; `cached_tokens` of the next request = the token count of
 * the longest item-wise common prefix, 0 below 1024 tokens, rounded down to a multiple of 128. A new socket or
 * another account starts cold. Tokens are estimated as ceil(chars / 4) of each item's canonical JSON.
 * Deliberately independent of the proxy's code (a fake sharing the client's logic would hide its bugs).
 */

const DROP = new Set(['id', 'status', 'annotations', 'logprobs']);

/** Deterministic, id-free JSON of an item: server ids/status and empty annotation lists do not change meaning. */
export function canonicalItem(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalItem).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => !DROP.has(k) && o[k] !== undefined && o[k] !== null)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalItem(o[k])}`).join(',')}}`;
}

export const estimateTokens = (s: string): number => Math.ceil(s.length / 4);

export const CACHE_MIN_TOKENS = 1024;
export const CACHE_GRANULARITY = 128;

/** The sequence of one request as the engine sees it: a head (instructions + tools) then items. */
export function engineSequence(body: Record<string, unknown>, fullInput: unknown[]): string[] {
  const head = canonicalItem({ instructions: body.instructions ?? '', tools: body.tools ?? [] });
  return [head, ...fullInput.map(canonicalItem)];
}

export function sequenceTokens(seq: readonly string[]): number {
  return seq.reduce((n, s) => n + estimateTokens(s), 0);
}

/** cached_tokens for `next` given what the engine holds (`held`), per §8.7. */
export function cachedTokens(held: readonly string[] | undefined, next: readonly string[]): number {
  if (!held) return 0;
  let tokens = 0;
  for (let i = 0; i < held.length && i < next.length && held[i] === next[i]; i++) tokens += estimateTokens(next[i]!);
  if (tokens < CACHE_MIN_TOKENS) return 0;
  return Math.floor(tokens / CACHE_GRANULARITY) * CACHE_GRANULARITY;
}

/** The cache book: key = account + prompt_cache_key + socket id. */
export class FakePromptCache {
  private readonly held = new Map<string, string[]>();

  static key(accountId: string, promptCacheKey: unknown, socketId: number): string {
    return JSON.stringify([accountId, typeof promptCacheKey === 'string' ? promptCacheKey : null, socketId]);
  }

  lookup(key: string, next: readonly string[]): number {
    return cachedTokens(this.held.get(key), next);
  }

  store(key: string, seq: string[]): void {
    this.held.set(key, seq);
  }

  dropSocket(socketId: number): void {
    for (const k of this.held.keys()) if ((JSON.parse(k) as unknown[])[2] === socketId) this.held.delete(k);
  }
}
