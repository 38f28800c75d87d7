/**
 * THE entry of the Codex WebSocket transport: `CodexWsTransport.openTurn()` runs one streaming model request over
 * a warm socket, or says why it should go over SSE instead. Designed for a few-line adapter in the executor:
 *
 *   const r = await ws.openTurn({ credentials, body, sessionId, signal, continuation });
 *   switch (r.kind) {
 *     case 'stream':   onUpstreamHeaders(r.headers); consume r.events exactly like parseResponsesStream(body)
 *                      (an exception = stream cut; an `error`/`response.failed` event = the translator's failure)
 *     case 'failed':   an in-band error before any output: r.failure is the same UpstreamFailure as HTTP
 *                      (failover, cooldown, refresh on 'unauthorized'); r.headers carries its x-codex-* quota
 *     case 'fallback': send the FULL body over SSE now (nothing reached the client); r.status/bodyText when the
 *                      upgrade was answered with HTTP (e.g. 401 → the SSE path refreshes, 426 → latched)
 *     case 'aborted':  the client went away
 *   }
 *
 * Inside: frame-size gate (no dial over the budget), per-account fallback latch, pool lease (one in flight per
 * socket, one-off when busy), continuation plan (only on a reused socket that holds the anchor), turn state echoed
 * in `client_metadata`, the prefix-diff record, then `peekTurn` until the first output: a close there → one retry on
 * a fresh socket if the socket was reused, else fallback; `websocket_connection_limit_reached` → fresh socket
 * (≤ maxFreshRetries, then fallback); `previous_response_not_found` or an empty completion of a continuation → one
 * full create on a fresh socket. After output nothing is retried: the events iterable throws or ends with `error`.
 */
import { createHash } from 'node:crypto';
import type { QuotaSnapshot } from '../../contract.js';
import type { UpstreamCredentials } from '../../codex/client.js';
import type { UpstreamFailure } from '../failure.js';
import { parseQuotaHeaders } from '../../codex/quota-headers.js';
import { parseRateLimitsEvent } from '../../codex/rate-limits-event.js';
import type { ResponsesStreamEvent } from '../../codex/types.js';
import { dial, WsConnection, type DialResult } from './connection.js';
import { planContinuation, type ContinuationAnchor, type FullReason } from './continuation.js';
import { decideFallback, DEFAULT_LATCH_POLICY, FallbackLatch, type FailurePhase, type LatchPolicy } from './fallback.js';
import { buildCreateFrame, exceedsFrameBudget, frameBytes, metadataHeaders, TURN_STATE_KEY, WS_FRAME_BUDGET_BYTES, type CreateBody } from './frames.js';
import { handshakeHeaders, websocketUrl, type UpstreamIdentity } from './handshake.js';
import { classifyInBandError, frameHeaders } from './in-band-error.js';
import { stableJson } from './item-keys.js';
import { WarmSocketPool, type Lease, type PoolOptions } from './pool.js';
import { PrefixDiffBook, type PrefixDiff } from './prefix-diff.js';
import { beginRequest, EMPTY_TURN_STATE, learnTurnState, type TurnState } from './turn-state.js';
import { peekTurn, restOfTurn, type TurnHooks } from './turn-stream.js';

export interface CodexWsTransportOptions {
  codexBaseUrl: string | (() => string);
  identity: UpstreamIdentity;
  now?: () => number;
  /** Deadline for the 101 (default 15 s). */
  connectTimeoutMs?: number;
  /** Client ping period while a socket lives (default 25 s; 0 = off). */
  pingIntervalMs?: number;
  pool?: PoolOptions;
  latch?: LatchPolicy;
  frameBudgetBytes?: number;
  /** Fresh-socket resends for `websocket_connection_limit_reached` before SSE (default 5). */
  maxFreshRetries?: number;
  /** Quota from the 101's x-codex-* headers, `codex.rate_limits` events and error-frame headers. */
  onQuota?: (accountId: string, snapshot: QuotaSnapshot) => void;
}

export interface OpenTurnRequest {
  credentials: UpstreamCredentials;
  /** The full Responses request (as sent over SSE). */
  body: CreateBody;
  /** Claude Code session id (`x-claude-code-session-id`): pool key, session headers. */
  sessionId?: string;
  /** Request variant for the pool key; default: a hash of model, instructions, tools, reasoning, text. */
  variant?: string;
  /** `priority` only when the user opted in for this model family (WebSocket only). */
  tier?: 'priority';
  signal: AbortSignal;
  /** Send `previous_response_id` + new items when the strict-prefix rule holds (setting; default off). */
  continuation?: boolean;
}

export interface TurnInfo {
  /** Handshakes made for this request (0 = a warm socket served it). */
  handshakes: number;
  reused: boolean;
  oneOff: boolean;
  continued: boolean;
  /** Why a full create was sent when continuation was on. */
  fullReason?: FullReason | 'fresh_socket';
  frameBytes: number;
  /** Fresh-socket retries spent before the first output. */
  retries: number;
  prefixDiff: PrefixDiff;
}

export type FallbackReason = 'oversize' | 'latched' | 'handshake_refused' | 'handshake_timeout' | 'network' | 'send_failed' | 'closed_before_output' | 'retries_exhausted';

export type OpenTurnResult =
  | { kind: 'stream'; headers: Record<string, string>; events: AsyncIterable<ResponsesStreamEvent>; info: TurnInfo }
  | { kind: 'failed'; failure: UpstreamFailure; headers: Record<string, string>; info: TurnInfo }
  | { kind: 'fallback'; reason: FallbackReason; status?: number; headers?: Record<string, string>; bodyText?: string; info: TurnInfo }
  | { kind: 'aborted' };

type DialFailure = Exclude<DialResult, { ok: true }>;

const MAX_SESSIONS = 1024;
const sha = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 16);

export function defaultVariant(body: CreateBody): string {
  return sha(stableJson({ model: body.model, instructions: body.instructions, tools: body.tools, reasoning: body.reasoning, text: body.text }));
}

export class CodexWsTransport {
  readonly pool: WarmSocketPool<WsConnection>;
  readonly latch: FallbackLatch;
  private readonly anchors = new WeakMap<WsConnection, ContinuationAnchor>();
  private readonly turnStates = new Map<string, TurnState>();
  private readonly diffs = new PrefixDiffBook();
  private readonly now: () => number;

  constructor(private readonly o: CodexWsTransportOptions) {
    this.now = o.now ?? Date.now;
    this.pool = new WarmSocketPool<WsConnection>({ now: this.now, ...o.pool });
    this.latch = new FallbackLatch(this.now);
  }

  /** Token refreshed, account disabled/removed/switched: its sockets go (and their anchors with them). */
  retireAccount(accountId: string): void {
    this.pool.retireAccount(accountId);
  }

  close(): void {
    this.pool.closeAll();
  }

  async openTurn(req: OpenTurnRequest): Promise<OpenTurnResult> {
    if (req.signal.aborted) return { kind: 'aborted' };
    const accountId = req.credentials.accountId;
    const body: CreateBody = req.tier === 'priority' ? { ...req.body, service_tier: 'priority' } : req.body;
    const sessionKey = req.sessionId ?? '';
    const variant = req.variant ?? defaultVariant(body);
    const parts = { accountId, sessionId: sessionKey, variant, identity: `${this.o.identity.originator}|${req.tier ?? 'default'}` };
    const turnState = beginRequest(this.turnStates.get(sessionKey) ?? EMPTY_TURN_STATE, body.input);
    this.rememberTurnState(sessionKey, turnState);
    const fullFrame = buildCreateFrame(body, { turnState: turnState.value });
    const info: TurnInfo = { handshakes: 0, reused: false, oneOff: false, continued: false, frameBytes: 0, retries: 0, prefixDiff: this.diffs.observe(`${sessionKey}\u0000${variant}`, body) };

    if (exceedsFrameBudget(fullFrame, this.o.frameBudgetBytes ?? WS_FRAME_BUDGET_BYTES)) return { kind: 'fallback', reason: 'oversize', info };
    if (this.latch.isLatched(accountId)) return { kind: 'fallback', reason: 'latched', info };

    const hooks: TurnHooks = { onSideEvent: (e) => this.onSideEvent(accountId, sessionKey, e) };
    const fallback = (phase: FailurePhase, reason: FallbackReason, extra: { status?: number; headers?: Record<string, string>; bodyText?: string } = {}): OpenTurnResult => {
      const d = decideFallback({ phase, status: extra.status, reusedSocket: false, freshRetries: info.retries }, this.o.latch ?? DEFAULT_LATCH_POLICY);
      if (d.action === 'fallback_sse') this.latch.latch(accountId, d.latchMs);
      return { kind: 'fallback', reason, ...extra, info };
    };
    let anchorLostRetried = false;
    let connectionLimitRetries = 0;
    for (;;) {
      let handshakeHeadersSeen: Record<string, string> = {};
      const acquired = await this.pool.acquire<DialFailure>(parts, req.credentials.accessToken, async () => {
        info.handshakes++;
        const d = await dial({
          url: websocketUrl(typeof this.o.codexBaseUrl === 'function' ? this.o.codexBaseUrl() : this.o.codexBaseUrl),
          headers: handshakeHeaders({ accessToken: req.credentials.accessToken, accountId, identity: this.o.identity, sessionId: req.sessionId, model: body.model, serviceTier: req.tier }),
          timeoutMs: this.o.connectTimeoutMs ?? 15_000,
          signal: req.signal,
          now: this.now,
        });
        if (!d.ok) return { ok: false, failure: d };
        handshakeHeadersSeen = d.headers;
        this.reportHeaderQuota(accountId, d.headers);
        d.connection.startKeepalive(this.o.pingIntervalMs ?? 25_000);
        return { ok: true, socket: d.connection };
      });
      if (req.signal.aborted) {
        if (acquired.ok) this.pool.release(acquired.lease, { reusable: false });
        return { kind: 'aborted' };
      }
      if (!acquired.ok) {
        const f = acquired.failure;
        if (f.reason === 'refused') return fallback('handshake', 'handshake_refused', { status: f.status, headers: f.headers, bodyText: f.bodyText });
        return fallback('handshake', f.reason === 'timeout' ? 'handshake_timeout' : 'network');
      }
      const lease = acquired.lease;
      info.reused = lease.reused;
      info.oneOff = lease.oneOff;
      const socket = lease.socket;
      const anchor = this.anchors.get(socket);
      this.anchors.delete(socket); // consumed: a new anchor is set only when this turn completes
      const plan = req.continuation && lease.reused ? planContinuation(anchor, body) : undefined;
      const frame = plan?.kind === 'continue' ? buildCreateFrame(body, { continuation: { previousResponseId: plan.previous_response_id, input: plan.input }, turnState: turnState.value }) : fullFrame;
      info.continued = plan?.kind === 'continue';
      info.fullReason = plan?.kind === 'full' ? plan.reason : req.continuation && !lease.reused ? 'fresh_socket' : undefined;
      info.frameBytes = frameBytes(frame);

      let queue;
      try {
        queue = socket.startTurn(frame);
      } catch {
        this.pool.release(lease, { reusable: false });
        if (lease.reused && info.retries === 0) {
          info.retries++;
          continue;
        }
        return fallback('send', 'send_failed');
      }
      const onAbort = (): void => socket.terminate();
      req.signal.addEventListener('abort', onAbort, { once: true });
      const peek = await peekTurn(queue, req.signal, hooks);
      if (peek.kind === 'aborted') {
        req.signal.removeEventListener('abort', onAbort);
        this.pool.release(lease, { reusable: false });
        return { kind: 'aborted' };
      }
      if (peek.kind === 'closed') {
        req.signal.removeEventListener('abort', onAbort);
        this.pool.release(lease, { reusable: false });
        const d = decideFallback({ phase: 'before_output', reusedSocket: lease.reused, freshRetries: info.retries }, this.o.latch ?? DEFAULT_LATCH_POLICY);
        if (d.action === 'retry_fresh') {
          info.retries++;
          continue;
        }
        return fallback('before_output', 'closed_before_output');
      }
      const last = peek.buffered[peek.buffered.length - 1];
      if (peek.terminal === 'error' && last) {
        req.signal.removeEventListener('abort', onAbort);
        this.pool.release(lease, { reusable: false });
        const headers = frameHeaders(last);
        this.reportHeaderQuota(accountId, headers);
        const outcome = classifyInBandError(last, this.now());
        if (outcome.kind === 'fresh_socket') {
          info.retries++;
          if (outcome.reason === 'anchor_lost' && !anchorLostRetried) {
            anchorLostRetried = true;
            continue;
          }
          if (outcome.reason === 'connection_limit' && connectionLimitRetries < (this.o.maxFreshRetries ?? 5)) {
            connectionLimitRetries++;
            continue;
          }
          return { kind: 'fallback', reason: 'retries_exhausted', info };
        }
        return { kind: 'failed', failure: outcome.failure, headers, info };
      }
      if (peek.terminal === 'completed' && info.continued && last && !(last.response?.output?.length) && !anchorLostRetried) {
        // an empty completion of a continuation (the backend's answer to a bad delta): one full create, fresh socket
        req.signal.removeEventListener('abort', onAbort);
        this.pool.release(lease, { reusable: false });
        anchorLostRetried = true;
        info.retries++;
        continue;
      }
      const events = restOfTurn(peek.buffered, queue, req.signal, hooks, this.settlement(lease, body, () => req.signal.removeEventListener('abort', onAbort)));
      return { kind: 'stream', headers: handshakeHeadersSeen, events, info };
    }
  }

  private settlement(lease: Lease<WsConnection>, body: CreateBody, done: () => void) {
    return {
      completed: (responseId: string | undefined, output: ContinuationAnchor['output']) => {
        done();
        if (responseId) this.anchors.set(lease.socket, { request: body, responseId, output });
        this.pool.release(lease, { reusable: true });
      },
      endedIdle: () => {
        done();
        this.pool.release(lease, { reusable: true });
      },
      evict: () => {
        done();
        this.pool.release(lease, { reusable: false });
      },
    };
  }

  private onSideEvent(accountId: string, sessionKey: string, e: ResponsesStreamEvent): void {
    if (e.type === 'codex.rate_limits') {
      const snap = parseRateLimitsEvent(e, this.now());
      if (snap) this.o.onQuota?.(accountId, snap);
      return;
    }
    const value = metadataHeaders(e)[TURN_STATE_KEY];
    if (value) this.rememberTurnState(sessionKey, learnTurnState(this.turnStates.get(sessionKey) ?? EMPTY_TURN_STATE, value));
  }

  /** Bounded per-session memory (oldest session forgotten first). */
  private rememberTurnState(sessionKey: string, state: TurnState): void {
    this.turnStates.delete(sessionKey);
    this.turnStates.set(sessionKey, state);
    if (this.turnStates.size > MAX_SESSIONS) {
      const oldest = this.turnStates.keys().next().value;
      if (oldest !== undefined) this.turnStates.delete(oldest);
    }
  }

  private reportHeaderQuota(accountId: string, headers: Record<string, string>): void {
    const snap = parseQuotaHeaders(headers, this.now());
    if (snap) this.o.onQuota?.(accountId, snap);
  }
}
