/**
 * OpenAI chat-completions request → Codex Responses request (docs/codex-backend.md §4.3, §5). Pure.
 *
 * Decisions:
 * - The leading run of `system` / `developer` messages becomes `instructions` (joined with "\n\n"; a default
 *   when there is none); any later one becomes a `developer` message at its position.
 * - User text → input_text; `image_url` (data URL or http(s) URL; `detail` kept) → input_image; `file` with
 *   `file_data` → input_file; other parts are skipped and listed in `report.unknownBlockTypes`.
 * - Assistant text → output_text; `tool_calls` → function_call items (names ≤ 64 chars via the tool-name map,
 *   call ids shortened the same way as for /v1/messages). `tool` messages → function_call_output; the pairing
 *   invariant is then enforced by enforceToolCallPairing (orphans become user text, missing outputs get
 *   "(no result)"). The deprecated `function` role becomes user text.
 * - `tools` (function tools) → function tools with cleaned parameters; other tool types are listed as
 *   `tool:<type>`. `tool_choice` and `parallel_tool_calls` map one to one (a forced tool that was not declared →
 *   "auto").
 * - `reasoning_effort` is clamped to the routed model's levels (unknown values → the route's default). No
 *   reasoning summary is requested: chat completions have no place to show it.
 * - `response_format` json_schema → `text.format` json_schema (strict only when the schema qualifies);
 *   json_object → json_schema `{type:"object"}` (what the backend's structured output can express);
 *   `verbosity` → `text.verbosity`.
 * - Sampling knobs, `max_tokens`, `stop`, `n`, … never reach the backend (the body is built field by field).
 */
import type {
  FunctionCallItem,
  FunctionCallOutputItem,
  InputItem,
  MessageItem,
  ReasoningEffort,
  ResponsesRequest,
  Tool,
  ToolChoice,
  UserContentPart,
} from '../codex/types.js';
import {
  isFunctionTool,
  type ChatCompletionRequest,
  type ChatMessage,
  type ChatResponseFormat,
  type ChatTool,
  type ChatToolChoice,
} from '../openai/request.js';
import { inputText } from './content-parts.js';
import { clampEffort, isReasoningEffort } from './effort.js';
import { cleanToolParameters } from './json-schema.js';
import {
  DEFAULT_INSTRUCTIONS,
  emptyReport,
  translateOutputFormat,
  withoutBillingHeader,
  type TranslateContext,
  type TranslationReport,
} from './messages-to-responses.js';
import { enforceToolCallPairing } from './tool-pairing.js';
import { buildToolNameMap, shortenCallId, type ToolNameMap } from './tool-names.js';

export interface TranslatedChatRequest {
  body: ResponsesRequest;
  toolNames: ToolNameMap;
  report: TranslationReport;
}

export const KNOWN_CHAT_FIELDS: ReadonlySet<string> = new Set([
  'model', 'messages', 'stream', 'stream_options', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning_effort',
  'response_format', 'verbosity', 'n', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'stop', 'user',
  'metadata', 'seed', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'logprobs', 'top_logprobs', 'store',
  'service_tier', 'modalities', 'prediction', 'prompt_cache_key', 'safety_identifier', 'functions', 'function_call',
]);

export function chatToResponsesRequest(req: ChatCompletionRequest, ctx: TranslateContext): TranslatedChatRequest {
  const report = emptyReport();
  report.unknownFields = Object.keys(req).filter((k) => !KNOWN_CHAT_FIELDS.has(k));
  const toolNames = buildToolNameMap(collectToolNames(req));
  const tools = translateChatTools(req.tools ?? [], toolNames, report);
  const { instructions, rest } = splitInstructions(req.messages);
  const items = rest.flatMap((m) => translateChatMessage(m, toolNames, report));
  const input = enforceToolCallPairing(items, toolNames, report);

  const body: ResponsesRequest = {
    model: ctx.codexModel,
    instructions,
    input,
    tools,
    tool_choice: translateChatToolChoice(req.tool_choice, tools, toolNames),
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    reasoning: { effort: chatEffort(req.reasoning_effort, ctx) },
    store: false,
    stream: true,
    include: [],
  };
  if (ctx.promptCacheKey) body.prompt_cache_key = ctx.promptCacheKey;
  const text = chatTextConfig(req, report);
  if (text) body.text = text;
  report.unknownBlockTypes = [...new Set(report.unknownBlockTypes)];
  return { body, toolNames, report };
}

function collectToolNames(req: ChatCompletionRequest): string[] {
  const names = (req.tools ?? []).filter(isFunctionTool).map((t) => t.function.name);
  for (const m of req.messages) if (m.role === 'assistant') for (const c of m.tool_calls ?? []) names.push(c.function.name);
  return names;
}

export function chatEffort(wanted: string | null | undefined, ctx: Pick<TranslateContext, 'effortLevels' | 'defaultEffort'>): ReasoningEffort {
  const normalized = typeof wanted === 'string' ? wanted.trim().toLowerCase() : undefined;
  const effort = normalized === 'ultra' ? 'max' : normalized;
  if (isReasoningEffort(effort)) return clampEffort(effort, ctx.effortLevels);
  return clampEffort(ctx.defaultEffort, ctx.effortLevels);
}

// ------------------------------------------------------------------------------------------- instructions

/** Text of a system / developer / tool message content (string or text parts). */
export function chatText(content: string | { type: string; text?: unknown }[] | null | undefined): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((p) => (p.type === 'text' && typeof p.text === 'string' ? p.text : ''))
    .filter((t) => t !== '')
    .join('\n');
}

function splitInstructions(messages: ChatMessage[]): { instructions: string; rest: ChatMessage[] } {
  let i = 0;
  const texts: string[] = [];
  for (; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role !== 'system' && m.role !== 'developer') break;
    const t = withoutBillingHeader(chatText(m.content));
    if (t.trim() !== '') texts.push(t);
  }
  return { instructions: texts.length > 0 ? texts.join('\n\n') : DEFAULT_INSTRUCTIONS, rest: messages.slice(i) };
}

// ------------------------------------------------------------------------------------------- messages

function userParts(content: Extract<ChatMessage, { role: 'user' }>['content'], report: TranslationReport): UserContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [inputText(content)];
  const parts: UserContentPart[] = [];
  for (const part of content) {
    const p = part as Record<string, unknown>;
    switch (part.type) {
      case 'text':
        if (typeof p['text'] === 'string' && p['text'] !== '') parts.push(inputText(p['text']));
        continue;
      case 'image_url': {
        const img = p['image_url'];
        const url = typeof img === 'string' ? img : (img as { url: string }).url;
        const detail = typeof img === 'object' && img !== null ? (img as { detail?: 'auto' | 'low' | 'high' }).detail : undefined;
        parts.push(detail ? { type: 'input_image', image_url: url, detail } : { type: 'input_image', image_url: url });
        continue;
      }
      case 'file': {
        const file = p['file'] as { file_data?: string; filename?: string };
        if (typeof file.file_data === 'string' && file.file_data.startsWith('data:')) {
          parts.push({ type: 'input_file', file_data: file.file_data, filename: file.filename || 'document.pdf' });
          continue;
        }
        break;
      }
    }
    report.unknownBlockTypes.push(part.type);
  }
  return parts;
}

function textMessage(role: MessageItem['role'], text: string): MessageItem[] {
  return text === '' ? [] : [{ type: 'message', role, content: [inputText(text)] }];
}

export function translateChatMessage(m: ChatMessage, toolNames: ToolNameMap, report: TranslationReport): InputItem[] {
  switch (m.role) {
    case 'system':
    case 'developer':
      return textMessage('developer', chatText(m.content));
    case 'user': {
      const content = userParts(m.content, report);
      return content.length > 0 ? [{ type: 'message', role: 'user', content }] : [];
    }
    case 'assistant': {
      const items: InputItem[] = [];
      const text = typeof m.content === 'string' ? m.content : chatText(m.content);
      if (text !== '') items.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
      for (const call of m.tool_calls ?? []) {
        const item: FunctionCallItem = {
          type: 'function_call',
          call_id: shortenCallId(call.id),
          name: toolNames.toUpstream(call.function.name),
          arguments: call.function.arguments || '{}',
        };
        items.push(item);
      }
      return items;
    }
    case 'tool': {
      const output: FunctionCallOutputItem = {
        type: 'function_call_output',
        call_id: shortenCallId(m.tool_call_id),
        output: chatText(m.content) || '(empty result)',
      };
      return [output];
    }
    case 'function':
      return textMessage('user', `[Previous ${m.name} result]: ${m.content ?? ''}`);
  }
}

// ------------------------------------------------------------------------------------------- tools

export function translateChatTools(tools: ChatTool[], toolNames: ToolNameMap, report: TranslationReport): Tool[] {
  const out: Tool[] = [];
  for (const t of tools) {
    if (!isFunctionTool(t)) {
      report.unknownBlockTypes.push(`tool:${t.type}`);
      continue;
    }
    out.push({
      type: 'function',
      name: toolNames.toUpstream(t.function.name),
      description: t.function.description ?? '',
      strict: false,
      parameters: cleanToolParameters(t.function.parameters ?? { type: 'object', properties: {} }),
    });
  }
  return out;
}

export function translateChatToolChoice(choice: ChatToolChoice | undefined, tools: Tool[], toolNames: ToolNameMap): ToolChoice {
  if (tools.length === 0 || choice === undefined) return 'auto';
  if (typeof choice === 'string') return choice;
  const name = toolNames.toUpstream(choice.function.name);
  return tools.some((t) => t.type === 'function' && t.name === name) ? { type: 'function', name } : 'auto';
}

// ------------------------------------------------------------------------------------------- output format

const VERBOSITY = new Set(['low', 'medium', 'high']);

export function chatTextConfig(req: ChatCompletionRequest, report: TranslationReport): ResponsesRequest['text'] | undefined {
  const text: NonNullable<ResponsesRequest['text']> = {};
  const format = responseFormatToText(req.response_format, report);
  if (format) text.format = format;
  const verbosity = (req as Record<string, unknown>)['verbosity'];
  if (typeof verbosity === 'string' && VERBOSITY.has(verbosity)) text.verbosity = verbosity as 'low' | 'medium' | 'high';
  return Object.keys(text).length > 0 ? text : undefined;
}

function responseFormatToText(rf: ChatResponseFormat | undefined, report: TranslationReport): NonNullable<ResponsesRequest['text']>['format'] {
  if (!rf || rf.type === 'text') return undefined;
  if (rf.type === 'json_object') {
    return { type: 'json_schema', name: 'json_object', strict: false, schema: { type: 'object' } };
  }
  const js = (rf as Extract<ChatResponseFormat, { type: 'json_schema' }>).json_schema;
  const schema = js.schema ?? { type: 'object' };
  return translateOutputFormat({ format: { type: 'json_schema', schema, name: js.name } }, report)?.format;
}
