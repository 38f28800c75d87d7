/** The OpenAI chat-completions dialect of the executor: /v1/chat/completions. */
import type { ChatCompletionRequest } from '../openai/request.js';
import { toOpenAIError, toOpenAIErrorResponse } from '../openai/errors.js';
import type { ChatSseEvent } from '../openai/types.js';
import { chatToResponsesRequest, chatText } from '../translate/chat-to-responses.js';
import { countTextTokens } from '../translate/count-tokens.js';
import { aggregateChatCompletion, isChatContent, ResponsesToChatTranslator } from '../translate/responses-to-chat.js';
import { preparedRequest, type Dialect, type StreamTranslator } from './dialect.js';
import { newId } from './ids.js';

/** `data: <json>\n\n` per chunk / error, `data: [DONE]\n\n`, and `: keep-alive\n\n` comments. */
export function formatChatSse(e: ChatSseEvent): string {
  switch (e.kind) {
    case 'chunk':
      return `data: ${JSON.stringify(e.chunk)}\n\n`;
    case 'error':
      return `data: ${JSON.stringify({ error: e.error })}\n\n`;
    case 'done':
      return 'data: [DONE]\n\n';
    case 'comment':
      return `: ${e.text}\n\n`;
  }
}

/** Rough prompt size for the "context too long" message: the text of every message. */
function chatPromptTokens(req: ChatCompletionRequest): number {
  let n = 3;
  for (const m of req.messages) {
    n += 3;
    const c = m.content;
    if (typeof c === 'string') n += countTextTokens(c);
    else if (Array.isArray(c)) n += countTextTokens(chatText(c as { type: string; text?: unknown }[]));
    if (m.role === 'assistant') for (const t of m.tool_calls ?? []) n += countTextTokens(t.function.arguments ?? '') + 3;
  }
  return n;
}

export function openaiDialect(req: ChatCompletionRequest, now: () => number): Dialect<ChatSseEvent> {
  const stream = req.stream === true;
  const id = newId('chatcmpl');
  const created = Math.floor(now() / 1000);
  return {
    route: '/v1/chat/completions',
    clientModel: req.model,
    stream,
    prepare(ctx) {
      const translated = chatToResponsesRequest(req, ctx);
      return preparedRequest(translated, (): StreamTranslator<ChatSseEvent> => {
        const t = new ResponsesToChatTranslator({
          id,
          model: req.model,
          created,
          includeUsage: !stream || req.stream_options?.include_usage === true,
          toolNames: translated.toolNames,
          accountTag: ctx.accountTag,
          nowMs: now,
        });
        return {
          push: (ev) => t.push(ev),
          finish: () => t.finish(),
          failAfterCommit: (f) => t.failAfterCommit(f, { nowMs: now(), contextWindow: ctx.contextWindow }),
          usage: () => t.usage(),
        };
      });
    },
    isContent: isChatContent,
    ping: () => ({ kind: 'comment', text: 'keep-alive' }),
    aggregate: (events) => aggregateChatCompletion(events, { id, model: req.model, created }),
    errorResponse: (f, ctx) => toOpenAIErrorResponse(toOpenAIError(f, ctx)),
    promptTokens: () => chatPromptTokens(req),
  };
}
