/**
 * A bounded per-request detail store for the dashboard's request drawer.
 *
 * The executor's API (wired next round):
 *   const d = details.open(record.id, { sessionId, now });   // when the request starts
 *   d.event('upstream_request', 'attempt 1 · acct-a · sse');  // timeline: any of TimelineKind, optional detail
 *   d.upstreamRequest(responsesBody);                         // the translated Responses request, once per attempt
 *                                                             //   (secrets redacted here; prefix diff computed
 *                                                             //   against the same session's previous request)
 *   d.errorMapping({ upstream: { status: 429, code: 'usage_limit_reached' }, client: { status: 429, type: 'rate_limit_error' } });
 *   d.event('client_done');
 * The dashboard's API: `details.get(id, { showContent })` → RequestDetail | null. Text content (prompts,
 * completions, tool arguments and outputs, instructions) is replaced by its length unless `showContent` is true;
 * secrets (keys, tokens, encrypted reasoning) are never stored. At most `capacity` requests are kept (oldest
 * dropped); bodies larger than `maxBodyChars` are kept with content lengths only.
 */
import { createHash } from 'node:crypto';

export type TimelineKind =
  | 'received'
  | 'upstream_request'
  | 'upstream_headers'
  | 'upstream_first_event'
  | 'client_commit'
  | 'client_first_token'
  | 'failover'
  | 'upstream_completed'
  | 'upstream_error'
  | 'client_done'
  | 'client_aborted';

export interface TimelineEvent {
  /** ms since the request started. */
  t: number;
  kind: TimelineKind;
  detail?: string;
}

export interface PrefixDiff {
  previousRequestId: string | null;
  /** Input items shared, in order, with the session's previous request (the cacheable prefix). */
  commonItems: number;
  previousItems: number;
  currentItems: number;
  /** Index of the first differing item, null when the previous input is a prefix of this one. */
  firstDifferenceAt: number | null;
  instructionsChanged: boolean;
  toolsChanged: boolean;
}

export interface ErrorMappingApplied {
  upstream: { status: number | null; code?: string | null; message?: string | null };
  client: { status: number; type: string };
  note?: string;
}

export interface RequestDetail {
  id: string;
  sessionId: string | null;
  startedAt: number;
  /** The last attempt's translated upstream request, redacted; content shown only with showContent. */
  upstreamRequest: unknown;
  contentShown: boolean;
  timeline: TimelineEvent[];
  prefixDiff: PrefixDiff | null;
  errorMapping: ErrorMappingApplied | null;
}

export interface DetailRecorder {
  event(kind: TimelineKind, detail?: string): void;
  upstreamRequest(body: unknown): void;
  errorMapping(m: ErrorMappingApplied): void;
}

const SECRET_KEY = /(^|_)(authorization|api_?key|token|secret|password|cookie)$|encrypted_content|signature/i;
/** Strings under these keys are structure, not content: always shown. */
const STRUCTURAL_KEYS = new Set(['type', 'role', 'model', 'id', 'call_id', 'name', 'effort', 'status', 'tool_choice', 'format', 'service_tier', 'prompt_cache_key', 'detail', 'media_type', 'summary', 'verbosity', 'include']);

/** Removes secrets; replaces content strings by `[N chars]` unless `keepContent`. Pure; returns a copy. */
export function redactBody(v: unknown, keepContent: boolean, key = ''): unknown {
  if (SECRET_KEY.test(key)) return '[redacted]';
  if (typeof v === 'string') {
    if (keepContent || STRUCTURAL_KEYS.has(key)) return v;
    return `[${v.length} chars]`;
  }
  if (Array.isArray(v)) return v.map((x) => redactBody(x, keepContent, key === 'include' ? key : ''));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = redactBody(x, keepContent, k);
    return out;
  }
  return v;
}

const hash = (v: unknown): string => createHash('sha1').update(JSON.stringify(v) ?? '').digest('base64');

interface Fingerprint {
  requestId: string;
  items: string[];
  instructions: string;
  tools: string;
}

function fingerprint(requestId: string, body: unknown): Fingerprint {
  const b = (body && typeof body === 'object' ? body : {}) as { input?: unknown; instructions?: unknown; tools?: unknown };
  return { requestId, items: Array.isArray(b.input) ? b.input.map(hash) : [], instructions: hash(b.instructions ?? null), tools: hash(b.tools ?? null) };
}

/** Pure: how the current input continues the previous one. */
export function prefixDiff(prev: Fingerprint | null, cur: Fingerprint): PrefixDiff {
  if (!prev) return { previousRequestId: null, commonItems: 0, previousItems: 0, currentItems: cur.items.length, firstDifferenceAt: null, instructionsChanged: false, toolsChanged: false };
  let common = 0;
  while (common < prev.items.length && common < cur.items.length && prev.items[common] === cur.items[common]) common++;
  return {
    previousRequestId: prev.requestId,
    commonItems: common,
    previousItems: prev.items.length,
    currentItems: cur.items.length,
    firstDifferenceAt: common === prev.items.length ? null : common,
    instructionsChanged: prev.instructions !== cur.instructions,
    toolsChanged: prev.tools !== cur.tools,
  };
}

interface Entry {
  id: string;
  sessionId: string | null;
  startedAt: number;
  /** Secrets removed, content kept (when small enough). */
  body: unknown;
  contentKept: boolean;
  timeline: TimelineEvent[];
  prefixDiff: PrefixDiff | null;
  errorMapping: ErrorMappingApplied | null;
}

export interface RequestDetailOptions {
  capacity?: number;
  maxBodyChars?: number;
  maxSessions?: number;
  maxTimeline?: number;
}

export class RequestDetailStore {
  private readonly entries = new Map<string, Entry>();
  private readonly sessions = new Map<string, Fingerprint>();
  private readonly capacity: number;
  private readonly maxBodyChars: number;
  private readonly maxSessions: number;
  private readonly maxTimeline: number;

  constructor(
    opts: RequestDetailOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = opts.capacity ?? 200;
    this.maxBodyChars = opts.maxBodyChars ?? 512_000;
    this.maxSessions = opts.maxSessions ?? 200;
    this.maxTimeline = opts.maxTimeline ?? 100;
  }

  open(id: string, o: { sessionId?: string | null; startedAt?: number } = {}): DetailRecorder {
    const entry: Entry = { id, sessionId: o.sessionId ?? null, startedAt: o.startedAt ?? this.now(), body: null, contentKept: true, timeline: [], prefixDiff: null, errorMapping: null };
    this.entries.delete(id);
    this.entries.set(id, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return {
      event: (kind, detail) => {
        if (entry.timeline.length >= this.maxTimeline) return;
        entry.timeline.push(detail === undefined ? { t: this.now() - entry.startedAt, kind } : { t: this.now() - entry.startedAt, kind, detail });
      },
      upstreamRequest: (body) => {
        const clean = redactBody(body, true);
        const size = JSON.stringify(clean)?.length ?? 0;
        entry.contentKept = size <= this.maxBodyChars;
        entry.body = entry.contentKept ? clean : redactBody(body, false);
        const fp = fingerprint(id, body);
        if (entry.sessionId !== null) {
          const prev = this.sessions.get(entry.sessionId);
          entry.prefixDiff = prefixDiff(prev && prev.requestId !== id ? prev : null, fp);
          this.sessions.delete(entry.sessionId);
          this.sessions.set(entry.sessionId, fp);
          while (this.sessions.size > this.maxSessions) this.sessions.delete(this.sessions.keys().next().value as string);
        }
      },
      errorMapping: (m) => {
        entry.errorMapping = { ...m, upstream: { ...m.upstream, message: m.upstream.message?.slice(0, 500) ?? null } };
      },
    };
  }

  get(id: string, o: { showContent: boolean }): RequestDetail | null {
    const e = this.entries.get(id);
    if (!e) return null;
    const shown = o.showContent && e.contentKept;
    return {
      id: e.id,
      sessionId: e.sessionId,
      startedAt: e.startedAt,
      upstreamRequest: e.body === null ? null : shown || !e.contentKept ? e.body : redactBody(e.body, false),
      contentShown: shown,
      timeline: [...e.timeline],
      prefixDiff: e.prefixDiff,
      errorMapping: e.errorMapping,
    };
  }
}
