/**
 * Types of the ChatGPT Codex backend's Responses API (POST {codex_base}/responses), as used by this proxy.
 * Request side: only what we send. Event side: what we read; unknown fields are tolerated by the parsers.
 * Spec: docs/codex-backend.md (copied from the team's research notes) §4–§7.
 */

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface InputText { type: 'input_text'; text: string }
export interface InputImage { type: 'input_image'; image_url: string; detail?: 'auto' | 'low' | 'high' }
export interface InputFile { type: 'input_file'; file_data: string; filename: string }
export interface OutputText { type: 'output_text'; text: string }

export type UserContentPart = InputText | InputImage | InputFile;

export interface MessageItem {
  type: 'message';
  role: 'user' | 'developer' | 'system';
  content: UserContentPart[];
}
export interface AssistantMessageItem {
  type: 'message';
  role: 'assistant';
  content: OutputText[];
}
export interface ReasoningItem {
  type: 'reasoning';
  summary: { type: 'summary_text'; text: string }[];
  content?: null;
  encrypted_content: string;
}
export interface FunctionCallItem {
  type: 'function_call';
  call_id: string;
  name: string;
  arguments: string;
}
export interface FunctionCallOutputItem {
  type: 'function_call_output';
  call_id: string;
  output: string | (InputText | InputImage | InputFile)[];
}
export interface WebSearchCallInputItem {
  type: 'web_search_call';
  id: string;
  status: 'completed';
  action: { type: 'search'; query: string };
}

export type InputItem =
  | MessageItem
  | AssistantMessageItem
  | ReasoningItem
  | FunctionCallItem
  | FunctionCallOutputItem;

export interface FunctionTool {
  type: 'function';
  name: string;
  description: string;
  strict: false;
  parameters: Record<string, unknown>;
}
export interface WebSearchTool { type: 'web_search' }
export type Tool = FunctionTool | WebSearchTool;

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; name: string };

export interface ResponsesRequest {
  model: string;
  instructions: string;
  input: InputItem[];
  tools: Tool[];
  tool_choice: ToolChoice;
  parallel_tool_calls: boolean;
  reasoning?: { effort: ReasoningEffort; summary?: 'auto' | 'concise' | 'detailed' };
  store: false;
  stream: true;
  include: ['reasoning.encrypted_content'] | [];
  prompt_cache_key?: string;
  text?: {
    verbosity?: 'low' | 'medium' | 'high';
    format?: { type: 'json_schema'; name: string; strict: boolean; schema: Record<string, unknown> };
  };
}

// ---------------------------------------------------------------- stream events (upstream → proxy)

export interface ResponsesUsage {
  input_tokens?: number;
  input_tokens_details?: { cached_tokens?: number } | null;
  output_tokens?: number;
  output_tokens_details?: { reasoning_tokens?: number } | null;
  total_tokens?: number;
}

/** An output item as seen in output_item.added / output_item.done. Unknown item types are passed through. */
export type OutputItem =
  | { type: 'message'; id?: string; role?: 'assistant'; content?: ({ type: 'output_text'; text: string } | { type: 'refusal'; refusal: string })[] }
  | { type: 'reasoning'; id?: string; summary?: { type: 'summary_text'; text: string }[]; encrypted_content?: string | null }
  | { type: 'function_call'; id?: string; call_id: string; name: string; arguments?: string }
  | {
      type: 'web_search_call';
      id?: string;
      status?: string;
      action?: { type?: string; query?: string; sources?: { type?: string; url?: string; title?: string }[] };
    }
  | { type: string; id?: string; [k: string]: unknown };

export interface ResponseObject {
  id?: string;
  status?: string;
  model?: string;
  output?: OutputItem[];
  usage?: ResponsesUsage | null;
  error?: { code?: string; message?: string } | null;
  incomplete_details?: { reason?: string } | null;
}

/**
 * One parsed upstream SSE event. `type` is always present (the parser drops events without one);
 * the remaining fields depend on the type (see docs §6.2). Treat every field as possibly missing.
 */
export interface ResponsesStreamEvent {
  type: string;
  sequence_number?: number;
  response?: ResponseObject;
  output_index?: number;
  item?: OutputItem;
  item_id?: string;
  content_index?: number;
  summary_index?: number;
  delta?: string;
  text?: string;
  arguments?: string;
  refusal?: string;
  // `error` events: API style (top-level code/message) or backend style (`error:{type|code,message}`)
  code?: string | null;
  message?: string;
  param?: string | null;
  status?: number;
  error?: { type?: string; code?: string; message?: string; resets_at?: number; resets_in_seconds?: number };
  [k: string]: unknown;
}
