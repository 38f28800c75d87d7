/**
 * The warm-socket pool (docs/codex-backend.md, "WebSocket transport": pool rules). Generic over the socket, clock
 * injectable; no I/O of its own beyond calling `dial` and `close`/`terminate` on sockets.
 *
 * - Key = (account, Claude Code session, request variant, identity/tier): see {@link poolKey}.
 * - Strictly one request in flight per socket: a busy pooled socket → a one-off socket (closed after its turn),
 *   never a queue behind a stream.
 * - Sequential turns reuse the pooled socket. Between requests a socket is rotated once it is `maxAgeMs` old
 *   (55 min, before the backend's 60-min cap) and pruned after `idleMs` (5 min) without a request.
 * - Retired: a socket dialed with another access token than the request's (token refreshed), the sockets of a
 *   session that moved to another account (account switch), every socket of an account on `retireAccount`.
 * - `release(…, {reusable:false})` evicts (abort, half-read socket, error): no half-read socket is ever reused.
 */
import { createHash } from 'node:crypto';

export interface PoolSocket {
  readonly isOpen: boolean;
  readonly busy: boolean;
  readonly openedAt: number;
  close(): void;
  terminate(): void;
}

export interface PoolKeyParts {
  accountId: string;
  sessionId: string;
  /** Request variant (model, instructions, tools, reasoning): side requests never share the main chain's socket. */
  variant: string;
  /** originator + tier: a socket opened under one identity/tier is never reused under another. */
  identity: string;
}

export function poolKey(p: PoolKeyParts): string {
  return JSON.stringify([p.accountId, p.sessionId, p.variant, p.identity]);
}

export interface PoolOptions {
  now?: () => number;
  maxAgeMs?: number;
  idleMs?: number;
  /** Background prune period; 0 = only on acquire / explicit `prune()`. */
  pruneEveryMs?: number;
}

export interface Lease<S> {
  socket: S;
  key: string;
  /** The socket served an earlier request (it may be stale; its anchor may continue). */
  reused: boolean;
  /** Not kept in the pool: closed on release. */
  oneOff: boolean;
}

interface Entry<S> {
  socket: S;
  parts: PoolKeyParts;
  tokenHash: string;
  lastUsedAt: number;
  uses: number;
}

export type DialOutcome<S, F> = { ok: true; socket: S } | { ok: false; failure: F };

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 16);

export class WarmSocketPool<S extends PoolSocket> {
  private readonly entries = new Map<string, Entry<S>>();
  private readonly now: () => number;
  readonly maxAgeMs: number;
  readonly idleMs: number;
  private readonly timer: NodeJS.Timeout | undefined;
  /** Sockets dialed (handshakes), for diagnostics and tests. */
  dials = 0;
  oneOffs = 0;

  constructor(opts: PoolOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.maxAgeMs = opts.maxAgeMs ?? 55 * 60_000;
    this.idleMs = opts.idleMs ?? 5 * 60_000;
    const every = opts.pruneEveryMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => this.prune(), every);
      this.timer.unref();
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Pooled socket for this key if usable, else a new one (pooled, or one-off when the pooled one is busy). */
  async acquire<F>(parts: PoolKeyParts, accessToken: string, dialNew: () => Promise<DialOutcome<S, F>>): Promise<{ ok: true; lease: Lease<S> } | { ok: false; failure: F }> {
    this.prune();
    const key = poolKey(parts);
    const th = tokenHash(accessToken);
    this.retireMovedSession(parts);
    const entry = this.entries.get(key);
    if (entry && (!entry.socket.isOpen || entry.tokenHash !== th || (!entry.socket.busy && this.tooOld(entry)))) {
      if (!entry.socket.busy) entry.socket.close();
      this.entries.delete(key);
    } else if (entry && !entry.socket.busy) {
      entry.uses++;
      entry.lastUsedAt = this.now();
      return { ok: true, lease: { socket: entry.socket, key, reused: true, oneOff: false } };
    }
    const oneOff = this.entries.has(key); // still present → busy
    this.dials++;
    const d = await dialNew();
    if (!d.ok) return d;
    if (oneOff || this.entries.has(key)) {
      this.oneOffs++;
      return { ok: true, lease: { socket: d.socket, key, reused: false, oneOff: true } };
    }
    this.entries.set(key, { socket: d.socket, parts, tokenHash: th, lastUsedAt: this.now(), uses: 1 });
    return { ok: true, lease: { socket: d.socket, key, reused: false, oneOff: false } };
  }

  /** Ends a lease: a reusable pooled socket stays warm; anything else is closed and forgotten. */
  release(lease: Lease<S>, opts: { reusable: boolean }): void {
    const entry = this.entries.get(lease.key);
    const pooled = entry !== undefined && entry.socket === lease.socket;
    if (opts.reusable && pooled && lease.socket.isOpen) {
      entry.lastUsedAt = this.now();
      return;
    }
    if (pooled) this.entries.delete(lease.key);
    if (opts.reusable && lease.socket.isOpen) lease.socket.close();
    else lease.socket.terminate();
  }

  /** Closes every socket of an account (token refreshed, account disabled/removed/switched). */
  retireAccount(accountId: string): void {
    for (const [key, e] of this.entries) {
      if (e.parts.accountId !== accountId) continue;
      this.entries.delete(key);
      if (e.socket.busy) e.socket.terminate();
      else e.socket.close();
    }
  }

  /** Idle and over-age sockets between requests; dead ones. */
  prune(): void {
    const now = this.now();
    for (const [key, e] of this.entries) {
      if (e.socket.busy) continue;
      if (!e.socket.isOpen || now - e.lastUsedAt >= this.idleMs || this.tooOld(e)) {
        this.entries.delete(key);
        e.socket.close();
      }
    }
  }

  closeAll(): void {
    if (this.timer) clearInterval(this.timer);
    for (const e of this.entries.values()) e.socket.terminate();
    this.entries.clear();
  }

  private tooOld(e: Entry<S>): boolean {
    return this.now() - e.socket.openedAt >= this.maxAgeMs;
  }

  /** A session that now runs on another account: its sockets on the old account are retired. */
  private retireMovedSession(parts: PoolKeyParts): void {
    for (const [key, e] of this.entries) {
      if (e.parts.sessionId === parts.sessionId && e.parts.accountId !== parts.accountId && !e.socket.busy) {
        this.entries.delete(key);
        e.socket.close();
      }
    }
  }
}
