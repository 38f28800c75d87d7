/** POST /v1/messages (and ?beta=true): validate, then hand over to the pipeline with an express-backed sink. */
import type { Request, Response } from 'express';
import { parseMessagesRequest } from '../../anthropic/request.js';
import type { AnthropicStreamEvent } from '../../anthropic/stream-types.js';
import type { PipelineDeps } from '../../pipeline/messages-pipeline.js';
import { runMessages } from '../../pipeline/messages-pipeline.js';
import type { ClientSink } from '../../pipeline/client-sink.js';
import { sessionIdOf } from '../../pipeline/session.js';
import { invalidRequest, sendAnthropicError } from '../errors.js';
import { formatSse } from '../sse-writer.js';

export function expressSink(req: Request, res: Response): ClientSink {
  const ac = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) ac.abort();
  });
  req.on('aborted', () => ac.abort());
  return {
    signal: ac.signal,
    sendError: (e) => sendAnthropicError(res, e),
    open: () => {
      res.status(200).set({
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.flushHeaders();
    },
    send: (events: AnthropicStreamEvent[]) => {
      if (!res.writableEnded) res.write(events.map(formatSse).join(''));
    },
    end: () => {
      if (!res.writableEnded) res.end();
    },
    sendJson: (message) => {
      res.status(200).json(message);
    },
  };
}

export function messagesHandler(deps: () => PipelineDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = parseMessagesRequest(req.body);
    if (!parsed.ok) return sendAnthropicError(res, invalidRequest(parsed.message));
    const body = parsed.value;
    const sink = expressSink(req, res);
    await runMessages(
      deps(),
      body,
      { stream: body.stream === true, sessionId: sessionIdOf(req.headers, body.metadata?.user_id) },
      sink,
    );
  };
}
