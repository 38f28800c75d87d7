/**
 * A small pool of worker threads for CPU-heavy, pure jobs on a request path (token counting), so the event loop —
 * /health and every stream of every Claude Code window — never waits for them.
 *
 * - Workers start lazily, are unref'd (they never keep the process alive) and are replaced after a crash.
 * - Each job has a time budget: a worker that exceeds it is terminated (and replaced on the next job).
 * - A job whose AbortSignal fires is dropped from the queue, or its worker terminated when it already runs.
 * - The queue is bounded: beyond it a job is refused at once (`overloaded`).
 */
import { Worker } from 'node:worker_threads';

export type PoolErrorKind = 'timeout' | 'aborted' | 'overloaded' | 'failed';

export class PoolError extends Error {
  override name = 'PoolError';
  constructor(
    readonly kind: PoolErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface WorkerPoolOptions {
  /** The worker's module. */
  file: URL;
  execArgv?: string[];
  size: number;
  /** Jobs waiting for a worker, at most. */
  queueLimit: number;
  /** Default time budget of one job, ms. */
  budgetMs: number;
}

export interface PoolStats {
  workers: number;
  busy: number;
  queued: number;
  completed: number;
  timedOut: number;
  aborted: number;
  /** Workers terminated (budget exceeded, job aborted, pool closed) or lost (crash). */
  terminated: number;
}

interface Job<In, Out> {
  input: In;
  budgetMs: number;
  signal?: AbortSignal;
  resolve: (v: Out) => void;
  reject: (e: Error) => void;
  onAbort?: () => void;
}

interface Slot<In, Out> {
  worker: Worker;
  job: Job<In, Out> | null;
  timer: NodeJS.Timeout | null;
}

type Reply<Out> = { ok: true; value: Out } | { ok: false; message: string };

export class WorkerPool<In, Out> {
  private slots: Slot<In, Out>[] = [];
  private queue: Job<In, Out>[] = [];
  private counters = { completed: 0, timedOut: 0, aborted: 0, terminated: 0 };
  private closed = false;

  constructor(private readonly o: WorkerPoolOptions) {}

  run(input: In, opts: { signal?: AbortSignal; budgetMs?: number } = {}): Promise<Out> {
    if (this.closed) return Promise.reject(new PoolError('failed', 'the worker pool is closed'));
    if (opts.signal?.aborted) return Promise.reject(new PoolError('aborted', 'the client went away'));
    const idle = this.idleSlot();
    if (!idle && this.queue.length >= this.o.queueLimit) {
      return Promise.reject(new PoolError('overloaded', 'too many jobs are waiting for a worker'));
    }
    return new Promise<Out>((resolve, reject) => {
      const job: Job<In, Out> = { input, budgetMs: opts.budgetMs ?? this.o.budgetMs, signal: opts.signal, resolve, reject };
      if (opts.signal) {
        job.onAbort = () => this.abort(job);
        opts.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      if (idle) this.start(idle, job);
      else this.queue.push(job);
    });
  }

  /** Starts the workers now (e.g. at server start), so the first job does not pay their start-up. */
  warm(): void {
    while (!this.closed && this.slots.length < this.o.size) this.slots.push(this.spawn());
  }

  stats(): PoolStats {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.job).length, queued: this.queue.length, ...this.counters };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new PoolError('failed', 'the worker pool is closed'));
    await Promise.all(this.slots.map((s) => this.kill(s, new PoolError('failed', 'the worker pool is closed'))));
  }

  private idleSlot(): Slot<In, Out> | undefined {
    const free = this.slots.find((s) => !s.job);
    if (free) return free;
    if (this.slots.length < this.o.size) {
      const slot = this.spawn();
      this.slots.push(slot);
      return slot;
    }
    return undefined;
  }

  private spawn(): Slot<In, Out> {
    const worker = new Worker(this.o.file, { execArgv: this.o.execArgv ?? [] });
    worker.unref();
    const slot: Slot<In, Out> = { worker, job: null, timer: null };
    worker.on('message', (reply: Reply<Out>) => this.finish(slot, reply));
    worker.on('error', (e) => this.lose(slot, new PoolError('failed', `token worker failed: ${e.message}`)));
    worker.on('exit', () => this.lose(slot, new PoolError('failed', 'token worker exited')));
    return slot;
  }

  private start(slot: Slot<In, Out>, job: Job<In, Out>): void {
    slot.job = job;
    slot.timer = setTimeout(() => {
      this.counters.timedOut++;
      void this.kill(slot, new PoolError('timeout', `the job exceeded its ${job.budgetMs} ms budget`));
    }, job.budgetMs);
    slot.timer.unref();
    slot.worker.postMessage(job.input);
  }

  private finish(slot: Slot<In, Out>, reply: Reply<Out>): void {
    const job = slot.job;
    if (!job) return;
    this.clear(slot);
    this.counters.completed++;
    if (reply.ok) this.settle(job, null, reply.value);
    else this.settle(job, new PoolError('failed', reply.message));
    this.next(slot);
  }

  private abort(job: Job<In, Out>): void {
    const queued = this.queue.indexOf(job);
    this.counters.aborted++;
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      return this.settle(job, new PoolError('aborted', 'the client went away'));
    }
    const slot = this.slots.find((s) => s.job === job);
    if (slot) void this.kill(slot, new PoolError('aborted', 'the client went away'));
  }

  /** Terminates the slot's worker, fails its job and frees the place for a fresh worker. */
  private async kill(slot: Slot<In, Out>, error: PoolError): Promise<void> {
    const job = slot.job;
    this.clear(slot);
    this.remove(slot);
    if (job) this.settle(job, error);
    this.drain();
    await slot.worker.terminate().catch(() => undefined);
  }

  /** A worker crashed or exited on its own. */
  private lose(slot: Slot<In, Out>, error: PoolError): void {
    if (!this.slots.includes(slot)) return;
    const job = slot.job;
    this.clear(slot);
    this.remove(slot);
    if (job) this.settle(job, error);
    this.drain();
  }

  private remove(slot: Slot<In, Out>): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) {
      this.slots.splice(i, 1);
      this.counters.terminated++;
    }
  }

  private clear(slot: Slot<In, Out>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  private next(slot: Slot<In, Out>): void {
    const job = this.queue.shift();
    if (job) this.start(slot, job);
  }

  /** Gives queued jobs to free (or newly spawned) workers. */
  private drain(): void {
    while (!this.closed && this.queue.length > 0) {
      const slot = this.idleSlot();
      if (!slot) return;
      this.next(slot);
    }
  }

  private settle(job: Job<In, Out>, error: Error | null, value?: Out): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (error) job.reject(error);
    else job.resolve(value as Out);
  }
}
