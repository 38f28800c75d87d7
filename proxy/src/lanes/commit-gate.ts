/**
 * The commit gate of a lane: events are held back until the first content event (or, in `hold` mode, until the
 * answer is complete), so a failure before that can still fall back to another upstream. Once committed, events
 * flow to the client and keep-alive pings are written while the upstream is silent.
 */
import type { ClientSink } from '../pipeline/dialect.js';

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

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  emit(events: E[]): void {
    this.all.push(...events);
    if (!this.opts.stream) return;
    if (this._committed) return this.write(events);
    this.pending.push(...events);
    if (!this.opts.hold && events.some((e) => this.opts.isContent(e))) this.commit();
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
