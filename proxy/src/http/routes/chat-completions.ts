/** POST /v1/chat/completions: validate (OpenAI-shaped 400 on bad input), then the shared executor (Haiku lane plan included). */
import type { Request, Response } from 'express';
import { openAIError, type OpenAIErrorResponse } from '../../openai/errors.js';
import { parseChatCompletionRequest } from '../../openai/request.js';
import type { ChatSseEvent } from '../../openai/types.js';
import { formatChatSse, openaiDialect } from '../../pipeline/openai-dialect.js';
import { executeRequest, type PipelineDeps } from '../../pipeline/execute.js';
import { sessionIdOf } from '../../pipeline/session.js';
import { expressSink } from './messages.js';

export function sendOpenAIError(res: Response, e: OpenAIErrorResponse): void {
  if (res.headersSent) return void res.end();
  res.status(e.status).set(e.headers).json({ error: e.error });
}

/** The Claude Code session header when present, else the request's own `prompt_cache_key`. */
function chatSessionId(req: Request, promptCacheKey: unknown): string | undefined {
  const key = typeof promptCacheKey === 'string' && /^[\w-]{1,128}$/.test(promptCacheKey) ? promptCacheKey : undefined;
  return sessionIdOf(req.headers, undefined) ?? key;
}

export function chatCompletionsHandler(deps: () => PipelineDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = parseChatCompletionRequest(req.body);
    if (!parsed.ok) return sendOpenAIError(res, openAIError(400, 'invalid_request_error', parsed.message, null, parsed.param ?? null));
    const body = parsed.value;
    const d = deps();
    const sink = expressSink<ChatSseEvent>(req, res, (events) => events.map(formatChatSse).join(''));
    await executeRequest(d, openaiDialect(body, d.now), { sessionId: chatSessionId(req, body.prompt_cache_key) }, sink);
  };
}
