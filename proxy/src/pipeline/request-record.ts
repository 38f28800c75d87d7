/**
 * The one record builder of the executor: one redacted RequestRecord per plan step (a lane attempt that fell back
 * and the Codex run that followed are two records, as the lane statistics expect), each carrying the request's
 * attempt chain so far, the time to the first content sent to the client, effort and transport.
 */
import type { AttemptRecord, RequestRecord, RequestLog } from '../logs/request-log.js';
import type { ClientSink, TokenUsage } from './dialect.js';
import { newId } from './ids.js';

export interface StepRecord {
  upstreamModel: string | null;
  accountId: string | null;
  attempts: number;
  status: number;
  outcome: RequestRecord['outcome'];
  errorType?: string;
  usage?: TokenUsage;
  lane?: RequestRecord['lane'];
  fallback?: boolean;
  effort?: string | null;
  transport?: RequestRecord['transport'];
}

export class RequestRecorder {
  readonly chain: AttemptRecord[] = [];
  private readonly started: number;
  private firstContentAt: number | null = null;

  constructor(
    private readonly log: RequestLog,
    private readonly now: () => number,
    private readonly request: { route: string; clientModel: string; stream: boolean },
  ) {
    this.started = now();
  }

  /** The client sink, observed: the first opened stream or JSON answer is the time to first content. */
  observe<E>(sink: ClientSink<E>): ClientSink<E> {
    const stamp = () => {
      if (this.firstContentAt === null) this.firstContentAt = this.now();
    };
    return {
      signal: sink.signal,
      sendError: (e) => sink.sendError(e),
      open: () => {
        stamp();
        sink.open();
      },
      send: (events) => sink.send(events),
      end: () => sink.end(),
      sendJson: (body) => {
        stamp();
        sink.sendJson(body);
      },
    };
  }

  attempt(a: AttemptRecord): void {
    this.chain.push(a);
  }

  add(step: StepRecord): void {
    const r: RequestRecord = {
      id: newId('req', 16),
      startedAt: this.started,
      durationMs: this.now() - this.started,
      route: this.request.route,
      clientModel: this.request.clientModel,
      upstreamModel: step.upstreamModel,
      accountId: step.accountId,
      stream: this.request.stream,
      status: step.status,
      outcome: step.outcome,
      errorType: step.errorType,
      attempts: step.attempts,
      inputTokens: step.usage?.input ?? 0,
      outputTokens: step.usage?.output ?? 0,
      cachedTokens: step.usage?.cached ?? 0,
      chain: this.chain.slice(),
      ttftMs: this.firstContentAt === null ? null : this.firstContentAt - this.started,
    };
    if (step.lane) r.lane = step.lane;
    if (step.fallback) r.fallback = true;
    if (step.effort !== undefined) r.effort = step.effort;
    if (step.transport) r.transport = step.transport;
    this.log.add(r);
  }
}
