/**
 * Anthropic Messages request → OpenAI chat-completions request, for the Haiku lane's OpenAI-compatible upstream
 * (OpenRouter). Pure.
 *
 * The conversation goes through the same first stage as the Codex path (translateMessages + the pairing repair of
 * tool-pairing.ts), so every block rule is shared: images (base64 → data URL, url → URL), documents (PDF → file
 * part, text → text), tool_use → tool call (names ≤ 64 chars, stable ids), tool_result → `tool` message
 * (is_error → "Error: " prefix, empty → "(empty result)"), orphan results → user text, missing results →
 * "(no result)". Then the Responses items become chat messages:
 * - user / developer (mid-conversation system) items → `user` / `system` messages (a single text part is sent as
 *   a string);
 * - consecutive assistant text + function calls → one `assistant` message with `tool_calls`;
 * - function_call_output → `tool` message with text content; images returned by a tool cannot go in a `tool`
 *   message, so they follow the run of tool messages as one `user` message.
 * - Thinking blocks are dropped: replay only works on the upstream that signed them, and a chat upstream takes
 *   none (the lane's own thinking carries LANE_THINKING_SIGNATURE, which the Codex path drops as well).
 * Request fields: system (billing header removed) → leading `system` message; tools → function tools (server tools
 * never reach here: requests with them stay on Codex); tool_choice / disable_parallel_tool_use →
 * tool_choice / parallel_tool_calls; thinking (enabled / adaptive) → OpenRouter's `reasoning:{effort}`;
 * output_config.format json_schema → response_format; max_tokens (capped at MAX_LANE_TOKENS), temperature,
 * top_p, stop_sequences → stop; always `stream:true` with `stream_options.include_usage`.
 */
import type { MessagesRequest } from '../anthropic/request.js';
import type { InputItem, InputText, InputImage, InputFile, ReasoningEffort, ToolChoice } from '../codex/types.js';
import { resolveReasoningEffort } from './effort.js';
import {
  buildInstructions,
  collectToolNames,
  DEFAULT_INSTRUCTIONS,
  emptyReport,
  resolveThinkingMode,
  translateMessages,
  translateOutputFormat,
  translateToolChoice,
  translateTools,
  allowsParallelToolCalls,
  type ThinkingMode,
  type TranslationReport,
} from './messages-to-responses.js';
import { enforceToolCallPairing } from './tool-pairing.js';
import { buildToolNameMap, type ToolNameMap } from './tool-names.js';
import { isCustomTool } from '../anthropic/request.js';

/** Claude Code asks for up to 128k output tokens; most chat upstreams reject more than their own limit. */
export const MAX_LANE_TOKENS = 32_000;
/** Thinking blocks produced by the lane: not a `ccp1.` signature, so neither path ever replays them. */
export const LANE_THINKING_SIGNATURE = 'ccp-lane.haiku';
/** An account tag that matches no Codex account: every thinking block is dropped on the way to the lane. */
const NO_ACCOUNT_TAG = '(haiku-lane)';
const LANE_EFFORTS: ReasoningEffort[] = ['low', 'medium', 'high'];

export type ChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }
  | { type: 'file'; file: { filename: string; file_data: string } };

export interface ChatToolCallOut {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatMessageOut =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCallOut[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface UpstreamChatRequest {
  model: string;
  messages: ChatMessageOut[];
  stream: true;
  stream_options: { include_usage: true };
  tools?: { type: 'function'; function: { name: string; description: string; parameters: Record<string, unknown> } }[];
  tool_choice?: 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };
  parallel_tool_calls?: boolean;
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  reasoning?: { effort: ReasoningEffort };
  response_format?: { type: 'json_schema'; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } };
}

export interface TranslatedChatLaneRequest {
  body: UpstreamChatRequest;
  toolNames: ToolNameMap;
  thinkingMode: ThinkingMode;
  report: TranslationReport;
}

/** True when the request needs a server tool (web search …) that only the Codex path provides. */
export function needsServerTools(req: Pick<MessagesRequest, 'tools'>): boolean {
  return (req.tools ?? []).some((t) => !isCustomTool(t));
}

export function messagesToChatRequest(req: MessagesRequest, model: string): TranslatedChatLaneRequest {
  const report = emptyReport();
  const toolNames = buildToolNameMap(collectToolNames(req));
  const items = enforceToolCallPairing(translateMessages(req.messages, { toolNames, accountTag: NO_ACCOUNT_TAG, report }), toolNames, report);
  const system = buildInstructions(req.system);
  const messages: ChatMessageOut[] = [];
  if (system !== DEFAULT_INSTRUCTIONS || req.system !== undefined) messages.push({ role: 'system', content: system });
  messages.push(...itemsToChatMessages(items));

  const body: UpstreamChatRequest = { model, messages, stream: true, stream_options: { include_usage: true } };
  const tools = translateTools(req.tools ?? [], toolNames, report).filter((t) => t.type === 'function');
  if (tools.length > 0) {
    body.tools = tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
    body.tool_choice = chatToolChoice(translateToolChoice(req.tool_choice, req.tools ?? [], tools, toolNames));
    body.parallel_tool_calls = allowsParallelToolCalls(req.tool_choice);
  }
  if (typeof req.max_tokens === 'number' && req.max_tokens > 0) body.max_tokens = Math.min(req.max_tokens, MAX_LANE_TOKENS);
  if (typeof req.temperature === 'number') body.temperature = req.temperature;
  if (typeof req.top_p === 'number') body.top_p = req.top_p;
  if (req.stop_sequences?.length) body.stop = req.stop_sequences.slice(0, 4);
  const thinking = req.thinking;
  if (thinking && thinking.type !== 'disabled') body.reasoning = { effort: resolveReasoningEffort(req, LANE_EFFORTS, 'medium') };
  const format = translateOutputFormat(req.output_config, report)?.format;
  if (format) body.response_format = { type: 'json_schema', json_schema: { name: format.name, strict: format.strict, schema: format.schema } };
  return { body, toolNames, thinkingMode: resolveThinkingMode(req.thinking), report };
}

function chatToolChoice(c: ToolChoice): NonNullable<UpstreamChatRequest['tool_choice']> {
  return typeof c === 'string' ? c : { type: 'function', function: { name: c.name } };
}

function chatPart(p: InputText | InputImage | InputFile): ChatContentPart {
  switch (p.type) {
    case 'input_text':
      return { type: 'text', text: p.text };
    case 'input_image':
      return { type: 'image_url', image_url: p.detail ? { url: p.image_url, detail: p.detail } : { url: p.image_url } };
    case 'input_file':
      return { type: 'file', file: { filename: p.filename, file_data: p.file_data } };
  }
}

function userContent(parts: ChatContentPart[]): string | ChatContentPart[] {
  const only = parts[0];
  return parts.length === 1 && only?.type === 'text' ? only.text : parts;
}

/** Responses input items (already pairing-repaired) → chat messages. */
export function itemsToChatMessages(items: InputItem[]): ChatMessageOut[] {
  const out: ChatMessageOut[] = [];
  let toolImages: ChatContentPart[] = [];
  const flushToolImages = (): void => {
    if (toolImages.length === 0) return;
    out.push({ role: 'user', content: [{ type: 'text', text: '[Images returned by the tool calls above]' }, ...toolImages] });
    toolImages = [];
  };
  const openAssistant = (): Extract<ChatMessageOut, { role: 'assistant' }> => {
    const last = out[out.length - 1];
    if (last?.role === 'assistant') return last;
    const m: Extract<ChatMessageOut, { role: 'assistant' }> = { role: 'assistant', content: null };
    out.push(m);
    return m;
  };

  for (const item of items) {
    if (item.type !== 'function_call_output') flushToolImages();
    switch (item.type) {
      case 'message': {
        if (item.role === 'assistant') {
          const text = item.content.map((c) => c.text).join('');
          const m = openAssistant();
          if (m.tool_calls?.length) out.push({ role: 'assistant', content: text });
          else m.content = (m.content ?? '') + text;
          break;
        }
        const parts = item.content.map(chatPart);
        if (item.role === 'user') out.push({ role: 'user', content: userContent(parts) });
        else out.push({ role: 'system', content: parts.map((p) => (p.type === 'text' ? p.text : '')).join('\n') });
        break;
      }
      case 'function_call': {
        const m = openAssistant();
        (m.tool_calls ??= []).push({ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } });
        break;
      }
      case 'function_call_output': {
        if (typeof item.output === 'string') {
          out.push({ role: 'tool', tool_call_id: item.call_id, content: item.output });
          break;
        }
        const texts = item.output.filter((p): p is InputText => p.type === 'input_text').map((p) => p.text);
        const media = item.output.filter((p) => p.type !== 'input_text').map(chatPart);
        out.push({ role: 'tool', tool_call_id: item.call_id, content: texts.join('\n') || (media.length ? '(see the images below)' : '(empty result)') });
        toolImages.push(...media);
        break;
      }
      case 'reasoning':
        break; // never produced: no thinking block matches NO_ACCOUNT_TAG
    }
  }
  flushToolImages();
  return out;
}
