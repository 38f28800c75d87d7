/** The Anthropic Messages dialect of the executor: /v1/messages. */
import type { MessagesRequest } from '../anthropic/request.js';
import type { AnthropicStreamEvent } from '../anthropic/stream-types.js';
import { toAnthropicError } from '../codex/errors.js';
import { aggregateMessage } from '../translate/aggregate-message.js';
import { countRequestTokens } from '../translate/count-tokens.js';
import { toResponsesRequest } from '../translate/messages-to-responses.js';
import { isContentEvent, ResponsesToMessagesTranslator } from '../translate/responses-to-messages.js';
import { StopSequenceFilter } from '../translate/stop-sequences.js';
import { preparedRequest, tokenUsage, type Dialect, type StreamStep, type StreamTranslator } from './dialect.js';
import { newId } from './ids.js';

export function anthropicDialect(req: MessagesRequest, now: () => number): Dialect<AnthropicStreamEvent> {
  return {
    route: '/v1/messages',
    clientModel: req.model,
    stream: req.stream === true,
    prepare(ctx) {
      const translated = toResponsesRequest(req, ctx);
      return preparedRequest(translated, (): StreamTranslator<AnthropicStreamEvent> => {
        const t = new ResponsesToMessagesTranslator({
          messageId: newId('msg'),
          model: req.model,
          toolNames: translated.toolNames,
          thinkingMode: translated.thinkingMode,
          accountTag: ctx.accountTag,
          inputTokens: 0,
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
    isContent: isContentEvent,
    ping: () => ({ type: 'ping' }),
    aggregate: (events) => aggregateMessage(events),
    errorResponse(f, ctx) {
      const e = toAnthropicError(f, ctx);
      return { status: e.status, headers: e.headers, type: e.type, body: { type: 'error', error: { type: e.type, message: e.message }, request_id: newId('req') } };
    },
    promptTokens: () => countRequestTokens(req),
  };
}
