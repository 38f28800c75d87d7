/** The Anthropic Messages dialect of the executor: /v1/messages. */
import type { MessagesRequest } from '../anthropic/request.js';
import type { AnthropicStreamEvent } from '../anthropic/stream-types.js';
import { toAnthropicError } from '../anthropic/errors.js';
import { aggregateMessage } from '../translate/aggregate-message.js';
import { countRequestTokens } from '../translate/count-tokens.js';
import { ChatStreamToMessages } from '../translate/chat-stream-to-messages.js';
import { messagesToChatRequest, needsServerTools } from '../translate/messages-to-chat.js';
import { toResponsesRequest } from '../translate/messages-to-responses.js';
import { isContentEvent, ResponsesToMessagesTranslator } from '../translate/responses-to-messages.js';
import { StopSequenceFilter } from '../translate/stop-sequences.js';
import { preparedRequest, tokenUsage, type Dialect, type PreparedChatRequest, type StreamStep, type StreamTranslator } from './dialect.js';
import { newId } from './ids.js';

export function anthropicDialect(req: MessagesRequest, now: () => number): Dialect<AnthropicStreamEvent> {
  let counted: number | undefined;
  /** Our count of the prompt, once per request (message_start and "prompt is too long" share it). */
  const promptTokens = (): number => (counted ??= countRequestTokens(req));
  const hasTools = (req.tools?.length ?? 0) > 0;
  return {
    route: '/v1/messages',
    clientModel: req.model,
    stream: req.stream === true,
    codexOnly: needsServerTools(req),
    prepare(ctx) {
      const translated = toResponsesRequest(req, ctx);
      return preparedRequest(translated, (): StreamTranslator<AnthropicStreamEvent> => {
        const t = new ResponsesToMessagesTranslator({
          messageId: newId('msg'),
          model: req.model,
          toolNames: translated.toolNames,
          thinkingMode: translated.thinkingMode,
          accountTag: ctx.accountTag,
          inputTokens: promptTokens(),
          nowMs: now,
        });
        const stops = new StopSequenceFilter(req.stop_sequences ?? []);
        const filtered = (step: StreamStep<AnthropicStreamEvent>): StreamStep<AnthropicStreamEvent> => {
          if (!stops.active) return step;
          const events = stops.push(step.events);
          return stops.stopped ? { events, done: true } : { ...step, events };
        };
        return {
          push: (ev) => filtered(t.push(ev)),
          finish: () => filtered(t.finish()),
          failAfterCommit: (f) => t.failAfterCommit(f, { nowMs: now(), contextWindow: ctx.contextWindow }),
          usage: () => tokenUsage(t.usage),
        };
      });
    },
    prepareChat(model): PreparedChatRequest<AnthropicStreamEvent> {
      const translated = messagesToChatRequest(req, model);
      return {
        body: translated.body,
        hasTools,
        createTranslator: () => {
          const t = new ChatStreamToMessages({ messageId: newId('msg'), model: req.model, toolNames: translated.toolNames, thinkingMode: translated.thinkingMode, inputTokens: promptTokens() });
          return {
            push: (item) => (item.type === 'malformed' ? { events: [], done: false } : item.type === 'done' ? t.done() : t.push(item.value)),
            finish: () => t.finish(),
            failAfterCommit: (f) => t.failAfterCommit(f, now()),
            usage: () => tokenUsage(t.usage),
          };
        },
      };
    },
    isContent: isContentEvent,
    ping: () => ({ type: 'ping' }),
    aggregate: (events) => aggregateMessage(events),
    errorResponse(f, ctx) {
      const e = toAnthropicError(f, ctx);
      return { status: e.status, headers: e.headers, type: e.type, body: { type: 'error', error: { type: e.type, message: e.message }, request_id: newId('req') } };
    },
    promptTokens,
  };
}
