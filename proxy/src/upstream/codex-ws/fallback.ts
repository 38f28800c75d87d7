/**
 * When the WebSocket path gives up, and what it costs (docs/codex-backend.md, "WebSocket transport": fallback).
 * Pure decision + a small per-account latch with an injectable clock.
 *
 *   phase          what happened                                   decision
 *   preflight      frame over the 16 MiB budget                    fallback_sse (no latch: the next turn may fit)
 *   handshake      refused (any non-101), timed out, network       fallback_sse (SSE sees the real status/refresh)
 *   send           the create frame could not be written          fallback_sse
 *   before_output  closed/errored before any response.* event      retry_fresh once on a reused socket, else fallback_sse
 *   after_output   anything after output reached the client        fail (Anthropic `error` event; never a replay)
 *
 * A delta (continuation) body is never replayed over SSE: the caller always falls back with the full request.
 */

export type FailurePhase = 'preflight' | 'handshake' | 'send' | 'before_output' | 'after_output';

export interface FallbackInput {
  phase: FailurePhase;
  /** Handshake HTTP status when the server answered the upgrade with one. */
  status?: number;
  /** The socket came from the pool (a stale reused socket earns one retry on a fresh one). */
  reusedSocket?: boolean;
  /** Retries on a fresh socket already spent for this request. */
  freshRetries?: number;
}

export type FallbackDecision =
  | { action: 'fallback_sse'; latchMs: number }
  | { action: 'retry_fresh' }
  | { action: 'fail' };

export interface LatchPolicy {
  /** Cool-down after a failed handshake / early close: one failed handshake per account, not one per turn. */
  coolDownMs: number;
  /** 426 says "use HTTP": a long latch. */
  upgradeRequiredMs: number;
}

export const DEFAULT_LATCH_POLICY: LatchPolicy = { coolDownMs: 10 * 60_000, upgradeRequiredMs: 6 * 60 * 60_000 };

export function decideFallback(input: FallbackInput, policy: LatchPolicy = DEFAULT_LATCH_POLICY): FallbackDecision {
  switch (input.phase) {
    case 'after_output':
      return { action: 'fail' };
    case 'preflight':
      return { action: 'fallback_sse', latchMs: 0 };
    case 'handshake':
      if (input.status === 426) return { action: 'fallback_sse', latchMs: policy.upgradeRequiredMs };
      // 401 is answered by a refresh on the SSE path; a 4xx/5xx answer is the backend speaking, not a broken WS path
      if (input.status !== undefined && input.status !== 101) return { action: 'fallback_sse', latchMs: input.status >= 500 ? policy.coolDownMs : 0 };
      return { action: 'fallback_sse', latchMs: policy.coolDownMs };
    case 'send':
      return { action: 'fallback_sse', latchMs: policy.coolDownMs };
    case 'before_output':
      if (input.reusedSocket && (input.freshRetries ?? 0) === 0) return { action: 'retry_fresh' };
      return { action: 'fallback_sse', latchMs: policy.coolDownMs };
    default:
      return { action: 'fail' };
  }
}

/** Per-account "WebSocket is broken here" latch with a cool-down. */
export class FallbackLatch {
  private readonly until = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Latch `accountId` to SSE for `ms` (0 = no latch). A longer latch is never shortened. */
  latch(accountId: string, ms: number): void {
    if (ms <= 0) return;
    const t = this.now() + ms;
    if ((this.until.get(accountId) ?? 0) < t) this.until.set(accountId, t);
  }

  isLatched(accountId: string): boolean {
    const t = this.until.get(accountId);
    if (t === undefined) return false;
    if (t <= this.now()) {
      this.until.delete(accountId);
      return false;
    }
    return true;
  }

  clear(accountId: string): void {
    this.until.delete(accountId);
  }
}
