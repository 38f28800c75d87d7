/**
 * OpenAI chat-completions response shapes the proxy emits (streaming chunks, the non-stream completion, the error
 * envelope). Request validation lives in request.ts. Only what we produce is typed here.
 */

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

export interface ChatToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

export interface ChatChunkDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  tool_calls?: ChatToolCallDelta[];
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  system_fingerprint: null;
  choices: { index: 0; delta: ChatChunkDelta; logprobs: null; finish_reason: ChatFinishReason | null }[];
  usage?: ChatUsage | null;
}

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  system_fingerprint: null;
  choices: {
    index: 0;
    message: { role: 'assistant'; content: string | null; refusal: null; tool_calls?: ChatToolCall[] };
    logprobs: null;
    finish_reason: ChatFinishReason;
  }[];
  usage: ChatUsage;
}

/** `{error:{message,type,param,code}}`: the envelope both the openai SDK and raw clients read. */
export interface OpenAIErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/**
 * What the chat dialect streams: a chunk (`data: <json>`), an in-stream error (`data: {"error":…}`), the `[DONE]`
 * sentinel, or a keep-alive (an SSE comment line, which every SSE client ignores).
 */
export type ChatSseEvent =
  | { kind: 'chunk'; chunk: ChatCompletionChunk }
  | { kind: 'error'; error: OpenAIErrorBody }
  | { kind: 'done' }
  | { kind: 'comment'; text: string };
