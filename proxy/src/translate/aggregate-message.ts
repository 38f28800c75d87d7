/**
 * Builds the non-streaming Anthropic Message from the same event sequence the stream translator produces, the way
 * the SDK's stream accumulator does: blocks by index, text / thinking deltas appended, signature_delta replaces
 * the signature, tool_use input = JSON.parse(concatenated partial_json) (an object; `{}` when empty or not an
 * object), message_delta's stop_reason and usage (present counters replace). Never throws. `error` events are
 * ignored (a failed request becomes an HTTP error in the caller, not a Message).
 */
import type {
  AnthropicMessage,
  AnthropicStreamEvent,
  AnthropicUsage,
  ResponseContentBlock,
} from '../anthropic/stream-types.js';

interface Slot {
  block: ResponseContentBlock;
  json: string;
  sawJson: boolean;
}

function parseInput(json: string, fallback: Record<string, unknown>): Record<string, unknown> {
  if (!json.trim()) return fallback;
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function aggregateMessage(events: AnthropicStreamEvent[]): AnthropicMessage {
  const msg: AnthropicMessage = {
    id: '',
    type: 'message',
    role: 'assistant',
    model: '',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
  const slots = new Map<number, Slot>();
  const order: number[] = [];

  for (const e of events) {
    if (!e || typeof e !== 'object') continue;
    switch (e.type) {
      case 'message_start': {
        const m = e.message;
        msg.id = m.id;
        msg.model = m.model;
        msg.usage = { ...msg.usage, ...m.usage };
        break;
      }
      case 'content_block_start': {
        if (slots.has(e.index)) break;
        const block = structuredClone(e.content_block);
        slots.set(e.index, { block, json: '', sawJson: false });
        order.push(e.index);
        break;
      }
      case 'content_block_delta': {
        const slot = slots.get(e.index);
        if (!slot) break;
        const { block } = slot;
        const d = e.delta;
        if (d.type === 'text_delta' && block.type === 'text') block.text += d.text;
        else if (d.type === 'thinking_delta' && block.type === 'thinking') block.thinking += d.thinking;
        else if (d.type === 'signature_delta' && block.type === 'thinking') block.signature = d.signature;
        else if (d.type === 'input_json_delta' && block.type === 'tool_use') {
          slot.json += d.partial_json;
          slot.sawJson = true;
        }
        break;
      }
      case 'message_delta': {
        msg.stop_reason = e.delta.stop_reason;
        msg.stop_sequence = e.delta.stop_sequence;
        const u = e.usage as Partial<AnthropicUsage>;
        for (const k of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
          const v = u[k];
          if (typeof v === 'number') msg.usage[k] = v;
        }
        break;
      }
      default:
        break; // content_block_stop, message_stop, ping, error
    }
  }

  for (const index of order.sort((a, b) => a - b)) {
    const slot = slots.get(index)!;
    if (slot.block.type === 'tool_use' && slot.sawJson) slot.block.input = parseInput(slot.json, slot.block.input);
    msg.content.push(slot.block);
  }
  return msg;
}
