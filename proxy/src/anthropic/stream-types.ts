/** Anthropic Messages API response shapes that the proxy emits (stream events and the non-stream Message). */

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'pause_turn';

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export type ResponseContentBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'server_tool_use'; id: string; name: 'web_search'; input: { query: string } }
  | {
      type: 'web_search_tool_result';
      tool_use_id: string;
      content: { type: 'web_search_result'; url: string; title: string; encrypted_content: string; page_age?: string | null }[];
    };

export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ResponseContentBlock[];
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

export type ContentBlockDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'input_json_delta'; partial_json: string };

export interface AnthropicErrorBody { type: string; message: string }

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'content_block_start'; index: number; content_block: ResponseContentBlock }
  | { type: 'content_block_delta'; index: number; delta: ContentBlockDelta }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: StopReason; stop_sequence: string | null };
      usage: Partial<AnthropicUsage> & { output_tokens: number };
    }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: AnthropicErrorBody };

/** The first event of a stream: an empty assistant message with the usage known so far. */
export function messageStartEvent(id: string, model: string, usage: AnthropicUsage): AnthropicStreamEvent {
  return {
    type: 'message_start',
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage } },
  };
}

/** The last events of a complete answer: its stop reason and final usage, then message_stop. */
export function messageEndEvents(stop: StopReason, usage: AnthropicUsage): AnthropicStreamEvent[] {
  return [{ type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { ...usage } }, { type: 'message_stop' }];
}
