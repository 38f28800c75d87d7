/**
 * POST /v1/messages/count_tokens: a real o200k count of system, messages, tools and images — counted in a worker
 * thread with a time budget (tokens/count-pool.ts), cancelled when the client goes away, refused above a size limit.
 */
import type { Request, Response } from 'express';
import { parseCountTokensRequest } from '../../anthropic/request.js';
import { countOffThread } from '../../tokens/count-pool.js';
import { PoolError } from '../../tokens/worker-pool.js';
import { invalidRequest, sendAnthropicError } from '../errors.js';

/** Largest count_tokens body, bytes (the /v1 body limit is larger: message bodies carry images). */
export const COUNT_TOKENS_MAX_BYTES = 32 * 1024 * 1024;

export function countTokensHandler() {
  return async (req: Request, res: Response): Promise<void> => {
    if (Number(req.headers['content-length'] ?? 0) > COUNT_TOKENS_MAX_BYTES) {
      return sendAnthropicError(res, {
        status: 413,
        type: 'request_too_large',
        message: `count_tokens bodies are limited to ${COUNT_TOKENS_MAX_BYTES / 1024 / 1024} MB`,
        headers: { 'x-should-retry': 'false' },
      });
    }
    const parsed = parseCountTokensRequest(req.body);
    if (!parsed.ok) return sendAnthropicError(res, invalidRequest(parsed.message));
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    try {
      res.json({ input_tokens: await countOffThread(parsed.value, gone.signal) });
    } catch (e) {
      if (!(e instanceof PoolError)) throw e;
      if (e.kind === 'aborted') return void res.end();
      if (e.kind === 'timeout') {
        return sendAnthropicError(res, { status: 413, type: 'request_too_large', message: `The request is too large to count (${e.message})`, headers: { 'x-should-retry': 'false' } });
      }
      if (e.kind === 'overloaded') {
        return sendAnthropicError(res, { status: 529, type: 'overloaded_error', message: 'Token counting is busy; try again shortly', headers: {} });
      }
      return sendAnthropicError(res, { status: 500, type: 'api_error', message: 'Token counting failed', headers: {} });
    }
  };
}
