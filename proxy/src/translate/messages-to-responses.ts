/**
 * Anthropic Messages request (what Claude Code sends) → Codex Responses request (docs/codex-backend.md §4.3, §5).
 * Pure: no I/O, no clock, no state between calls. Nothing is dropped silently — every intentional drop is
 * counted in the TranslationReport, and everything the backend cannot take is listed there by name.
 *
 * Decisions (see also effort.ts, json-schema.ts, content-parts.ts, tool-pairing.ts):
 * - `instructions` = the system prompt joined with "\n\n" without the billing-header block; never empty.
 *   Mid-conversation `role:"system"` messages become `developer` messages at the same position.
 * - `reasoning.summary` is always `"auto"` (as Codex itself sends): summaries cost little, and the stream side
 *   decides from `thinkingMode` whether they are shown.
 * - Assistant media (invalid in Anthropic, but possible) and documents are sent as a user message at that
 *   position rather than dropped.
 * - `server_tool_use` / `web_search_tool_result` history blocks ran on the Codex side; they are not replayed
 *   (the model's own text with the results follows them) and are not counted.
 * - Unknown message-level block types are skipped and listed in `report.unknownBlockTypes`; unknown blocks
 *   inside a tool_result are kept as text (their `text`, else their JSON) and listed too. Server tools other than
 *   web search are skipped and listed there as `tool:<type>`.
 * - `stop_sequences` has no backend equivalent and is ignored here (the stream translator may emulate it later);
 *   `temperature`/`top_p`/`top_k`/`max_tokens`/`metadata`/… never leak: the body is built field by field.
 */
import { isCustomTool, type MessagesRequest, type Tool as AnthropicTool } from '../anthropic/request.js';
import type {
  AssistantMessageItem,
  FunctionCallItem,
  FunctionCallOutputItem,
  InputItem,
  MessageItem,
  OutputText,
  ReasoningEffort,
  ReasoningItem,
  ResponsesRequest,
  Tool,
  ToolChoice,
  UserContentPart,
} from '../codex/types.js';
import {
  documentPart,
  imagePart,
  inputText,
  isDocumentBlock,
  isImageBlock,
  isTextBlock,
  isThinkingBlock,
  isToolResultBlock,
  isToolUseLike,
  mediaPartOf,
  unknownBlockAsText,
  type MediaPart,
} from './content-parts.js';
import { resolveReasoningEffort } from './effort.js';
import { cleanToolParameters, qualifiesForStrictMode, stripTopLevelNoise } from './json-schema.js';
import { decodeThinkingSignature } from './thinking-signature.js';
import { enforceToolCallPairing } from './tool-pairing.js';
import { buildToolNameMap, shortenCallId, type ToolNameMap } from './tool-names.js';

export interface TranslateContext {
  /** Already routed, e.g. 'gpt-5.6-sol'. */
  codexModel: string;
  /** The model's supported levels (from the catalog). */
  effortLevels: ReasoningEffort[];
  /** From settings / the catalog default for this model family. */
  defaultEffort: ReasoningEffort;
  /** Tag of the account that will serve the request (thinking replay filter). */
  accountTag: string;
  /** Per Claude Code session. */
  promptCacheKey?: string;
}

export interface TranslationReport {
  /** Thinking blocks dropped (foreign/empty signature or another account's). */
  droppedThinking: number;
  droppedRedactedThinking: number;
  /** tool_results without a matching tool_use, rewritten as user text. */
  repairedOrphanOutputs: number;
  /** tool_uses without a tool_result, given "(no result)". */
  insertedMissingOutputs: number;
  /** Names only (compatibility sentinel); skipped server tools appear as `tool:<type>`. */
  unknownBlockTypes: string[];
  /** Top-level request fields we do not know (names only). */
  unknownFields: string[];
}

export type ThinkingMode = 'show' | 'omit' | 'none';

export interface TranslatedRequest {
  body: ResponsesRequest;
  toolNames: ToolNameMap;
  report: TranslationReport;
  thinkingMode: ThinkingMode;
}

/** Used when the client sent no system prompt: the backend wants a non-empty `instructions`. */
export const DEFAULT_INSTRUCTIONS = 'You are a helpful assistant.';
export const EMPTY_TOOL_RESULT = '(empty result)';
export const ERROR_PREFIX = 'Error: ';

/** Top-level fields of the Messages API we know, including the documented ones this proxy ignores. */
export const KNOWN_TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set([
  'model',
  'messages',
  'system',
  'max_tokens',
  'stream',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  'metadata',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'context_management',
  'safeguards',
  'service_tier',
  'container',
  'mcp_servers',
]);

const BILLING_HEADER = /^\s*x-anthropic-billing-header:/i;

// ------------------------------------------------------------------------------------------- entry point

export function toResponsesRequest(req: MessagesRequest, ctx: TranslateContext): TranslatedRequest {
  const report = emptyReport();
  report.unknownFields = unknownTopLevelFields(req);
  const toolNames = buildToolNameMap(collectToolNames(req));
  const tools = translateTools(req.tools ?? [], toolNames, report);
  const items = translateMessages(req.messages, { toolNames, accountTag: ctx.accountTag, report });
  const input = enforceToolCallPairing(items, toolNames, report);

  const body: ResponsesRequest = {
    model: ctx.codexModel,
    instructions: buildInstructions(req.system),
    input,
    tools,
    tool_choice: translateToolChoice(req.tool_choice, req.tools ?? [], tools, toolNames),
    parallel_tool_calls: allowsParallelToolCalls(req.tool_choice),
    reasoning: { effort: resolveReasoningEffort(req, ctx.effortLevels, ctx.defaultEffort), summary: 'auto' },
    store: false,
    stream: true,
    include: ['reasoning.encrypted_content'],
  };
  if (ctx.promptCacheKey) body.prompt_cache_key = ctx.promptCacheKey;
  const text = translateOutputFormat(req.output_config, report);
  if (text) body.text = text;

  report.unknownBlockTypes = [...new Set(report.unknownBlockTypes)];
  return { body, toolNames, report, thinkingMode: resolveThinkingMode(req.thinking) };
}

export function emptyReport(): TranslationReport {
  return {
    droppedThinking: 0,
    droppedRedactedThinking: 0,
    repairedOrphanOutputs: 0,
    insertedMissingOutputs: 0,
    unknownBlockTypes: [],
    unknownFields: [],
  };
}

/** 'none' without thinking (absent or disabled), 'omit' for `display:"omitted"`, else 'show'. */
export function resolveThinkingMode(thinking: MessagesRequest['thinking']): ThinkingMode {
  if (!thinking || thinking.type === 'disabled') return 'none';
  return thinking.display === 'omitted' ? 'omit' : 'show';
}

export function unknownTopLevelFields(req: MessagesRequest): string[] {
  return Object.keys(req).filter((key) => !KNOWN_TOP_LEVEL_FIELDS.has(key));
}

// ------------------------------------------------------------------------------------------- instructions

/** Removes Claude Code's `x-anthropic-billing-header: …` line (it changes per request kind; pure noise). */
export function withoutBillingHeader(text: string): string {
  if (!BILLING_HEADER.test(text)) return text;
  const newline = text.indexOf('\n');
  return newline < 0 ? '' : text.slice(newline + 1);
}

export function buildInstructions(system: MessagesRequest['system']): string {
  const texts = system === undefined ? [] : typeof system === 'string' ? [system] : system.map((block) => block.text);
  const kept = texts.map(withoutBillingHeader).filter((text) => text.trim() !== '');
  return kept.length > 0 ? kept.join('\n\n') : DEFAULT_INSTRUCTIONS;
}

// ------------------------------------------------------------------------------------------- tools

/** Every custom tool name of the request: declared tools and tool calls in the history. */
export function collectToolNames(req: MessagesRequest): string[] {
  const names = (req.tools ?? []).filter(isCustomTool).map((tool) => tool.name);
  for (const message of req.messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) if (isToolUseLike(block)) names.push(block.name);
  }
  return names;
}

const isWebSearchServerTool = (type: string): boolean => type.startsWith('web_search_');

const serverToolType = (tool: AnthropicTool): string => (typeof tool.type === 'string' ? tool.type : 'unknown');

export function translateTools(tools: AnthropicTool[], toolNames: ToolNameMap, report: TranslationReport): Tool[] {
  const out: Tool[] = [];
  let webSearchAdded = false;
  for (const tool of tools) {
    if (isCustomTool(tool)) {
      out.push({
        type: 'function',
        name: toolNames.toUpstream(tool.name),
        description: tool.description ?? '',
        strict: false,
        parameters: cleanToolParameters(tool.input_schema),
      });
      continue;
    }
    const type = serverToolType(tool);
    if (isWebSearchServerTool(type)) {
      if (!webSearchAdded) out.push({ type: 'web_search' });
      webSearchAdded = true;
      continue;
    }
    report.unknownBlockTypes.push(`tool:${type}`);
  }
  return out;
}

/**
 * auto/absent → "auto"; any → "required"; none → "none"; {type:"tool",name} → {type:"function",name} (mapped).
 * Without tools → "auto". A forced tool that is only a server tool (web search) → "required"; a forced name
 * that was never declared → "auto".
 */
export function translateToolChoice(
  choice: MessagesRequest['tool_choice'],
  declared: AnthropicTool[],
  tools: Tool[],
  toolNames: ToolNameMap,
): ToolChoice {
  if (tools.length === 0 || choice === undefined) return 'auto';
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool': {
      const upstream = toolNames.toUpstream(choice.name);
      if (tools.some((tool) => tool.type === 'function' && tool.name === upstream)) {
        return { type: 'function', name: upstream };
      }
      const forcedServerTool = declared.some((tool) => !isCustomTool(tool) && tool.name === choice.name);
      return forcedServerTool ? 'required' : 'auto';
    }
  }
}

export function allowsParallelToolCalls(choice: MessagesRequest['tool_choice']): boolean {
  return choice?.['disable_parallel_tool_use'] !== true;
}

// ------------------------------------------------------------------------------------------- output format

/** Responses format names must match ^[A-Za-z0-9_-]{1,64}$. */
function formatName(name: string | undefined): string {
  const cleaned = (name ?? '').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return cleaned || 'output';
}

/**
 * `output_config.format` json_schema → `text.format` json_schema. `strict` is true only when the schema meets
 * strict mode's rules (closed objects, all properties required, known keywords), so the backend never rejects it.
 * Other format types are listed in `report.unknownFields` as `output_config.format:<type>`.
 */
export function translateOutputFormat(
  config: MessagesRequest['output_config'],
  report: TranslationReport,
): ResponsesRequest['text'] | undefined {
  const format = config?.format;
  if (!format) return undefined;
  if (format.type !== 'json_schema' || !format.schema) {
    report.unknownFields.push(`output_config.format:${format.type}`);
    return undefined;
  }
  const schema = stripTopLevelNoise(format.schema);
  return { format: { type: 'json_schema', name: formatName(format.name), strict: qualifiesForStrictMode(schema), schema } };
}

// ------------------------------------------------------------------------------------------- messages

interface MessageContext {
  toolNames: ToolNameMap;
  accountTag: string;
  report: TranslationReport;
}

type ContentRole = 'user' | 'developer';
type BlockRole = ContentRole | 'assistant';

type PendingMessage = { role: ContentRole; content: UserContentPart[] } | { role: 'assistant'; content: OutputText[] };

/** Collects consecutive content of one role into one message item; any other item flushes it first. */
class InputBuilder {
  readonly items: InputItem[] = [];
  private pending: PendingMessage | null = null;

  addText(role: BlockRole, text: string): void {
    if (text === '') return;
    if (role === 'assistant') this.addOutputText(text);
    else this.addPart(role, inputText(text));
  }

  addPart(role: ContentRole, part: UserContentPart): void {
    if (this.pending?.role !== role) this.flush();
    if (this.pending === null) this.pending = { role, content: [] };
    if (this.pending.role !== 'assistant') this.pending.content.push(part);
  }

  addItem(item: InputItem): void {
    this.flush();
    this.items.push(item);
  }

  flush(): void {
    const pending = this.pending;
    this.pending = null;
    if (pending === null || pending.content.length === 0) return;
    if (pending.role === 'assistant') {
      const item: AssistantMessageItem = { type: 'message', role: 'assistant', content: pending.content };
      this.items.push(item);
    } else {
      const item: MessageItem = { type: 'message', role: pending.role, content: pending.content };
      this.items.push(item);
    }
  }

  private addOutputText(text: string): void {
    if (this.pending?.role !== 'assistant') this.flush();
    if (this.pending === null) this.pending = { role: 'assistant', content: [] };
    if (this.pending.role === 'assistant') this.pending.content.push({ type: 'output_text', text });
  }
}

export function translateMessages(messages: MessagesRequest['messages'], ctx: MessageContext): InputItem[] {
  const builder = new InputBuilder();
  for (const message of messages) {
    const role: BlockRole = message.role === 'system' ? 'developer' : message.role;
    if (typeof message.content === 'string') builder.addText(role, message.content);
    else for (const block of message.content) translateBlock(block, role, builder, ctx);
    builder.flush();
  }
  return builder.items;
}

function translateBlock(block: { type: string }, role: BlockRole, builder: InputBuilder, ctx: MessageContext): void {
  const { report } = ctx;
  switch (block.type) {
    case 'text':
      if (isTextBlock(block)) return builder.addText(role, block.text);
      break;
    case 'image':
      if (isImageBlock(block)) return addMedia(builder, role, imagePart(block));
      break;
    case 'document':
      if (isDocumentBlock(block)) return addMedia(builder, role, documentPart(block));
      break;
    case 'tool_use':
      if (isToolUseLike(block)) return builder.addItem(functionCallItem(block, ctx.toolNames));
      break;
    case 'tool_result':
      if (isToolResultBlock(block)) return builder.addItem(functionCallOutputItem(block, report));
      break;
    case 'thinking':
      if (isThinkingBlock(block)) {
        const reasoning = reasoningItemFor(block, ctx.accountTag);
        if (reasoning) builder.addItem(reasoning);
        else report.droppedThinking++;
        return;
      }
      break;
    case 'redacted_thinking':
      report.droppedRedactedThinking++;
      return;
    case 'server_tool_use':
    case 'web_search_tool_result':
      return; // executed on the Codex side; not replayable as input items
  }
  report.unknownBlockTypes.push(block.type);
}

/** Media in a user/system turn stays there; in an assistant turn it becomes a user message at that position. */
function addMedia(builder: InputBuilder, role: BlockRole, part: MediaPart): void {
  const contentRole: ContentRole = role === 'assistant' ? 'user' : role;
  builder.addPart(contentRole, part);
}

export function functionCallItem(
  block: { id: string; name: string; input?: unknown },
  toolNames: ToolNameMap,
): FunctionCallItem {
  return {
    type: 'function_call',
    call_id: shortenCallId(block.id),
    name: toolNames.toUpstream(block.name),
    arguments: JSON.stringify(block.input ?? {}),
  };
}

/** A thinking block signed by this proxy for THIS account → reasoning item; anything else → null (dropped). */
export function reasoningItemFor(block: { thinking: string; signature?: string }, accountTag: string): ReasoningItem | null {
  const decoded = decodeThinkingSignature(block.signature);
  if (!decoded || decoded.tag !== accountTag) return null;
  return {
    type: 'reasoning',
    summary: block.thinking ? [{ type: 'summary_text', text: block.thinking }] : [],
    encrypted_content: decoded.encryptedContent,
  };
}

// ------------------------------------------------------------------------------------------- tool results

type ToolResultInput = { tool_use_id: string; content?: string | { type: string }[]; is_error?: boolean | null };

export function functionCallOutputItem(block: ToolResultInput, report: TranslationReport): FunctionCallOutputItem {
  return { type: 'function_call_output', call_id: shortenCallId(block.tool_use_id), output: toolResultOutput(block, report) };
}

/** The tool result's parts in order; unknown blocks are kept as text and reported. */
export function toolResultParts(content: ToolResultInput['content'], report: TranslationReport): MediaPart[] {
  if (content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [inputText(content)];
  const parts: MediaPart[] = [];
  for (const block of content) {
    const part = mediaPartOf(block);
    if (part) {
      if (!(part.type === 'input_text' && part.text === '')) parts.push(part);
      continue;
    }
    report.unknownBlockTypes.push(block.type);
    parts.push(inputText(unknownBlockAsText(block as Record<string, unknown>))); // a parsed loose object
  }
  return parts;
}

/**
 * `output`: a string (texts joined with "\n") when the result is text only, else the array form so images and
 * files survive. `is_error` prefixes the text with "Error: ". An empty result becomes "(empty result)".
 */
export function toolResultOutput(block: ToolResultInput, report: TranslationReport): FunctionCallOutputItem['output'] {
  const parts = toolResultParts(block.content, report);
  const isError = block.is_error === true;
  const textOnly = parts.every((part) => part.type === 'input_text');
  if (textOnly) {
    const text = parts.map((part) => (part.type === 'input_text' ? part.text : '')).join('\n') || EMPTY_TOOL_RESULT;
    return isError ? `${ERROR_PREFIX}${text}` : text;
  }
  if (!isError) return parts;
  const [first, ...rest] = parts;
  if (first?.type === 'input_text') return [inputText(`${ERROR_PREFIX}${first.text}`), ...rest];
  return [inputText(ERROR_PREFIX.trimEnd()), ...parts];
}
