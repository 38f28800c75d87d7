/**
 * One attempt on one upstream, the only request loop of the proxy: open the upstream with an AbortSignal tied to
 * the client, hold events back behind the commit gate until the first content (or the whole answer when the
 * upstream holds tool calls and the request has tools), stream-translate with keep-alive pings and the idle
 * watchdog, and end an already-open stream with the dialect's error event after a failure.
 */
import type { UpstreamFailure } from '../upstream/failure.js';
import type { TransportKind, Upstream } from '../upstream/types.js';
import type { Settings } from '../settings.js';
import { CommitGate, startWatchdog } from './commit-gate.js';
import type { ClientSink, Dialect, PreparedRequest, TokenUsage } from './dialect.js';

export type AttemptResult =
  | { kind: 'done'; usage: TokenUsage; transport?: TransportKind; /** set when the open stream ended with an error */ failure?: UpstreamFailure }
  | { kind: 'failed'; failure: UpstreamFailure; transport?: TransportKind; /** the upstream answered (HTTP status or stream) */ answered: boolean }
  | { kind: 'aborted'; transport?: TransportKind };

export interface AttemptDeps {
  settings: () => Settings;
  now: () => number;
}

export async function streamAttempt<E, R, I>(
  deps: AttemptDeps,
  dialect: Dialect<E>,
  sink: ClientSink<E>,
  upstream: Upstream<R, I>,
  request: R,
  prepared: PreparedRequest<E, unknown, I>,
): Promise<AttemptResult> {
  const local = new AbortController();
  const signal = AbortSignal.any([sink.signal, local.signal]);
  const opened = await upstream.open(request, signal);
  if (opened.kind === 'aborted' || (opened.kind === 'failed' && sink.signal.aborted)) return { kind: 'aborted', transport: opened.kind === 'failed' ? opened.transport : undefined };
  if (opened.kind === 'failed') return { kind: 'failed', failure: opened.failure, transport: opened.transport, answered: opened.failure.status !== undefined };
  const transport = opened.transport;

  const translator = prepared.createTranslator();
  const gate = new CommitGate<E>(sink, {
    stream: dialect.stream,
    hold: upstream.holdsToolCalls && prepared.hasTools === true,
    isContent: (e) => dialect.isContent(e),
    ping: () => dialect.ping(),
    now: deps.now,
  });
  const watchdog = startWatchdog(gate, { stream: dialect.stream, now: deps.now, timing: deps.settings(), abort: () => local.abort() });

  const finishWith = (failure: UpstreamFailure): AttemptResult => {
    if (!gate.committed) return { kind: 'failed', failure, transport, answered: true };
    gate.write(translator.failAfterCommit(failure));
    sink.end();
    return { kind: 'done', usage: translator.usage(), transport, failure };
  };

  try {
    let done = false;
    try {
      for await (const item of opened.items) {
        watchdog.upstreamSeen();
        const step = translator.push(item);
        gate.emit(step.events);
        if (step.failure) return finishWith(step.failure);
        if (step.done) {
          done = true;
          break;
        }
      }
    } catch (e) {
      if (sink.signal.aborted) return { kind: 'aborted', transport };
      if (watchdog.idle) return finishWith(upstream.idleFailure());
      return finishWith(upstream.cutFailure((e as Error).message));
    }
    if (sink.signal.aborted) return { kind: 'aborted', transport };
    if (!done) {
      if (watchdog.idle) return finishWith(upstream.idleFailure());
      const step = translator.finish();
      gate.emit(step.events);
      if (step.failure) return finishWith(step.failure);
    }
    if (dialect.stream) {
      gate.commit();
      sink.end();
    } else {
      sink.sendJson(dialect.aggregate(gate.all));
    }
    return { kind: 'done', usage: translator.usage(), transport };
  } finally {
    watchdog.stop();
    opened.close(); // no-op when fully read; releases the socket (and aborts the upstream) otherwise
  }
}
