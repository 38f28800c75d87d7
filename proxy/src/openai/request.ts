/**
 * The OpenAI chat-completions request, validated at the boundary with zod. Unknown fields are tolerated everywhere
 * (objects are `loose`; unknown content-part and tool types are kept so the translator can report and skip them).
 */
import { z } from 'zod';
import { describeZodError, type ParseResult } from '../anthropic/request.js';

export const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
export const imageUrlPart = z.looseObject({
  type: z.literal('image_url'),
  /** The spec's object form; a bare string is accepted too (several clients send it). */
  image_url: z.union([z.looseObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }), z.string().min(1)]),
});
export const filePart = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({ file_data: z.string().optional(), filename: z.string().optional(), file_id: z.string().optional() }),
});
export const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
/** A part of a type this version does not know. A known type with a malformed body is an error, never "unknown". */
const KNOWN_PART_TYPES: readonly string[] = ['text', 'image_url', 'file', 'refusal'];
export const unknownPart = z.looseObject({ type: z.string().refine((t) => !KNOWN_PART_TYPES.includes(t), 'malformed content part') });

const userPart = z.union([textPart, imageUrlPart, filePart, unknownPart]);
const textOnlyContent = z.union([z.string(), z.array(z.union([textPart, unknownPart]))]);

export const toolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string().optional() }),
});

const systemMessage = z.looseObject({ role: z.literal('system'), content: textOnlyContent, name: z.string().optional() });
const developerMessage = z.looseObject({ role: z.literal('developer'), content: textOnlyContent, name: z.string().optional() });
const userMessage = z.looseObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(userPart)]),
  name: z.string().optional(),
});
const assistantMessage = z.looseObject({
  role: z.literal('assistant'),
  content: z.union([z.string(), z.array(z.union([textPart, refusalPart, unknownPart]))]).nullish(),
  tool_calls: z.array(toolCall).nullish(),
  refusal: z.string().nullish(),
  name: z.string().optional(),
});
const toolMessage = z.looseObject({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: textOnlyContent });
/** Deprecated `function` role (the result of a legacy function_call); read as a tool result without a call id. */
const functionMessage = z.looseObject({ role: z.literal('function'), name: z.string(), content: z.string().nullish() });

export const chatMessage = z.discriminatedUnion('role', [
  systemMessage,
  developerMessage,
  userMessage,
  assistantMessage,
  toolMessage,
  functionMessage,
]);

export const functionTool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});
export const chatTool = z.union([functionTool, z.looseObject({ type: z.string().refine((t) => t !== 'function', 'malformed function tool') })]);

export const chatToolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
]);

export const responseFormat = z.union([
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().optional(),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

export const chatCompletionRequest = z.looseObject({
  model: z.string().min(1),
  messages: z.array(chatMessage).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  tools: z.array(chatTool).optional(),
  tool_choice: chatToolChoice.optional(),
  parallel_tool_calls: z.boolean().optional(),
  reasoning_effort: z.string().nullish(),
  response_format: responseFormat.optional(),
  n: z.number().int().min(1).max(1, 'n > 1 is not supported by this proxy').nullish(),
  max_tokens: z.number().int().nonnegative().nullish(),
  max_completion_tokens: z.number().int().nonnegative().nullish(),
  user: z.string().optional(),
});

export type ChatTextPart = z.infer<typeof textPart>;
export type ChatImageUrlPart = z.infer<typeof imageUrlPart>;
export type ChatFilePart = z.infer<typeof filePart>;
export type ChatMessage = z.infer<typeof chatMessage>;
export type ChatTool = z.infer<typeof chatTool>;
export type ChatFunctionTool = z.infer<typeof functionTool>;
export type ChatToolChoice = z.infer<typeof chatToolChoice>;
export type ChatResponseFormat = z.infer<typeof responseFormat>;
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;

/** Where the zod failure happened, as an OpenAI `param` (e.g. `messages[2].content`). */
function paramOf(error: z.ZodError): string | null {
  const path = error.issues[0]?.path ?? [];
  if (path.length === 0) return null;
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

export function parseChatCompletionRequest(body: unknown): ParseResult<ChatCompletionRequest> & { param?: string | null } {
  const r = chatCompletionRequest.safeParse(body);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: describeZodError(r.error), param: paramOf(r.error) };
}

export function isFunctionTool(t: ChatTool): t is ChatFunctionTool {
  return t.type === 'function' && 'function' in t && typeof (t as { function?: unknown }).function === 'object';
}
