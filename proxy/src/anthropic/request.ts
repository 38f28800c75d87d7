/**
 * The Anthropic Messages request, validated at the boundary with zod.
 * Unknown fields (newer Claude Code releases add them often) are tolerated everywhere: objects are `loose`,
 * and unknown content-block types are kept as `UnknownBlock` so the translator can count and skip them.
 */
import { z } from 'zod';

const cacheControl = z.unknown().optional();

export const textBlock = z.looseObject({ type: z.literal('text'), text: z.string(), cache_control: cacheControl });

const base64Source = z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() });
const urlSource = z.looseObject({ type: z.literal('url'), url: z.string() });
const textSource = z.looseObject({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() });

export const imageBlock = z.looseObject({
  type: z.literal('image'),
  source: z.union([base64Source, urlSource]),
  cache_control: cacheControl,
});
export const documentBlock = z.looseObject({
  type: z.literal('document'),
  source: z.union([base64Source, urlSource, textSource]),
  title: z.string().nullish(),
  cache_control: cacheControl,
});
export const toolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown().optional(),
  cache_control: cacheControl,
});
export const thinkingBlock = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().optional(),
});
export const redactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });
export const serverToolUseBlock = z.looseObject({
  type: z.literal('server_tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown().optional(),
});
export const webSearchToolResultBlock = z.looseObject({
  type: z.literal('web_search_tool_result'),
  tool_use_id: z.string(),
  content: z.unknown(),
});

/** Block types whose shape is validated: a malformed one is an error, never an "unknown" block. */
const KNOWN_BLOCK_TYPES: readonly string[] = [
  'text',
  'image',
  'document',
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking',
  'server_tool_use',
  'web_search_tool_result',
];
const unknownType = z.string().refine((t) => !KNOWN_BLOCK_TYPES.includes(t), 'malformed content block');

const toolResultContentBlock = z.union([textBlock, imageBlock, documentBlock, z.looseObject({ type: unknownType })]);
export const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(toolResultContentBlock)]).optional(),
  is_error: z.boolean().nullish(),
  cache_control: cacheControl,
});

/** Any block type this version does not know. Kept, counted by the compatibility sentinel, never sent upstream. */
export const unknownBlock = z.looseObject({ type: unknownType });

export const contentBlock = z.union([
  textBlock,
  imageBlock,
  documentBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
  serverToolUseBlock,
  webSearchToolResultBlock,
  unknownBlock,
]);

export const message = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(contentBlock)]),
});

export const customTool = z.looseObject({
  type: z.literal('custom').optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()),
  cache_control: cacheControl,
  defer_loading: z.boolean().optional(),
});
/** Server tools such as `web_search_20250305` (versioned `type`, no input_schema). */
export const serverTool = z.looseObject({ type: z.string().refine((t) => t !== 'custom', 'malformed custom tool'), name: z.string() });
export const tool = z.union([customTool, serverTool]);

export const toolChoice = z.union([
  z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('none') }),
  z.looseObject({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }),
]);

export const thinkingConfig = z.union([
  z.looseObject({ type: z.literal('enabled'), budget_tokens: z.number().int().nonnegative().optional(), display: z.string().optional() }),
  z.looseObject({ type: z.literal('adaptive'), display: z.string().optional() }),
  z.looseObject({ type: z.literal('disabled') }),
]);

export const outputConfig = z.looseObject({
  effort: z.string().optional(),
  format: z
    .looseObject({ type: z.string(), schema: z.record(z.string(), z.unknown()).optional(), name: z.string().optional() })
    .optional(),
});

export const systemPrompt = z.union([z.string(), z.array(textBlock)]);

/** Anthropic's required fields are required here too: `model`, a non-empty `messages`, `max_tokens` ≥ 1. */
export const messagesRequest = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  system: systemPrompt.optional(),
  max_tokens: z.number().int().positive(),
  stream: z.boolean().nullish(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  thinking: thinkingConfig.optional(),
  output_config: outputConfig.optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  top_k: z.number().optional(),
});

export const countTokensRequest = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message),
  system: systemPrompt.optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  thinking: thinkingConfig.optional(),
});

export type TextBlock = z.infer<typeof textBlock>;
export type ImageBlock = z.infer<typeof imageBlock>;
export type DocumentBlock = z.infer<typeof documentBlock>;
export type ToolUseBlock = z.infer<typeof toolUseBlock>;
export type ToolResultBlock = z.infer<typeof toolResultBlock>;
export type ThinkingBlock = z.infer<typeof thinkingBlock>;
export type ContentBlock = z.infer<typeof contentBlock>;
export type Message = z.infer<typeof message>;
export type Tool = z.infer<typeof tool>;
export type CustomTool = z.infer<typeof customTool>;
export type ToolChoice = z.infer<typeof toolChoice>;
export type ThinkingConfig = z.infer<typeof thinkingConfig>;
export type MessagesRequest = z.infer<typeof messagesRequest>;
export type CountTokensRequest = z.infer<typeof countTokensRequest>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Turns a zod failure into one readable sentence naming the field, e.g. `messages.2.content: Invalid input`. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request body';
  const where = issue.path.length ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}`;
}

export function parseMessagesRequest(body: unknown): ParseResult<MessagesRequest> {
  const r = messagesRequest.safeParse(body);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: describeZodError(r.error) };
}

export function parseCountTokensRequest(body: unknown): ParseResult<CountTokensRequest> {
  const r = countTokensRequest.safeParse(body);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: describeZodError(r.error) };
}

/** True for the custom (function) tools; false for server tools such as web_search_20250305. */
export function isCustomTool(t: Tool): t is CustomTool {
  return 'input_schema' in t && (t.type === undefined || t.type === 'custom');
}
