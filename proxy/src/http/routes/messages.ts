/** POST /v1/messages (and ?beta=true): validate, then hand over to the pipeline with an express-backed sink. */
import type { Request, Response } from 'express';
import { parseMessagesRequest } from '../../anthropic/request.js';
import type { AnthropicStreamEvent } from '../../anthropic/stream-types.js';
import { anthropicDialect } from '../../pipeline/anthropic-dialect.js';
import type { ClientSink } from '../../pipeline/dialect.js';
import { executeRequest, type PipelineDeps } from '../../pipeline/execute.js';
import { sessionIdOf } from '../../pipeline/session.js';
import { parseBetaHeader } from '../../logs/compat-sentinel.js';
import { invalidRequest, sendAnthropicError } from '../errors.js';
import { formatSse } from '../sse-writer.js';

/** Adapts an express response to the executor's sink; `format` turns events into SSE text. */
export function expressSink<E>(req: Request, res: Response, format: (events: E[]) => string): ClientSink<E> {
  const ac = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) ac.abort();
  });
  req.on('aborted', () => ac.abort());
  return {
    signal: ac.signal,
    sendError: (e) => {
      if (res.headersSent) return void res.end();
      res.status(e.status).set(e.headers).json(e.body);
    },
    open: () => {
      res.status(200).set({
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.flushHeaders();
    },
    send: (events: E[]) => {
      if (!res.writableEnded) res.write(format(events));
    },
    end: () => {
      if (!res.writableEnded) res.end();
    },
    sendJson: (body) => {
      res.status(200).json(body);
    },
  };
}

/** The plan (Haiku lane, Codex) comes with the pipeline deps; see routing/plan.ts. */
export function messagesHandler(deps: () => PipelineDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = parseMessagesRequest(req.body);
    if (!parsed.ok) return sendAnthropicError(res, invalidRequest(parsed.message));
    const body = parsed.value;
    const d = deps();
    const sink = expressSink<AnthropicStreamEvent>(req, res, (events) => events.map(formatSse).join(''));
    const meta = { sessionId: sessionIdOf(req.headers, body.metadata?.user_id), betas: parseBetaHeader(req.headers['anthropic-beta']) };
    await executeRequest(d, anthropicDialect(body, d.now), meta, sink);
  };
}
