/** The OpenAI chat-completions dialect of the executor: /v1/chat/completions. */
import type { ChatCompletionRequest } from '../openai/request.js';
import { toOpenAIError, toOpenAIErrorResponse } from '../openai/errors.js';
import type { ChatSseEvent } from '../openai/types.js';
import { chatToResponsesRequest, chatText } from '../translate/chat-to-responses.js';
import { countTextTokens } from '../translate/count-tokens.js';
import { ChatStreamToMessages } from '../translate/chat-stream-to-messages.js';
import { aggregateChatCompletion, AnthropicToChatChunks, isChatContent, ResponsesToChatTranslator } from '../translate/responses-to-chat.js';
import { buildToolNameMap } from '../translate/tool-names.js';
import { preparedRequest, type Dialect, type PreparedChatRequest, type StreamStep, type StreamTranslator } from './dialect.js';
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
    codexOnly: false,
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
    prepareChat(model): PreparedChatRequest<ChatSseEvent> {
      // The client already speaks chat completions: forwarded as is, streamed, with the lane's model.
      const body = { ...req, model, stream: true, stream_options: { include_usage: true } };
      return {
        body,
        hasTools: (req.tools?.length ?? 0) > 0,
        createTranslator: () => {
          // chat chunks → Anthropic events (tool calls buffered and validated) → the client's chunks
          const inner = new ChatStreamToMessages({ messageId: newId('msg'), model: req.model, toolNames: buildToolNameMap([]), thinkingMode: 'none' });
          const chunks = new AnthropicToChatChunks({ id, model: req.model, created, includeUsage: !stream || req.stream_options?.include_usage === true });
          const wrap = (step: ReturnType<ChatStreamToMessages['push']>): StreamStep<ChatSseEvent> => ({ ...step, events: chunks.map(step.events) });
          return {
            push: (item) => (item.type === 'malformed' ? { events: [], done: false } : wrap(item.type === 'done' ? inner.done() : inner.push(item.value))),
            finish: () => wrap(inner.finish()),
            failAfterCommit: (f) => {
              const closing = chunks.map(inner.failAfterCommit(f, now()).filter((e) => e.type !== 'error'));
              return [...closing, { kind: 'error', error: toOpenAIError(f, { nowMs: now() }).error }];
            },
            usage: () => {
              const u = inner.usage;
              return { input: u.input_tokens + u.cache_read_input_tokens, output: u.output_tokens, cached: u.cache_read_input_tokens };
            },
          };
        },
      };
    },
    isContent: isChatContent,
    ping: () => ({ kind: 'comment', text: 'keep-alive' }),
    aggregate: (events) => aggregateChatCompletion(events, { id, model: req.model, created }),
    errorResponse: (f, ctx) => toOpenAIErrorResponse(toOpenAIError(f, ctx)),
    promptTokens: () => chatPromptTokens(req),
  };
}
