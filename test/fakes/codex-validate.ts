/**
 * Strict validator for POST /backend-api/codex/responses bodies (spec §4.3, §5.1, §11 rules 3–12).
 * Answers with the real backend's error bodies (§9.1): `{"detail": …}` for the Codex-specific checks and the
 * OpenAI-style `{"error":{message,type,param,code}}` for Responses-schema violations.
 * Rules 1–2 (auth headers) are checked by the server, not here.
 */
import type { ModelInfo } from './codex-catalog.js';

export type ValidationFailure = { ok: false; status: number; body: unknown; message: string };
/** `reasoningReplays` counts input reasoning items accepted under rule 11 (0 when rule 11 is skipped). */
export type ValidationResult = { ok: true; reasoningReplays: number } | ValidationFailure;

export interface ValidateContext {
  catalog: ModelInfo[];
  /** encrypted_content → accountId that it was issued to. When undefined, rule 11 is skipped. */
  issuedReasoning?: Map<string, string>;
  accountId?: string;
  /** default true: a missing `instructions` is rejected with "Instructions are required". */
  requireInstructions?: boolean;
}

class Reject extends Error {
  constructor(readonly failure: ValidationFailure) {
    super(failure.message);
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function detail(message: string, status = 400): never {
  throw new Reject({ ok: false, status, body: { detail: message }, message });
}

function apiError(message: string, param: string | null, code: string | null, status = 400): never {
  throw new Reject({
    ok: false,
    status,
    body: { error: { message, type: 'invalid_request_error', param, code } },
    message,
  });
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(v) ? 'an integer' : 'a decimal';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

function invalidType(path: string, expected: string, got: unknown): never {
  apiError(`Invalid type for '${path}': expected ${expected}, but got ${describeType(got)} instead.`, path, 'invalid_type');
}

function listValues(values: readonly string[]): string {
  const q = values.map((v) => `'${v}'`);
  if (q.length <= 1) return q.join('');
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

function invalidValue(path: string, value: unknown, supported: readonly string[]): never {
  apiError(`Invalid value: '${String(value)}'. Supported values are: ${listValues(supported)}.`, path, 'invalid_value');
}

function missing(path: string): never {
  apiError(`Missing required parameter: '${path}'.`, path, 'missing_required_parameter');
}

function checkKeys(o: Obj, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) {
      const p = path ? `${path}.${k}` : k;
      apiError(`Unknown parameter: '${p}'.`, p, 'unknown_parameter');
    }
  }
}

function requireString(o: Obj, key: string, path: string, opts: { optional?: boolean; nullable?: boolean } = {}): string | undefined {
  const v = o[key];
  const p = `${path}.${key}`;
  if (v === undefined) {
    if (opts.optional) return undefined;
    missing(p);
  }
  if (v === null && opts.nullable) return undefined;
  if (typeof v !== 'string') invalidType(p, 'a string', v);
  return v;
}

function maxLen(value: string, max: number, path: string): void {
  if (value.length > max) {
    apiError(
      `Invalid '${path}': string too long. Expected a string with maximum length ${max}, but got a string with length ${value.length} instead.`,
      path,
      'string_above_max_length',
    );
  }
}

const NAME_RE = /^[a-zA-Z0-9_-]+$/;
function checkName(value: string, path: string): void {
  maxLen(value, 64, path);
  if (!NAME_RE.test(value)) {
    apiError(
      `Invalid '${path}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
      path,
      'invalid_value',
    );
  }
}

function checkEnum(o: Obj, key: string, values: readonly string[], path: string, nullable = true): void {
  const v = o[key];
  if (v === undefined || (v === null && nullable)) return;
  if (typeof v !== 'string') invalidType(`${path}.${key}`, 'a string', v);
  if (!values.includes(v)) invalidValue(`${path}.${key}`, v, values);
}

function checkBool(o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v === undefined || v === null) return;
  if (typeof v !== 'boolean') invalidType(path ? `${path}.${key}` : key, 'a boolean', v);
}

// ------------------------------------------------------------------------------------------ allow-lists

const TOP_LEVEL = [
  'model',
  'instructions',
  'input',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning',
  'store',
  'stream',
  'include',
  'prompt_cache_key',
  'text',
  'service_tier',
  'client_metadata',
] as const;

const UNSUPPORTED = ['max_output_tokens', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p'] as const;

/** Codex 0.169 adds this to replayed items; the real backend accepts it (CAP r2). */
const PASSTHROUGH = 'internal_chat_message_metadata_passthrough';

const ITEM_KEYS: Record<string, readonly string[]> = {
  message: ['type', 'id', 'role', 'content', 'status', PASSTHROUGH],
  reasoning: ['type', 'id', 'summary', 'content', 'encrypted_content', 'status', PASSTHROUGH],
  function_call: ['type', 'id', 'call_id', 'name', 'arguments', 'status', PASSTHROUGH],
  function_call_output: ['type', 'id', 'call_id', 'output', 'status', PASSTHROUGH],
  web_search_call: ['type', 'id', 'status', 'action', PASSTHROUGH],
  custom_tool_call: ['type', 'id', 'call_id', 'name', 'input', 'status', PASSTHROUGH],
  custom_tool_call_output: ['type', 'id', 'call_id', 'output', PASSTHROUGH],
};
const ASSISTANT_EXTRA_KEYS = ['phase', 'end_turn'];
const ITEM_TYPES = Object.keys(ITEM_KEYS);

const ID_PREFIX: Record<string, string> = {
  message: 'msg',
  reasoning: 'rs',
  function_call: 'fc',
  function_call_output: 'fco',
  web_search_call: 'ws',
  custom_tool_call: 'ctc',
  custom_tool_call_output: 'ctco',
};

const ROLES = ['user', 'developer', 'system', 'assistant'] as const;
const INPUT_PART_TYPES = ['input_text', 'input_image', 'input_file'] as const;
const OUTPUT_PART_TYPES = ['output_text', 'refusal'] as const;
const PART_KEYS: Record<string, readonly string[]> = {
  input_text: ['type', 'text'],
  input_image: ['type', 'image_url', 'detail', 'file_id'],
  input_file: ['type', 'file_data', 'filename', 'file_id', 'file_url'],
  output_text: ['type', 'text', 'annotations', 'logprobs'],
  refusal: ['type', 'refusal'],
};
const ITEM_STATUS = ['in_progress', 'completed', 'incomplete'] as const;

const TOOL_KEYS: Record<string, readonly string[]> = {
  function: ['type', 'name', 'description', 'strict', 'parameters'],
  web_search: ['type', 'filters', 'search_context_size', 'user_location', 'external_web_access', 'search_content_types'],
  custom: ['type', 'name', 'description', 'format'],
};
const TOOL_TYPES = Object.keys(TOOL_KEYS);

const INCLUDE_VALUES = [
  'reasoning.encrypted_content',
  'web_search_call.action.sources',
  'web_search_call.results',
  'message.input_image.image_url',
  'message.output_text.logprobs',
] as const;

const DATA_IMAGE_RE = /^data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=_-]+$/i;
const DATA_FILE_RE = /^data:[a-z0-9.+-]+\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=_-]+$/i;
const HTTP_URL_RE = /^https?:\/\/[^\s]+$/i;

// ------------------------------------------------------------------------------------------ parts

function checkPart(part: unknown, allowedTypes: readonly string[], path: string): void {
  if (!isObj(part)) invalidType(path, 'an object', part);
  const type = part.type;
  if (type === undefined) missing(`${path}.type`);
  if (typeof type !== 'string') invalidType(`${path}.type`, 'a string', type);
  if (!allowedTypes.includes(type)) invalidValue(path, type, allowedTypes);
  checkKeys(part, PART_KEYS[type] ?? ['type'], path);
  switch (type) {
    case 'input_text':
    case 'output_text':
      requireString(part, 'text', path);
      if (type === 'output_text') {
        if (part.annotations !== undefined && !Array.isArray(part.annotations)) invalidType(`${path}.annotations`, 'an array', part.annotations);
        if (part.logprobs !== undefined && part.logprobs !== null && !Array.isArray(part.logprobs)) invalidType(`${path}.logprobs`, 'an array', part.logprobs);
      }
      break;
    case 'refusal':
      requireString(part, 'refusal', path);
      break;
    case 'input_image': {
      checkEnum(part, 'detail', ['auto', 'low', 'high'], path);
      const url = requireString(part, 'image_url', path, { optional: part.file_id !== undefined, nullable: true });
      requireString(part, 'file_id', path, { optional: true, nullable: true });
      if (url === undefined && typeof part.file_id !== 'string') missing(`${path}.image_url`);
      if (url !== undefined && !DATA_IMAGE_RE.test(url) && !HTTP_URL_RE.test(url)) {
        apiError(
          `Invalid '${path}.image_url'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value with an invalid format.`,
          `${path}.image_url`,
          'invalid_value',
        );
      }
      break;
    }
    case 'input_file': {
      const data = requireString(part, 'file_data', path, { optional: true, nullable: true });
      requireString(part, 'file_id', path, { optional: true, nullable: true });
      const fileUrl = requireString(part, 'file_url', path, { optional: true, nullable: true });
      requireString(part, 'filename', path, { optional: data === undefined, nullable: data === undefined });
      if (data === undefined && part.file_id == null && fileUrl === undefined) missing(`${path}.file_data`);
      if (data !== undefined && !DATA_FILE_RE.test(data)) {
        apiError(
          `Invalid '${path}.file_data'. Expected a base64-encoded data URL (e.g. 'data:application/pdf;base64,…'), but got a value with an invalid format.`,
          `${path}.file_data`,
          'invalid_value',
        );
      }
      if (fileUrl !== undefined && !HTTP_URL_RE.test(fileUrl)) invalidValue(`${path}.file_url`, fileUrl, ['an http(s) URL']);
      break;
    }
    default:
      break;
  }
}

// ------------------------------------------------------------------------------------------ items

interface InputState {
  callIds: Set<string>;
  customCallIds: Set<string>;
  ids: Set<string>;
  reasoningReplays: number;
}

function checkId(item: Obj, type: string, path: string, state: InputState): void {
  if (item.id === undefined || item.id === null) return;
  if (typeof item.id !== 'string') invalidType(`${path}.id`, 'a string', item.id);
  const prefix = ID_PREFIX[type];
  if (prefix && !item.id.startsWith(`${prefix}_`)) {
    apiError(`Invalid '${path}.id': '${item.id}'. Expected an ID that begins with '${prefix}'.`, `${path}.id`, 'invalid_value');
  }
  maxLen(item.id, 64, `${path}.id`);
  if (state.ids.has(item.id)) {
    apiError(`Duplicate item found with id ${item.id}. Remove the duplicate items from your input and try again.`, 'input', null);
  }
  state.ids.add(item.id);
}

function checkCallId(item: Obj, path: string): string {
  const callId = requireString(item, 'call_id', path) as string;
  if (callId.length === 0) apiError(`Invalid '${path}.call_id': empty string. Expected a string with minimum length 1, but got an empty string instead.`, `${path}.call_id`, 'empty_string');
  maxLen(callId, 64, `${path}.call_id`);
  return callId;
}

function checkItem(raw: unknown, i: number, ctx: ValidateContext, state: InputState): void {
  const path = `input[${i}]`;
  if (!isObj(raw)) invalidType(path, 'an object', raw);
  let type = raw.type;
  if (type === undefined && raw.role !== undefined) type = 'message'; // EasyInputMessage form
  if (type === undefined) missing(`${path}.type`);
  if (typeof type !== 'string') invalidType(`${path}.type`, 'a string', type);
  if (!ITEM_TYPES.includes(type)) invalidValue(`${path}.type`, type, ITEM_TYPES);

  const allowed = [...(ITEM_KEYS[type] ?? [])];
  if (type === 'message' && raw.role === 'assistant') allowed.push(...ASSISTANT_EXTRA_KEYS);
  checkKeys(raw, allowed, path);
  checkId(raw, type, path, state);
  checkEnum(raw, 'status', ITEM_STATUS, path);
  if (raw[PASSTHROUGH] !== undefined && !isObj(raw[PASSTHROUGH])) invalidType(`${path}.${PASSTHROUGH}`, 'an object', raw[PASSTHROUGH]);

  switch (type) {
    case 'message': {
      const role = raw.role;
      if (role === undefined) missing(`${path}.role`);
      if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) invalidValue(`${path}.role`, role, ROLES);
      const parts = role === 'assistant' ? OUTPUT_PART_TYPES : INPUT_PART_TYPES;
      const content = raw.content;
      if (content === undefined) missing(`${path}.content`);
      if (typeof content === 'string') break;
      if (!Array.isArray(content)) invalidType(`${path}.content`, 'one of a string or array of objects', content);
      content.forEach((p, j) => checkPart(p, parts, `${path}.content[${j}]`));
      if (role === 'assistant') {
        checkEnum(raw, 'phase', ['commentary', 'final_answer'], path);
        checkBool(raw, 'end_turn', path);
      }
      break;
    }
    case 'reasoning': {
      const summary = raw.summary;
      if (summary === undefined) missing(`${path}.summary`);
      if (!Array.isArray(summary)) invalidType(`${path}.summary`, 'an array', summary);
      summary.forEach((s, j) => {
        const sp = `${path}.summary[${j}]`;
        if (!isObj(s)) invalidType(sp, 'an object', s);
        checkKeys(s, ['type', 'text'], sp);
        if (s.type !== 'summary_text') invalidValue(`${sp}.type`, s.type, ['summary_text']);
        requireString(s, 'text', sp);
      });
      if (raw.content !== undefined && raw.content !== null) {
        if (!Array.isArray(raw.content)) invalidType(`${path}.content`, 'an array', raw.content);
        raw.content.forEach((c, j) => {
          const cp = `${path}.content[${j}]`;
          if (!isObj(c)) invalidType(cp, 'an object', c);
          checkKeys(c, ['type', 'text'], cp);
          if (c.type !== 'reasoning_text') invalidValue(`${cp}.type`, c.type, ['reasoning_text']);
          requireString(c, 'text', cp);
        });
      }
      const blob = requireString(raw, 'encrypted_content', path, { optional: true, nullable: true });
      if (blob === undefined) {
        if (typeof raw.id === 'string') {
          apiError(
            `Item with id '${raw.id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
            'input',
            null,
            404,
          );
        }
        missing(`${path}.encrypted_content`);
      }
      if (ctx.issuedReasoning) {
        const owner = ctx.issuedReasoning.get(blob);
        if (owner === undefined || owner !== ctx.accountId) {
          apiError(
            `The encrypted content for item ${path} could not be verified. Reason: Encrypted content could not be decrypted or parsed.`,
            null,
            'invalid_encrypted_content',
          );
        }
        state.reasoningReplays++;
      }
      break;
    }
    case 'function_call': {
      const callId = checkCallId(raw, path);
      const name = requireString(raw, 'name', path) as string;
      checkName(name, `${path}.name`);
      requireString(raw, 'arguments', path);
      state.callIds.add(callId);
      break;
    }
    case 'custom_tool_call': {
      const callId = checkCallId(raw, path);
      checkName(requireString(raw, 'name', path) as string, `${path}.name`);
      requireString(raw, 'input', path);
      state.customCallIds.add(callId);
      break;
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const callId = checkCallId(raw, path);
      const known = type === 'function_call_output' ? state.callIds : state.customCallIds;
      if (!known.has(callId)) {
        const what = type === 'function_call_output' ? 'function call output' : 'custom tool call output';
        apiError(`No tool call found for ${what} with call_id ${callId}.`, 'input', null);
      }
      const output = raw.output;
      if (output === undefined) missing(`${path}.output`);
      if (typeof output === 'string') break;
      if (!Array.isArray(output)) invalidType(`${path}.output`, 'one of a string or array of objects', output);
      output.forEach((p, j) => checkPart(p, INPUT_PART_TYPES, `${path}.output[${j}]`));
      break;
    }
    case 'web_search_call': {
      const action = raw.action;
      if (action === undefined) missing(`${path}.action`);
      if (!isObj(action)) invalidType(`${path}.action`, 'an object', action);
      checkKeys(action, ['type', 'query', 'queries', 'sources', 'url', 'pattern'], `${path}.action`);
      checkEnum(action, 'type', ['search', 'open_page', 'find'], `${path}.action`, false);
      if (action.type === undefined) missing(`${path}.action.type`);
      if (action.sources !== undefined) {
        if (!Array.isArray(action.sources)) invalidType(`${path}.action.sources`, 'an array', action.sources);
        action.sources.forEach((s, j) => {
          const sp = `${path}.action.sources[${j}]`;
          if (!isObj(s)) invalidType(sp, 'an object', s);
          checkKeys(s, ['type', 'url', 'title'], sp);
        });
      }
      if (raw.id === undefined) missing(`${path}.id`);
      break;
    }
    default:
      break;
  }
}

// ------------------------------------------------------------------------------------------ tools

function checkTools(tools: unknown): { functionNames: Set<string>; hasWebSearch: boolean } {
  const functionNames = new Set<string>();
  let hasWebSearch = false;
  if (tools === undefined || tools === null) return { functionNames, hasWebSearch };
  if (!Array.isArray(tools)) invalidType('tools', 'an array', tools);
  tools.forEach((t, i) => {
    const path = `tools[${i}]`;
    if (!isObj(t)) invalidType(path, 'an object', t);
    const type = t.type;
    if (type === undefined) missing(`${path}.type`);
    if (typeof type !== 'string' || !TOOL_TYPES.includes(type)) invalidValue(`${path}.type`, type, TOOL_TYPES);
    checkKeys(t, TOOL_KEYS[type] ?? ['type'], path);
    if (type === 'function' || type === 'custom') {
      const name = requireString(t, 'name', path) as string;
      checkName(name, `${path}.name`);
      requireString(t, 'description', path, { optional: true, nullable: true });
      if (type === 'function') {
        checkBool(t, 'strict', path);
        if (t.parameters === undefined) missing(`${path}.parameters`);
        if (t.parameters !== null && !isObj(t.parameters)) invalidType(`${path}.parameters`, 'an object', t.parameters);
        functionNames.add(name);
      } else if (t.format !== undefined && !isObj(t.format)) {
        invalidType(`${path}.format`, 'an object', t.format);
      }
    } else {
      hasWebSearch = true;
      checkEnum(t, 'search_context_size', ['low', 'medium', 'high'], path);
      checkBool(t, 'external_web_access', path);
    }
  });
  return { functionNames, hasWebSearch };
}

function checkToolChoice(choice: unknown, tools: { functionNames: Set<string>; hasWebSearch: boolean }, toolCount: number): void {
  if (choice === undefined || choice === null) return;
  const modes = ['auto', 'none', 'required'];
  if (typeof choice === 'string') {
    if (!modes.includes(choice)) invalidValue('tool_choice', choice, modes);
    if (choice === 'required' && toolCount === 0) {
      apiError("Tool choice 'required' must be specified with 'tools' parameter.", 'tool_choice', null);
    }
    return;
  }
  if (!isObj(choice)) invalidType('tool_choice', 'one of a string or an object', choice);
  const type = choice.type;
  if (type === 'function') {
    checkKeys(choice, ['type', 'name'], 'tool_choice');
    const name = requireString(choice, 'name', 'tool_choice') as string;
    if (!tools.functionNames.has(name)) {
      apiError(`Tool choice 'function' not found in 'tools' parameter.`, 'tool_choice', null);
    }
    return;
  }
  if (type === 'web_search') {
    checkKeys(choice, ['type'], 'tool_choice');
    if (!tools.hasWebSearch) apiError(`Tool choice 'web_search' not found in 'tools' parameter.`, 'tool_choice', null);
    return;
  }
  invalidValue('tool_choice.type', type, ['function', 'web_search']);
}

// ------------------------------------------------------------------------------------------ main

function checkTopLevel(body: Obj, ctx: ValidateContext, state: InputState): void {
  // rule 5: sampling / length knobs
  for (const name of UNSUPPORTED) if (name in body) detail(`Unsupported parameter: ${name}`);
  // rule 3, 4
  if (body.store !== false) detail('Store must be set to false');
  if (body.stream !== true) detail('Stream must be set to true');
  // rule 12 (top level)
  checkKeys(body, TOP_LEVEL, '');
  // rule 6
  const requireInstructions = ctx.requireInstructions ?? true;
  if (!('instructions' in body)) {
    if (requireInstructions) detail('Instructions are required');
  } else if (body.instructions === null) {
    if (requireInstructions) detail('Instructions are required');
    invalidType('instructions', 'a string', null);
  } else if (typeof body.instructions !== 'string') {
    invalidType('instructions', 'a string', body.instructions);
  }
  // rule 7
  if (body.model === undefined) missing('model');
  if (typeof body.model !== 'string') invalidType('model', 'a string', body.model);
  const model = ctx.catalog.find((m) => m.slug === body.model);
  if (!model) detail(`The '${body.model}' model is not supported when using Codex with a ChatGPT account.`);
  // rule 8
  if (body.reasoning !== undefined && body.reasoning !== null) {
    if (!isObj(body.reasoning)) invalidType('reasoning', 'an object', body.reasoning);
    checkKeys(body.reasoning, ['effort', 'summary'], 'reasoning');
    const effort = body.reasoning.effort;
    if (effort !== undefined && effort !== null) {
      const supported = model.supported_reasoning_levels.map((l) => l.effort);
      if (typeof effort !== 'string' || !supported.includes(effort)) {
        apiError(
          `Unsupported value: '${String(effort)}' is not supported with the '${model.slug}' model. Supported values are: ${listValues(supported)}.`,
          'reasoning.effort',
          'unsupported_value',
        );
      }
    }
    // spec §4.3: auto | concise | detailed; omit the key for none
    checkEnum(body.reasoning, 'summary', ['auto', 'concise', 'detailed'], 'reasoning');
  }
  // tools before input-independent knobs
  const tools = checkTools(body.tools);
  checkToolChoice(body.tool_choice, tools, Array.isArray(body.tools) ? body.tools.length : 0);
  checkBool(body, 'parallel_tool_calls', '');
  // include
  if (body.include !== undefined && body.include !== null) {
    if (!Array.isArray(body.include)) invalidType('include', 'an array', body.include);
    body.include.forEach((v, i) => {
      if (typeof v !== 'string') invalidType(`include[${i}]`, 'a string', v);
      if (!(INCLUDE_VALUES as readonly string[]).includes(v)) invalidValue(`include[${i}]`, v, INCLUDE_VALUES);
    });
  }
  // text
  if (body.text !== undefined && body.text !== null) {
    if (!isObj(body.text)) invalidType('text', 'an object', body.text);
    checkKeys(body.text, ['format', 'verbosity'], 'text');
    checkEnum(body.text, 'verbosity', ['low', 'medium', 'high'], 'text');
    const format = body.text.format;
    if (format !== undefined && format !== null) {
      if (!isObj(format)) invalidType('text.format', 'an object', format);
      const ft = format.type;
      if (ft === 'json_schema') {
        checkKeys(format, ['type', 'name', 'schema', 'strict', 'description'], 'text.format');
        checkName(requireString(format, 'name', 'text.format') as string, 'text.format.name');
        if (format.schema === undefined) missing('text.format.schema');
        if (!isObj(format.schema)) invalidType('text.format.schema', 'an object', format.schema);
        checkBool(format, 'strict', 'text.format');
      } else if (ft === 'text' || ft === 'json_object') {
        checkKeys(format, ['type'], 'text.format');
      } else {
        invalidValue('text.format.type', ft, ['text', 'json_schema', 'json_object']);
      }
    }
  }
  if (body.prompt_cache_key !== undefined && body.prompt_cache_key !== null && typeof body.prompt_cache_key !== 'string') {
    invalidType('prompt_cache_key', 'a string', body.prompt_cache_key);
  }
  checkEnum(body, 'service_tier', ['auto', 'default', 'flex', 'priority', 'scale', 'ultrafast'], '');
  if (body.client_metadata !== undefined && body.client_metadata !== null) {
    if (!isObj(body.client_metadata)) invalidType('client_metadata', 'an object', body.client_metadata);
    for (const [k, v] of Object.entries(body.client_metadata)) {
      if (typeof v !== 'string') invalidType(`client_metadata.${k}`, 'a string', v);
    }
  }
  // input (rules 9–12 inside items)
  if (body.input === undefined) missing('input');
  if (!Array.isArray(body.input)) invalidType('input', 'an array', body.input);
  body.input.forEach((item, i) => checkItem(item, i, ctx, state));
}

export function validateResponsesRequest(body: unknown, ctx: ValidateContext): ValidationResult {
  if (!isObj(body)) {
    const message = 'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.';
    return { ok: false, status: 400, body: { error: { message, type: 'invalid_request_error', param: null, code: null } }, message };
  }
  const state: InputState = { callIds: new Set(), customCallIds: new Set(), ids: new Set(), reasoningReplays: 0 };
  try {
    checkTopLevel(body, ctx, state);
  } catch (e) {
    if (e instanceof Reject) return e.failure;
    throw e;
  }
  return { ok: true, reasoningReplays: state.reasoningReplays };
}

/** The minimal valid classic request of spec §4.4 (what the fake must accept); tests vary one field at a time. */
export const minimalClassicRequest = (): Record<string, unknown> => ({
  model: 'gpt-5.6-sol',
  instructions: 'You are a helpful coding assistant.',
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
  tools: [],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  reasoning: { effort: 'medium', summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: '6f1c0d6e-uuid',
});
