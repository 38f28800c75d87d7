import { describe, expect, it } from 'vitest';
import { parseChatCompletionRequest, type ChatCompletionRequest } from '../../../proxy/src/openai/request.js';
import { chatToResponsesRequest } from '../../../proxy/src/translate/chat-to-responses.js';
import { DEFAULT_INSTRUCTIONS } from '../../../proxy/src/translate/messages-to-responses.js';
import { MISSING_OUTPUT } from '../../../proxy/src/translate/tool-pairing.js';
import { shortenName } from '../../../proxy/src/translate/tool-names.js';

const ctx = { codexModel: 'gpt-5.6-sol', effortLevels: ['low', 'medium', 'high', 'xhigh'] as const, defaultEffort: 'medium' as const, accountTag: 'tag', promptCacheKey: 'sess-1' };

function req(body: Record<string, unknown>): ChatCompletionRequest {
  const r = parseChatCompletionRequest({ model: 'gpt-5.6-sol', ...body });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}
const translate = (body: Record<string, unknown>) => chatToResponsesRequest(req(body), { ...ctx, effortLevels: [...ctx.effortLevels] });

describe('chatToResponsesRequest', () => {
  it('builds a classic body: instructions from leading system/developer, store false, no forbidden fields', () => {
    const { body, report } = translate({
      messages: [
        { role: 'system', content: 'Sys one' },
        { role: 'developer', content: [{ type: 'text', text: 'Dev two' }] },
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'Later rule' },
      ],
      temperature: 0.2,
      max_tokens: 100,
      frobnicate: true,
    });
    expect(body).toMatchObject({ model: 'gpt-5.6-sol', instructions: 'Sys one\n\nDev two', store: false, stream: true, tool_choice: 'auto', prompt_cache_key: 'sess-1' });
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] },
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Later rule' }] },
    ]);
    for (const k of ['temperature', 'max_tokens', 'max_output_tokens', 'frobnicate']) expect(body).not.toHaveProperty(k);
    expect(report.unknownFields).toEqual(['frobnicate']);
    expect(translate({ messages: [{ role: 'user', content: 'x' }] }).body.instructions).toBe(DEFAULT_INSTRUCTIONS);
  });

  it('maps images (data URL, https, detail), files and reports unknown parts', () => {
    const { body, report } = translate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } },
            { type: 'image_url', image_url: 'https://example.com/a.png' },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' } },
            { type: 'input_audio', input_audio: { data: 'x', format: 'wav' } },
          ],
        },
      ],
    });
    expect(body.input[0]).toEqual({
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: 'look' },
        { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' },
        { type: 'input_image', image_url: 'https://example.com/a.png' },
        { type: 'input_file', file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' },
      ],
    });
    expect(report.unknownBlockTypes).toEqual(['input_audio']);
  });

  it('maps assistant tool_calls and tool messages, shortening long names, and repairs pairing', () => {
    const long = `mcp__server__${'x'.repeat(80)}`;
    const { body, report } = translate({
      tools: [{ type: 'function', function: { name: long, parameters: { type: 'object', properties: {} } } }, { type: 'custom', custom: { name: 'grammar' } }],
      tool_choice: { type: 'function', function: { name: long } },
      parallel_tool_calls: false,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: 'Calling.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: long, arguments: '{"a":1}' } }, { id: 'call_2', type: 'function', function: { name: long, arguments: '' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'one' }] },
        { role: 'user', content: 'next' },
        { role: 'tool', tool_call_id: 'call_9', content: 'orphan' },
      ],
    });
    const name = shortenName(long);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(body.tools).toEqual([{ type: 'function', name, description: '', strict: false, parameters: { type: 'object', properties: {} } }]);
    expect(body.tool_choice).toEqual({ type: 'function', name });
    expect(body.parallel_tool_calls).toBe(false);
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Calling.' }] },
      { type: 'function_call', call_id: 'call_1', name, arguments: '{"a":1}' },
      { type: 'function_call', call_id: 'call_2', name, arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'one' },
      { type: 'function_call_output', call_id: 'call_2', output: MISSING_OUTPUT },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'next' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: '[Previous tool result; call_id=call_9]: orphan' }] },
    ]);
    expect(report).toMatchObject({ insertedMissingOutputs: 1, repairedOrphanOutputs: 1, unknownBlockTypes: ['tool:custom'] });
  });

  it('clamps reasoning_effort to the model levels; unknown values use the route default', () => {
    expect(translate({ messages: [{ role: 'user', content: 'x' }], reasoning_effort: 'minimal' }).body.reasoning).toEqual({ effort: 'low' });
    expect(translate({ messages: [{ role: 'user', content: 'x' }], reasoning_effort: 'ultra' }).body.reasoning).toEqual({ effort: 'xhigh' });
    expect(translate({ messages: [{ role: 'user', content: 'x' }], reasoning_effort: 'bogus' }).body.reasoning).toEqual({ effort: 'medium' });
    expect(translate({ messages: [{ role: 'user', content: 'x' }] }).body.reasoning).toEqual({ effort: 'medium' });
  });

  it('maps response_format json_schema (strict only when it qualifies), json_object and verbosity', () => {
    const strictSchema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    expect(translate({ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'my schema!', schema: strictSchema, strict: true } } }).body.text).toEqual({
      format: { type: 'json_schema', name: 'my_schema_', strict: true, schema: strictSchema },
    });
    expect(translate({ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'loose', schema: { type: 'object' } } } }).body.text?.format?.strict).toBe(false);
    expect(translate({ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_object' }, verbosity: 'low' }).body.text).toEqual({
      format: { type: 'json_schema', name: 'json_object', strict: false, schema: { type: 'object' } },
      verbosity: 'low',
    });
    expect(translate({ messages: [{ role: 'user', content: 'x' }], response_format: { type: 'text' } }).body).not.toHaveProperty('text');
  });
});

describe('parseChatCompletionRequest', () => {
  it('rejects bad input naming the field, tolerates unknown fields', () => {
    expect(parseChatCompletionRequest({ model: 'm', messages: [] })).toMatchObject({ ok: false, param: 'messages' });
    expect(parseChatCompletionRequest({ model: 'm', messages: [{ role: 'wizard', content: 'x' }] })).toMatchObject({ ok: false, param: 'messages[0].role' });
    expect(parseChatCompletionRequest({ model: 'm', n: 2, messages: [{ role: 'user', content: 'x' }] })).toMatchObject({ ok: false, param: 'n' });
    expect(parseChatCompletionRequest({ messages: [{ role: 'user', content: 'x' }] })).toMatchObject({ ok: false, param: 'model' });
    expect(parseChatCompletionRequest({ model: 'm', messages: [{ role: 'user', content: 'x', extra: 1 }], something_new: {} })).toMatchObject({ ok: true });
  });
});
