/**
 * The commit gate of the executors (Codex pipeline and the Haiku lane): events are held back until the first content
 * event (or, in `hold` mode, until the answer is complete), so a failure before that can still fail over or fall
 * back to another upstream. Once committed, events flow to the client and keep-alive pings are written while the
 * upstream is silent (the watchdog below).
 */
import type { ClientSink } from './dialect.js';

export interface CommitGateOptions<E> {
  stream: boolean;
  /** Hold everything until finish() (e.g. while tool calls may still turn out invalid). */
  hold: boolean;
  isContent(e: E): boolean;
  ping(): E | null;
  now(): number;
}

export class CommitGate<E> {
  readonly all: E[] = [];
  private readonly pending: E[] = [];
  private _committed = false;
  private lastWriteAt: number;

  constructor(
    private readonly sink: ClientSink<E>,
    private readonly opts: CommitGateOptions<E>,
  ) {
    this.lastWriteAt = opts.now();
  }

  get committed(): boolean {
    return this._committed;
  }

  emit(events: E[]): void {
    this.all.push(...events);
    if (!this.opts.stream) return;
    if (this._committed) return this.write(events);
    this.pending.push(...events);
    if (!this.opts.hold && events.some((e) => this.opts.isContent(e))) this.commit();
  }

  /** Commits what is pending (not in `hold` mode): the answer takes long, the client should see it started. */
  commitIfPending(): void {
    if (!this._committed && this.pending.length > 0 && !this.opts.hold) this.commit();
  }

  commit(): void {
    if (this._committed || !this.opts.stream) return;
    this._committed = true;
    this.sink.open();
    this.write(this.pending.splice(0));
  }

  /** Writes directly to an open stream (closing events after a failure). */
  write(events: E[]): void {
    if (events.length === 0) return;
    this.sink.send(events);
    this.lastWriteAt = this.opts.now();
  }

  /** A ping when the open stream has been silent for `keepAliveMs`. */
  keepAlive(keepAliveMs: number): void {
    const ping = this.opts.ping();
    if (this._committed && ping !== null && this.opts.now() - this.lastWriteAt >= keepAliveMs) this.write([ping]);
  }
}

export interface WatchdogTiming {
  /** Abort an upstream that sends nothing for this long. */
  idleTimeoutMs: number;
  /** Commit a pending stream at the latest this long after the answer started. */
  commitDeadlineMs: number;
  /** Ping an open stream that has been silent this long. */
  keepAliveMs: number;
}

export interface Watchdog {
  /** The upstream went silent for idleTimeoutMs (and was aborted). */
  readonly idle: boolean;
  /** Call on every upstream event. */
  upstreamSeen(): void;
  stop(): void;
}

/**
 * Watches one streamed answer: aborts a silent upstream (`abort`), commits a pending stream after the commit
 * deadline, pings an open stream while the upstream is silent.
 */
export function startWatchdog<E>(gate: CommitGate<E>, o: { stream: boolean; now: () => number; timing: WatchdogTiming; abort: () => void }): Watchdog {
  const { idleTimeoutMs, commitDeadlineMs, keepAliveMs } = o.timing;
  let lastUpstreamAt = o.now();
  const answerStartedAt = o.now();
  let idle = false;
  const timer = setInterval(
    () => {
      const now = o.now();
      if (now - lastUpstreamAt >= idleTimeoutMs) {
        idle = true;
        o.abort();
        return;
      }
      if (!o.stream) return;
      if (now - answerStartedAt >= commitDeadlineMs) gate.commitIfPending();
      gate.keepAlive(keepAliveMs);
    },
    Math.max(50, Math.min(keepAliveMs, 1000)),
  );
  timer.unref();
  return {
    get idle() {
      return idle;
    },
    upstreamSeen: () => void (lastUpstreamAt = o.now()),
    stop: () => clearInterval(timer),
  };
}
