/** Redacted records of recent requests (ring buffer + event bus) for the dashboard, tray and CLI. */
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

export class RequestLog extends EventEmitter<{ record: [RequestRecord] }> {
  private readonly records: RequestRecord[] = [];
  total = 0;

  constructor(private readonly capacity = 500) {
    super();
  }

  add(r: RequestRecord): void {
    this.records.push(r);
    if (this.records.length > this.capacity) this.records.shift();
    this.total++;
    this.emit('record', r);
  }

  recent(limit = 100): RequestRecord[] {
    return this.records.slice(-limit);
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
