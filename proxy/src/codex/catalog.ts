/**
 * The live Codex model catalog: `GET {codex_base}/models?client_version=<semver>` (docs §10.4), per account.
 *
 * - Cached per ChatGPT account id for `ttlMs` (default 10 min); concurrent callers share one request.
 * - Conditional requests: the last `ETag` is sent as `If-None-Match`; a 304 keeps the cached list.
 * - On failure the last good list is returned (stale-on-error) and the next retry waits `errorRetryMs`
 *   (default 30 s, never longer than the TTL) so a broken upstream does not cost a catalog round trip per request.
 *   With no good list yet, the error is thrown (a {@link CatalogFetchError}).
 * - Parsing is tolerant: unknown fields are ignored, malformed entries skipped, `ultra` effort removed (a proxy
 *   must never send it, docs §10.1), unknown effort names dropped. The result is sorted by the catalog's
 *   `priority` (lower first, the order Codex shows in its picker), then by the order received.
 */
import { z } from 'zod';
import type { ReasoningEffort } from './types.js';
import { CODEX_CLIENT_VERSION, codexHeaders } from './headers.js';

export interface CatalogModel {
  slug: string;
  displayName: string;
  /** Supported efforts in catalog order, without `ultra` and without names this proxy does not know. */
  efforts: ReasoningEffort[];
  defaultEffort: ReasoningEffort;
  contextWindow: number;
  maxContextWindow?: number;
  /** `visibility: "list"` (or absent). Hidden models (e.g. `codex-auto-review`) are usable but not advertised. */
  visible: boolean;
  inputModalities: string[];
  supportsParallelToolCalls: boolean;
  /** The catalog's `priority` (lower = preferred) when present. */
  priority?: number;
}

export interface CatalogFetchCredentials {
  accessToken: string;
  accountId: string;
}

export interface ModelCatalogOptions {
  codexBaseUrl: string;
  ttlMs?: number;
  clientVersion?: string;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /** Minimum wait before re-trying after a failed refresh while a stale list is served. Default 30 s. */
  errorRetryMs?: number;
  /** Per-request timeout. Default 15 s. */
  timeoutMs?: number;
}

/** Thrown by {@link ModelCatalog.get} when no list could be fetched and none is cached. Secret-free message. */
export class CatalogFetchError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogFetchError';
    this.status = status;
  }
}

export const DEFAULT_CONTEXT_WINDOW = 272_000;
const EFFORT_ORDER: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];
const KNOWN_EFFORTS: ReadonlySet<string> = new Set(EFFORT_ORDER);
/** Used when an entry lists no (known) levels at all. */
const FALLBACK_EFFORTS: ReasoningEffort[] = ['low', 'medium', 'high'];

// ------------------------------------------------------------------------------------------ parsing

const levelSchema = z.union([z.string(), z.looseObject({ effort: z.union([z.string(), z.number()]) })]);

const modelInfoSchema = z.looseObject({
  slug: z.string().trim().min(1),
  display_name: z.string().nullish(),
  default_reasoning_level: z.string().nullish(),
  supported_reasoning_levels: z.array(z.unknown()).nullish(),
  visibility: z.string().nullish(),
  priority: z.number().nullish(),
  context_window: z.number().positive().nullish(),
  max_context_window: z.number().positive().nullish(),
  input_modalities: z.array(z.unknown()).nullish(),
  supports_parallel_tool_calls: z.boolean().nullish(),
});

const catalogResponseSchema = z.looseObject({ models: z.array(z.unknown()) });

function toEffort(v: string): ReasoningEffort | undefined {
  const e = v.trim().toLowerCase();
  return KNOWN_EFFORTS.has(e) ? (e as ReasoningEffort) : undefined;
}

function pickDefaultEffort(wanted: string | null | undefined, efforts: ReasoningEffort[]): ReasoningEffort {
  const w = wanted?.trim().toLowerCase();
  const direct = w === 'ultra' ? 'max' : w;
  if (direct && efforts.includes(direct as ReasoningEffort)) return direct as ReasoningEffort;
  if (efforts.includes('medium')) return 'medium';
  return efforts[Math.floor((efforts.length - 1) / 2)] ?? 'medium';
}

/** One raw ModelInfo → CatalogModel, or undefined when malformed. */
export function parseCatalogEntry(raw: unknown): CatalogModel | undefined {
  const r = modelInfoSchema.safeParse(raw);
  if (!r.success) return undefined;
  const m = r.data;
  const efforts: ReasoningEffort[] = [];
  for (const lvl of m.supported_reasoning_levels ?? []) {
    const p = levelSchema.safeParse(lvl);
    if (!p.success) continue;
    const name = typeof p.data === 'string' ? p.data : typeof p.data.effort === 'string' ? p.data.effort : '';
    const e = toEffort(name); // drops `ultra`, numeric efforts and unknown names
    if (e && !efforts.includes(e)) efforts.push(e);
  }
  if (efforts.length === 0) efforts.push(...FALLBACK_EFFORTS);
  const model: CatalogModel = {
    slug: m.slug,
    displayName: m.display_name?.trim() || m.slug,
    efforts,
    defaultEffort: pickDefaultEffort(m.default_reasoning_level, efforts),
    contextWindow: m.context_window ?? DEFAULT_CONTEXT_WINDOW,
    visible: m.visibility == null || m.visibility === 'list',
    inputModalities: (m.input_modalities ?? []).filter((x): x is string => typeof x === 'string'),
    supportsParallelToolCalls: m.supports_parallel_tool_calls ?? false,
  };
  if (model.inputModalities.length === 0) model.inputModalities = ['text', 'image'];
  if (m.max_context_window != null) model.maxContextWindow = m.max_context_window;
  if (m.priority != null) model.priority = m.priority;
  return model;
}

/** The `{models:[…]}` body → sorted, de-duplicated CatalogModel list. Throws when the envelope is wrong. */
export function parseCatalogResponse(body: unknown): CatalogModel[] {
  const env = catalogResponseSchema.safeParse(body);
  if (!env.success) throw new CatalogFetchError('model catalog: unexpected response shape (no "models" array)');
  const seen = new Set<string>();
  const out: { m: CatalogModel; i: number }[] = [];
  env.data.models.forEach((raw, i) => {
    const m = parseCatalogEntry(raw);
    if (!m || seen.has(m.slug)) return;
    seen.add(m.slug);
    out.push({ m, i });
  });
  out.sort((a, b) => (a.m.priority ?? Number.MAX_SAFE_INTEGER) - (b.m.priority ?? Number.MAX_SAFE_INTEGER) || a.i - b.i);
  return out.map((x) => x.m);
}

// ------------------------------------------------------------------------------------------ bundled knowledge

const ALL_EFFORTS: ReasoningEffort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
function bundled(
  slug: string,
  displayName: string,
  defaultEffort: ReasoningEffort,
  contextWindow: number,
  efforts: ReasoningEffort[] = ALL_EFFORTS,
  maxContextWindow?: number,
): CatalogModel {
  const m: CatalogModel = {
    slug,
    displayName,
    efforts: [...efforts],
    defaultEffort,
    contextWindow,
    visible: true,
    inputModalities: ['text', 'image'],
    supportsParallelToolCalls: true,
  };
  if (maxContextWindow !== undefined) m.maxContextWindow = maxContextWindow;
  return m;
}

/**
 * The visible models bundled in Codex 0.169.0 (docs §10.1), `ultra` removed. Only a fallback description for
 * when no live catalog is available (e.g. the dashboard before sign-in); routing prefers the live catalog.
 */
export const BUNDLED_CATALOG: readonly CatalogModel[] = Object.freeze([
  bundled('gpt-6.1-sol', 'GPT-6.1-Sol', 'low', 272_000),
  bundled('gpt-6-astra', 'GPT-6-Astra', 'low', 272_000, ALL_EFFORTS, 872_000),
  bundled('gpt-6.1-terra', 'GPT-6.1 Terra', 'low', 500_000),
  bundled('gpt-6-sol', 'GPT-6-Sol', 'medium', 272_000),
  bundled('gpt-6-luna', 'GPT-6-Luna', 'medium', 272_000),
  bundled('gpt-5.6-sol', 'GPT-5.6-Sol', 'low', 272_000),
  bundled('gpt-5.6-terra', 'GPT-5.6-Terra', 'medium', 272_000),
  bundled('gpt-5.6-luna', 'GPT-5.6-Luna', 'medium', 272_000),
  bundled('gpt-5.5', 'GPT-5.5', 'medium', 272_000, ['low', 'medium', 'high', 'xhigh']),
]);

// ------------------------------------------------------------------------------------------ the cache

interface CacheEntry {
  models: CatalogModel[];
  fetchedAt: number;
  etag?: string;
  /** After a failed refresh: do not try again before this time. */
  retryAt?: number;
}

/** undici's fetch (the same function as the global one, with its own types), loaded when first used: the CLI's
 * light commands import this module for the bundled catalog only. */
const defaultFetch = (async (input: string, init?: RequestInit) =>
  (await import('undici')).fetch(input, init as Parameters<typeof import('undici').fetch>[1])) as unknown as typeof fetch;

export class ModelCatalog {
  private readonly url: string;
  private readonly ttlMs: number;
  private readonly clientVersion: string;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly errorRetryMs: number;
  private readonly timeoutMs: number;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<CatalogModel[]>>();
  /** Bumped by invalidate(); a fetch started before an invalidation does not write its result back. */
  private readonly generation = new Map<string, number>();

  constructor(opts: ModelCatalogOptions) {
    this.clientVersion = opts.clientVersion ?? CODEX_CLIENT_VERSION;
    const base = opts.codexBaseUrl.replace(/\/+$/, '');
    this.url = `${base}/models?client_version=${encodeURIComponent(this.clientVersion)}`;
    this.ttlMs = opts.ttlMs ?? 10 * 60_000;
    this.fetchImpl = opts.fetchImpl ?? defaultFetch;
    this.now = opts.now ?? Date.now;
    this.errorRetryMs = Math.min(opts.errorRetryMs ?? 30_000, this.ttlMs);
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  async get(creds: CatalogFetchCredentials): Promise<CatalogModel[]> {
    const key = creds.accountId;
    const entry = this.cache.get(key);
    const now = this.now();
    if (entry) {
      const fresh = now - entry.fetchedAt < this.ttlMs;
      const backingOff = entry.retryAt !== undefined && now < entry.retryAt;
      if (fresh || backingOff) return entry.models;
    }
    const running = this.inflight.get(key);
    if (running) return running;
    const gen = this.generation.get(key) ?? 0;
    const p = this.refresh(creds, gen).finally(() => {
      if (this.inflight.get(key) === p) this.inflight.delete(key);
    });
    this.inflight.set(key, p);
    return p;
  }

  /** Forgets one account's list (e.g. after an `x-models-etag` change) or every list. */
  invalidate(accountId?: string): void {
    const keys = accountId === undefined ? [...new Set([...this.cache.keys(), ...this.inflight.keys()])] : [accountId];
    for (const k of keys) {
      this.cache.delete(k);
      this.inflight.delete(k);
      this.generation.set(k, (this.generation.get(k) ?? 0) + 1);
    }
  }

  private async refresh(creds: CatalogFetchCredentials, gen: number): Promise<CatalogModel[]> {
    const key = creds.accountId;
    const previous = this.cache.get(key);
    try {
      const { models, etag } = await this.fetchOnce(creds, previous);
      if ((this.generation.get(key) ?? 0) === gen) {
        const next: CacheEntry = { models, fetchedAt: this.now() };
        if (etag !== undefined) next.etag = etag;
        this.cache.set(key, next);
      }
      return models;
    } catch (err) {
      if (previous && (this.generation.get(key) ?? 0) === gen) {
        previous.retryAt = this.now() + this.errorRetryMs;
        return previous.models;
      }
      throw err instanceof CatalogFetchError
        ? err
        : new CatalogFetchError(`model catalog request failed: ${errorText(err)}`, undefined, { cause: err });
    }
  }

  private async fetchOnce(
    creds: CatalogFetchCredentials,
    previous: CacheEntry | undefined,
  ): Promise<{ models: CatalogModel[]; etag?: string }> {
    const headers = codexHeaders({
      accessToken: creds.accessToken,
      accountId: creds.accountId,
      accept: 'application/json',
      clientVersion: this.clientVersion,
    });
    delete headers['content-type']; // a GET has no body
    if (previous?.etag) headers['if-none-match'] = previous.etag;
    const res = await this.fetchImpl(this.url, {
      method: 'GET',
      headers,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const etag = res.headers.get('etag') ?? undefined;
    if (res.status === 304 && previous) {
      await res.body?.cancel().catch(() => undefined);
      return { models: previous.models, etag: etag ?? previous.etag };
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new CatalogFetchError(`model catalog request failed: HTTP ${res.status}`, res.status);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      throw new CatalogFetchError('model catalog: response is not JSON', res.status, { cause: err });
    }
    const models = parseCatalogResponse(body);
    return etag === undefined ? { models } : { models, etag };
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timed out';
    const cause = (err as { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : '';
    return code ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}
