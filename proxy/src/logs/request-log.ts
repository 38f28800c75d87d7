/** Redacted records of recent requests (ring buffer + event bus) for the dashboard, tray and CLI. */
import { EventEmitter } from 'node:events';

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
