/**
 * The Haiku lane executor: a haiku-family /v1/messages request runs on an OpenAI-compatible upstream (OpenRouter)
 * with the Anthropic ⇄ chat-completions translators, behind its own commit gate. When the lane fails before
 * anything was committed to the client — HTTP error, transport error, a cut or idle stream, an in-stream error,
 * or tool-call arguments that are not a JSON object (tool calls are buffered until they parse) — the request is
 * retried on Codex through executeOnCodex when `fallbackToCodex` is on; the failed attempt is recorded with
 * `lane:'haiku', fallback:true`, the Codex run with `lane:'codex', fallback:true`.
 * Requests that declare tools are held back until the answer is complete, so an invalid tool call after some text
 * can still fall back; other requests stream from the first content event on.
 */
import type { MessagesRequest } from '../anthropic/request.js';
import type { AnthropicStreamEvent } from '../anthropic/stream-types.js';
import type { UpstreamFailure } from '../codex/errors.js';
import type { UpstreamResponse } from '../codex/client.js';
import { anthropicDialect } from '../pipeline/anthropic-dialect.js';
import { tokenUsage, type ClientSink, type TokenUsage } from '../pipeline/dialect.js';
import { executeOnCodex, type ExecuteMeta, type PipelineDeps } from '../pipeline/execute.js';
import { newId } from '../pipeline/ids.js';
import { taggedLog } from '../logs/request-log.js';
import { aggregateMessage } from '../translate/aggregate-message.js';
import { ChatStreamToMessages, laneErrorFailure, LANE_STREAM_CUT } from '../translate/chat-stream-to-messages.js';
import { messagesToChatRequest } from '../translate/messages-to-chat.js';
import { isContentEvent } from '../translate/responses-to-messages.js';
import { CommitGate, startWatchdog } from '../pipeline/commit-gate.js';
import { postChatCompletions, readChatStream } from './openrouter-client.js';

export interface ResolvedHaikuLane {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  fallbackToCodex: boolean;
}

type LaneResult =
  | { kind: 'done'; usage: TokenUsage; errorType?: string }
  | { kind: 'failed'; failure: UpstreamFailure }
  | { kind: 'aborted' };

export async function executeOnHaikuLane(
  deps: PipelineDeps,
  lane: ResolvedHaikuLane,
  req: MessagesRequest,
  meta: ExecuteMeta,
  sink: ClientSink<AnthropicStreamEvent>,
): Promise<void> {
  const started = deps.now();
  const dialect = anthropicDialect(req, deps.now);
  const record = (status: number, outcome: 'ok' | 'error' | 'aborted', extra: { errorType?: string; usage?: TokenUsage; fallback?: boolean } = {}) =>
    deps.requestLog.add({
      id: newId('req', 16),
      startedAt: started,
      durationMs: deps.now() - started,
      route: dialect.route,
      clientModel: req.model,
      upstreamModel: lane.model,
      accountId: null,
      stream: dialect.stream,
      status,
      outcome,
      errorType: extra.errorType,
      attempts: 1,
      inputTokens: extra.usage?.input ?? 0,
      outputTokens: extra.usage?.output ?? 0,
      cachedTokens: extra.usage?.cached ?? 0,
      lane: 'haiku',
      ...(extra.fallback ? { fallback: true } : {}),
    });

  const result = await attemptLane(deps, lane, req, sink);
  if (result.kind === 'aborted') return record(499, 'aborted');
  if (result.kind === 'done') return record(200, result.errorType ? 'error' : 'ok', { usage: result.usage, errorType: result.errorType });

  const { failure } = result;
  const errorType = failure.code ?? failure.kind;
  if (lane.fallbackToCodex) {
    deps.logger.warn({ lane: 'haiku', kind: failure.kind, code: failure.code, status: failure.status }, 'haiku lane failed; retrying on Codex');
    record(failure.status ?? 502, 'error', { errorType, fallback: true });
    const codexDeps: PipelineDeps = { ...deps, requestLog: taggedLog(deps.requestLog, { lane: 'codex', fallback: true }) };
    return executeOnCodex(codexDeps, dialect, meta, sink);
  }
  deps.logger.warn({ lane: 'haiku', kind: failure.kind, code: failure.code, status: failure.status }, 'haiku lane failed');
  const mapped = dialect.errorResponse(failure, { nowMs: deps.now() });
  sink.sendError(mapped);
  record(mapped.status, 'error', { errorType });
}

function httpFailure(status: number, bodyText: string): UpstreamFailure {
  let error: unknown = { message: bodyText.slice(0, 300) };
  try {
    const parsed = JSON.parse(bodyText) as { error?: unknown };
    if (parsed && typeof parsed === 'object' && parsed.error !== undefined) error = parsed.error;
  } catch {
    // not JSON: keep the start of the text
  }
  return laneErrorFailure(error, status);
}

async function attemptLane(deps: PipelineDeps, lane: ResolvedHaikuLane, req: MessagesRequest, sink: ClientSink<AnthropicStreamEvent>): Promise<LaneResult> {
  const translated = messagesToChatRequest(req, lane.model);
  const local = new AbortController();
  const signal = AbortSignal.any([sink.signal, local.signal]);
  let upstream: UpstreamResponse;
  try {
    upstream = await postChatCompletions({ baseUrl: lane.baseUrl, apiKey: lane.apiKey, body: translated.body, signal });
  } catch (e) {
    if (sink.signal.aborted) return { kind: 'aborted' };
    return { kind: 'failed', failure: { kind: 'transport', message: `Could not reach the Haiku lane upstream: ${(e as Error).message}` } };
  }
  if (upstream.status !== 200) {
    const text = await upstream.text().catch(() => '');
    return { kind: 'failed', failure: httpFailure(upstream.status, text) };
  }

  const settings = deps.settings();
  const translator = new ChatStreamToMessages({ messageId: newId('msg'), model: req.model, toolNames: translated.toolNames, thinkingMode: translated.thinkingMode });
  const stream = req.stream === true;
  const gate = new CommitGate<AnthropicStreamEvent>(sink, {
    stream,
    hold: (req.tools?.length ?? 0) > 0,
    isContent: isContentEvent,
    ping: () => ({ type: 'ping' }),
    now: deps.now,
  });
  const usage = (): TokenUsage => tokenUsage(translator.usage);
  const watchdog = startWatchdog(gate, { stream, now: deps.now, timing: settings, abort: () => local.abort() });

  const finishWith = (failure: UpstreamFailure): LaneResult => {
    if (!gate.committed) return { kind: 'failed', failure };
    gate.write(translator.failAfterCommit(failure, deps.now()));
    sink.end();
    return { kind: 'done', usage: usage(), errorType: failure.code ?? failure.kind };
  };

  try {
    let step: ReturnType<ChatStreamToMessages['push']> | undefined;
    try {
      for await (const item of readChatStream(upstream.body)) {
        watchdog.upstreamSeen();
        if (item.type === 'malformed') continue;
        step = item.type === 'done' ? translator.done() : translator.push(item.value);
        gate.emit(step.events);
        if (step.failure) return finishWith(step.failure);
        if (step.done) break;
      }
    } catch (e) {
      if (sink.signal.aborted) return { kind: 'aborted' };
      if (watchdog.idle) return finishWith({ kind: 'idle_timeout', message: 'The Haiku lane upstream stopped sending data' });
      return finishWith({ kind: 'stream_cut', message: `${LANE_STREAM_CUT}: ${(e as Error).message}` });
    }
    if (sink.signal.aborted) return { kind: 'aborted' };
    if (!step?.done) {
      if (watchdog.idle) return finishWith({ kind: 'idle_timeout', message: 'The Haiku lane upstream stopped sending data' });
      const last = translator.finish();
      gate.emit(last.events);
      if (last.failure) return finishWith(last.failure);
    }
    if (stream) {
      gate.commit();
      sink.end();
    } else {
      sink.sendJson(aggregateMessage(gate.all));
    }
    return { kind: 'done', usage: usage() };
  } finally {
    watchdog.stop();
    upstream.discard();
  }
}
