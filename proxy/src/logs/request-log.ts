/**
 * Redacted records of recent requests (ring buffer + event bus) for the dashboard, tray and CLI.
 * - `add(record)`: a finished request (as before). `begin(start)` → a handle to `finish(...)` it later; until then
 *   it is listed by `inFlight()` with its live duration (events `begin` / `end`).
 * - `reject(...)`: a request the HTTP layer refused before the executor ran (400/401/403/413/415): recorded with
 *   `attempts: 0`, so it reaches the log and the statistics.
 * - An optional sink (requests/log-file.ts) persists finished records and preloads the retained ones.
 */
import { EventEmitter } from 'node:events';

/** One attempt of a request on one upstream (and account): the request's chain shows who failed and who answered. */
export interface AttemptRecord {
  upstream: 'codex' | 'chat';
  accountId: string | null;
  model: string | null;
  outcome: 'ok' | 'failed' | 'aborted';
  status?: number;
  errorType?: string;
  transport?: 'sse' | 'websocket';
}

export interface RequestRecord {
  id: string;
  startedAt: number;
  durationMs: number;
  route: string;
  clientModel: string;
  upstreamModel: string | null;
  accountId: string | null;
  stream: boolean;
  status: number;
  outcome: 'ok' | 'error' | 'aborted';
  errorType?: string;
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** Which upstream lane served it; absent = 'codex'. */
  lane?: 'codex' | 'haiku';
  /** Haiku lane: the attempt failed and the request was retried on Codex. Codex: this is that retry. */
  fallback?: boolean;
  /** Every attempt so far, in order (account failover, lane fallback). */
  chain?: AttemptRecord[];
  /** Ms from the request's start to the first content sent to the client (null: none was sent). */
  ttftMs?: number | null;
  /** The reasoning effort sent upstream (Codex), when known. */
  effort?: string | null;
  /** The transport of the attempt that answered (Codex). */
  transport?: 'sse' | 'websocket';
}

/** What is known of a request when it starts. */
export interface RequestStart {
  id: string;
  route: string;
  clientModel: string;
  stream: boolean;
  startedAt?: number;
  lane?: 'codex' | 'haiku';
}

/** A running request as listed by `inFlight()`. */
export interface InFlightRequest extends Required<Omit<RequestStart, 'lane'>> {
  lane: 'codex' | 'haiku';
  /** Live: now − startedAt. */
  durationMs: number;
  accountId: string | null;
  upstreamModel: string | null;
}

export interface InFlightHandle {
  readonly id: string;
  readonly startedAt: number;
  /** Updates what the in-flight list shows (e.g. the account being tried). */
  update(p: Partial<Pick<InFlightRequest, 'accountId' | 'upstreamModel' | 'lane'>>): void;
  /** Records the finished request (id and startedAt default to the handle's) and drops it from the in-flight list. */
  finish(r: Omit<RequestRecord, 'id' | 'startedAt'> & Partial<Pick<RequestRecord, 'id' | 'startedAt'>>): RequestRecord;
}

export interface RejectedRequest {
  id: string;
  route: string;
  status: 400 | 401 | 403 | 404 | 413 | 415;
  errorType: string;
  clientModel?: string;
  stream?: boolean;
  startedAt?: number;
}

/** Where RequestLog persists finished records (implemented by requests/log-file.ts). */
export interface RequestLogSink {
  /** The retained records, oldest first (synchronous: called once at start). */
  load(): RequestRecord[];
  append(r: RequestRecord): void;
  /** Resolves when every append so far is on disk. */
  flush(): Promise<void>;
}

export interface RequestLogOptions {
  sink?: RequestLogSink;
  now?: () => number;
}

type Events = { record: [RequestRecord]; begin: [InFlightRequest]; end: [string] };

export class RequestLog extends EventEmitter<Events> {
  private readonly records: RequestRecord[] = [];
  private readonly running = new Map<string, Omit<InFlightRequest, 'durationMs'>>();
  private readonly sink: RequestLogSink | undefined;
  private readonly now: () => number;
  total = 0;

  constructor(
    private readonly capacity = 500,
    opts: RequestLogOptions = {},
  ) {
    super();
    this.sink = opts.sink;
    this.now = opts.now ?? Date.now;
    if (this.sink) this.records.push(...this.sink.load().slice(-capacity));
  }

  add(r: RequestRecord): void {
    this.records.push(r);
    if (this.records.length > this.capacity) this.records.shift();
    this.total++;
    this.sink?.append(r);
    this.emit('record', r);
  }

  recent(limit = 100): RequestRecord[] {
    return this.records.slice(-limit);
  }

  begin(start: RequestStart): InFlightHandle {
    const startedAt = start.startedAt ?? this.now();
    const entry = { id: start.id, route: start.route, clientModel: start.clientModel, stream: start.stream, startedAt, lane: start.lane ?? 'codex', accountId: null, upstreamModel: null } as Omit<InFlightRequest, 'durationMs'>;
    this.running.set(start.id, entry);
    this.emit('begin', { ...entry, durationMs: 0 });
    let done = false;
    return {
      id: start.id,
      startedAt,
      update: (p) => {
        const cur = this.running.get(start.id);
        if (cur) this.running.set(start.id, { ...cur, ...p });
      },
      finish: (r) => {
        const record: RequestRecord = { ...r, id: r.id ?? start.id, startedAt: r.startedAt ?? startedAt };
        if (done) return record;
        done = true;
        this.running.delete(start.id);
        this.emit('end', start.id);
        this.add(record);
        return record;
      },
    };
  }

  /** Running requests, oldest first, with their live duration. */
  inFlight(): InFlightRequest[] {
    const now = this.now();
    return [...this.running.values()].map((e) => ({ ...e, durationMs: Math.max(0, now - e.startedAt) }));
  }

  reject(r: RejectedRequest): RequestRecord {
    const record: RequestRecord = {
      id: r.id,
      startedAt: r.startedAt ?? this.now(),
      durationMs: 0,
      route: r.route,
      clientModel: r.clientModel ?? '',
      upstreamModel: null,
      accountId: null,
      stream: r.stream ?? false,
      status: r.status,
      outcome: 'error',
      errorType: r.errorType,
      attempts: 0,
      inputTokens: 0,
      outputTokens: 0,
      cachedTokens: 0,
    };
    this.add(record);
    return record;
  }
}

/** A RequestLog view that stamps every record with `tags` and forwards it to `inner` (e.g. a lane's fallback run). */
export function taggedLog(inner: RequestLog, tags: Pick<RequestRecord, 'lane' | 'fallback'>): RequestLog {
  return new (class extends RequestLog {
    override add(r: RequestRecord): void {
      inner.add({ ...r, ...tags });
    }
    override recent(limit?: number): RequestRecord[] {
      return inner.recent(limit);
    }
  })(1);
}
