/**
 * Anthropic SSE framing. Claude Code's SDK needs the `event:` line (without it the event is ignored), and the
 * JSON goes on a single `data:` line (JSON.stringify never emits a raw newline).
 */
import type { AnthropicStreamEvent } from '../anthropic/stream-types.js';

export function formatSse(event: AnthropicStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
