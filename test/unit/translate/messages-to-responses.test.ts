import { describe, expect, it } from 'vitest';
import { parseMessagesRequest, type MessagesRequest } from '../../../proxy/src/anthropic/request.js';
import type { FunctionCallOutputItem, InputItem, ResponsesRequest } from '../../../proxy/src/codex/types.js';
import {
  DEFAULT_INSTRUCTIONS,
  toResponsesRequest,
  type TranslateContext,
} from '../../../proxy/src/translate/messages-to-responses.js';
import { cleanToolParameters, qualifiesForStrictMode } from '../../../proxy/src/translate/json-schema.js';
import { encodeThinkingSignature } from '../../../proxy/src/translate/thinking-signature.js';
import { defaultCatalog } from '../../fakes/codex-catalog.js';
import { validateResponsesRequest } from '../../fakes/codex-validate.js';
import { shortenCallId, shortenName } from '../../../proxy/src/translate/tool-names.js';

const CTX: TranslateContext = {
  codexModel: 'gpt-5.6-sol',
  effortLevels: ['low', 'medium', 'high', 'xhigh', 'max'],
  defaultEffort: 'medium',
  accountTag: 'acct-test',
  promptCacheKey: 'session-1',
};

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==';
const PDF = 'JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK';

function parse(body: Record<string, unknown>): MessagesRequest {
  const r = parseMessagesRequest({ model: 'claude-opus-5-5', max_tokens: 1000, ...body });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function translate(body: Record<string, unknown>, ctx: Partial<TranslateContext> = {}) {
  return toResponsesRequest(parse(body), { ...CTX, ...ctx });
}

const user = (content: unknown) => ({ role: 'user', content });
const assistant = (content: unknown) => ({ role: 'assistant', content });
const toolUse = (id: string, name = 'Bash', input: unknown = { command: 'echo hi' }) => ({ type: 'tool_use', id, name, input });
const toolResult = (id: string, content?: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'tool_result',
  tool_use_id: id,
  ...(content === undefined ? {} : { content }),
  ...extra,
});
const bashTool = { name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } };

const outputs = (input: InputItem[]) => input.filter((i): i is FunctionCallOutputItem => i.type === 'function_call_output');

describe('instructions and system messages', () => {
  it('joins system blocks, drops the billing header and cache_control', () => {
    const { body } = translate({
      system: [
        { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.332.1c9; cc_entrypoint=sdk-cli;' },
        { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Big prompt.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [user('hi')],
    });
    expect(body.instructions).toBe('You are Claude Code.\n\nBig prompt.');
    expect(JSON.stringify(body)).not.toContain('cache_control');
    expect(JSON.stringify(body)).not.toContain('billing-header');
  });

  it('accepts a string system prompt and defaults to a non-empty string', () => {
    expect(translate({ system: 'Be brief.', messages: [user('hi')] }).body.instructions).toBe('Be brief.');
    expect(translate({ messages: [user('hi')] }).body.instructions).toBe(DEFAULT_INSTRUCTIONS);
    expect(translate({ system: [], messages: [user('hi')] }).body.instructions).toBe(DEFAULT_INSTRUCTIONS);
    expect(
      translate({ system: [{ type: 'text', text: 'x-anthropic-billing-header: a;' }], messages: [user('hi')] }).body.instructions,
    ).toBe(DEFAULT_INSTRUCTIONS);
  });

  it('turns mid-conversation system messages into developer messages at the same position', () => {
    const { body } = translate({
      messages: [
        user('first'),
        { role: 'system', content: '# Environment\ncwd: /x' },
        assistant('ok'),
        { role: 'system', content: [{ type: 'text', text: 'block form' }] },
        user('second'),
      ],
    });
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'first' }] },
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '# Environment\ncwd: /x' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] },
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'block form' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'second' }] },
    ]);
  });
});

describe('user content', () => {
  it('maps text, base64 and url images, PDFs and text documents in order', () => {
    const { body } = translate({
      messages: [
        user([
          { type: 'text', text: 'look' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF }, title: 'spec' },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain doc' }, title: 'notes' },
          { type: 'document', source: { type: 'url', url: 'https://example.com/x.pdf' } },
          { type: 'text', text: 'done', cache_control: { type: 'ephemeral' } },
        ]),
      ],
    });
    expect(body.input).toEqual([
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'look' },
          { type: 'input_image', image_url: `data:image/png;base64,${PNG}` },
          { type: 'input_image', image_url: 'https://example.com/a.jpg' },
          { type: 'input_file', file_data: `data:application/pdf;base64,${PDF}`, filename: 'spec.pdf' },
          { type: 'input_text', text: '[Document: notes]\nplain doc' },
          { type: 'input_text', text: '[Document] https://example.com/x.pdf' },
          { type: 'input_text', text: 'done' },
        ],
      },
    ]);
  });

  it('maps string content to input_text', () => {
    expect(translate({ messages: [user('hello')] }).body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
    ]);
  });
});

describe('tool results', () => {
  const history = (result: unknown) => [user('go'), assistant([toolUse('toolu_1')]), user([result])];

  it('string content → string output, call_id kept', () => {
    const { body } = translate({ tools: [bashTool], messages: history(toolResult('toolu_1', 'hi\n')) });
    expect(outputs(body.input)).toEqual([{ type: 'function_call_output', call_id: 'toolu_1', output: 'hi\n' }]);
  });

  it('text blocks are joined with newlines', () => {
    const { body } = translate({
      tools: [bashTool],
      messages: history(toolResult('toolu_1', [{ type: 'text', text: 'a' }, { type: 'text', text: 'b', cache_control: { type: 'ephemeral' } }])),
    });
    expect(outputs(body.input)[0]?.output).toBe('a\nb');
  });

  it('images and documents use the array form', () => {
    const { body } = translate({
      tools: [bashTool],
      messages: history(
        toolResult('toolu_1', [
          { type: 'text', text: 'PDF file read' },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF } },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
        ]),
      ),
    });
    expect(outputs(body.input)[0]?.output).toEqual([
      { type: 'input_text', text: 'PDF file read' },
      { type: 'input_file', file_data: `data:application/pdf;base64,${PDF}`, filename: 'document.pdf' },
      { type: 'input_image', image_url: `data:image/png;base64,${PNG}` },
    ]);
  });

  it('is_error prefixes the text (string and array forms)', () => {
    const str = translate({ tools: [bashTool], messages: history(toolResult('toolu_1', 'boom', { is_error: true })) });
    expect(outputs(str.body.input)[0]?.output).toBe('Error: boom');
    const arr = translate({
      tools: [bashTool],
      messages: history(
        toolResult('toolu_1', [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }], { is_error: true }),
      ),
    });
    expect(outputs(arr.body.input)[0]?.output).toEqual([
      { type: 'input_text', text: 'Error:' },
      { type: 'input_image', image_url: `data:image/png;base64,${PNG}` },
    ]);
    const notError = translate({ tools: [bashTool], messages: history(toolResult('toolu_1', 'fine', { is_error: false })) });
    expect(outputs(notError.body.input)[0]?.output).toBe('fine');
  });

  it('empty content gets a non-empty marker', () => {
    for (const content of [undefined, '', []]) {
      const { body } = translate({ tools: [bashTool], messages: history(toolResult('toolu_1', content)) });
      expect(outputs(body.input)[0]?.output).toBe('(empty result)');
    }
  });

  it('keeps unknown blocks inside a tool result as text and reports them', () => {
    const { body, report } = translate({
      tools: [bashTool],
      messages: history(toolResult('toolu_1', [{ type: 'tool_reference', tool_name: 'mcp__x__y' }])),
    });
    expect(outputs(body.input)[0]?.output).toBe('{"type":"tool_reference","tool_name":"mcp__x__y"}');
    expect(report.unknownBlockTypes).toEqual(['tool_reference']);
  });

  it('flushes user text around tool results, keeping order', () => {
    const { body } = translate({
      tools: [bashTool],
      messages: [
        user('go'),
        assistant([toolUse('toolu_1'), toolUse('toolu_2')]),
        user([toolResult('toolu_1', 'one'), { type: 'text', text: 'between' }, toolResult('toolu_2', 'two'), { type: 'text', text: 'after' }]),
      ],
    });
    expect(body.input.map((i) => (i.type === 'message' ? `${i.role}:${JSON.stringify(i.content)}` : i.type))).toEqual([
      'user:[{"type":"input_text","text":"go"}]',
      'function_call',
      'function_call',
      'function_call_output',
      'function_call_output',
      'user:[{"type":"input_text","text":"between"}]',
      'user:[{"type":"input_text","text":"after"}]',
    ]);
  });
});

describe('assistant turns', () => {
  it('maps text and tool_use with stringified arguments, keeping block order', () => {
    const sig = encodeThinkingSignature('acct-test', 'gAAAAB-enc');
    const { body } = translate({
      tools: [bashTool],
      messages: [
        user('go'),
        assistant([
          { type: 'thinking', thinking: 'plan', signature: sig },
          { type: 'text', text: 'I will ' },
          { type: 'text', text: 'run it.' },
          toolUse('toolu_1', 'Bash', { command: 'ls' }),
          { type: 'tool_use', id: 'toolu_2', name: 'Bash' },
        ]),
        user([toolResult('toolu_1', 'x'), toolResult('toolu_2', 'y')]),
      ],
    });
    expect(body.input.slice(1)).toEqual([
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'plan' }], encrypted_content: 'gAAAAB-enc' },
      {
        type: 'message',
        role: 'assistant',
        content: [
          { type: 'output_text', text: 'I will ' },
          { type: 'output_text', text: 'run it.' },
        ],
      },
      { type: 'function_call', call_id: 'toolu_1', name: 'Bash', arguments: '{"command":"ls"}' },
      { type: 'function_call', call_id: 'toolu_2', name: 'Bash', arguments: '{}' },
      { type: 'function_call_output', call_id: 'toolu_1', output: 'x' },
      { type: 'function_call_output', call_id: 'toolu_2', output: 'y' },
    ]);
  });

  it('replays thinking only from this account; drops foreign, Anthropic, unsigned and redacted thinking', () => {
    const { body, report } = translate({
      messages: [
        user('go'),
        assistant([
          { type: 'thinking', thinking: '', signature: encodeThinkingSignature('acct-test', 'mine') },
          { type: 'thinking', thinking: 'other', signature: encodeThinkingSignature('acct-other', 'theirs') },
          { type: 'thinking', thinking: 'anthropic', signature: 'EqQBCkgIARABGAIiQL80yp62AQC3' },
          { type: 'thinking', thinking: 'unsigned' },
          { type: 'redacted_thinking', data: 'EmwKAhgBEgyJX1Zk' },
          { type: 'text', text: 'answer' },
        ]),
        user('next'),
      ],
    });
    expect(body.input.filter((i) => i.type === 'reasoning')).toEqual([{ type: 'reasoning', summary: [], encrypted_content: 'mine' }]);
    expect(report.droppedThinking).toBe(3);
    expect(report.droppedRedactedThinking).toBe(1);
    expect(JSON.stringify(body)).not.toContain('theirs');
    expect(JSON.stringify(body)).not.toContain('EmwKAhgBEgyJX1Zk');
  });

  it('does not replay web search server blocks', () => {
    const { body, report } = translate({
      tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }],
      messages: [
        user('search'),
        assistant([
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
          { type: 'text', text: 'found it' },
        ]),
        user('thanks'),
      ],
    });
    expect(body.input.map((i) => i.type)).toEqual(['message', 'message', 'message']);
    expect(report.unknownBlockTypes).toEqual([]);
  });

  it('skips unknown message blocks and lists their types once', () => {
    const { body, report } = translate({
      messages: [user([{ type: 'search_result', source: 's', title: 't', content: [] }, { type: 'text', text: 'q' }, { type: 'search_result' }])],
    });
    expect(body.input).toEqual([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'q' }] }]);
    expect(report.unknownBlockTypes).toEqual(['search_result']);
  });
});

describe('pairing invariant', () => {
  it('rewrites an orphan tool_result as a user message', () => {
    const { body, report } = translate({
      messages: [user('go'), assistant('text only'), user([toolResult('toolu_gone', 'old output'), { type: 'text', text: 'continue' }])],
    });
    expect(body.input.slice(2)).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: '[Previous tool result; call_id=toolu_gone]: old output' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'continue' }] },
    ]);
    expect(report.repairedOrphanOutputs).toBe(1);
    expect(outputs(body.input)).toEqual([]);
  });

  it('keeps images of an orphan tool_result', () => {
    const { body } = translate({
      messages: [user([toolResult('toolu_x', [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }])])],
    });
    expect(body.input).toEqual([
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: '[Previous tool result; call_id=toolu_x]:' },
          { type: 'input_image', image_url: `data:image/png;base64,${PNG}` },
        ],
      },
    ]);
  });

  it('names the tool when a second output repeats an answered call', () => {
    const { body, report } = translate({
      tools: [bashTool],
      messages: [user('go'), assistant([toolUse('toolu_1')]), user([toolResult('toolu_1', 'a'), toolResult('toolu_1', 'again')])],
    });
    expect(report.repairedOrphanOutputs).toBe(1);
    expect(body.input.at(-1)).toEqual({
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: '[Previous Bash result; call_id=toolu_1]: again' }],
    });
  });

  it('inserts "(no result)" for tool_uses without a result, before the next message', () => {
    const { body, report } = translate({
      tools: [bashTool],
      messages: [
        user('go'),
        assistant([toolUse('toolu_1'), toolUse('toolu_2')]),
        user([toolResult('toolu_2', 'two')]),
        assistant('done'),
        user('next'),
        assistant([toolUse('toolu_3')]),
      ],
    });
    expect(report.insertedMissingOutputs).toBe(2);
    expect(body.input.map((i) => (i.type === 'function_call_output' ? `${i.call_id}=${String(i.output)}` : i.type))).toEqual([
      'message',
      'function_call',
      'function_call',
      'toolu_2=two',
      'toolu_1=(no result)',
      'message',
      'message',
      'function_call',
      'toolu_3=(no result)',
    ]);
  });

  it('inserts the missing output before a user message that carries no tool_result', () => {
    const { body, report } = translate({
      tools: [bashTool],
      messages: [user('go'), assistant([toolUse('toolu_1')]), user('never mind')],
    });
    expect(report.insertedMissingOutputs).toBe(1);
    expect(body.input.slice(2)).toEqual([
      { type: 'function_call_output', call_id: 'toolu_1', output: '(no result)' },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'never mind' }] },
    ]);
  });

  it('moves a real result up when user text precedes it, instead of inventing one', () => {
    const { body, report } = translate({
      tools: [bashTool],
      messages: [user('go'), assistant([toolUse('toolu_1')]), user([{ type: 'text', text: 'note' }, toolResult('toolu_1', 'real')])],
    });
    expect(report.insertedMissingOutputs).toBe(0);
    expect(report.repairedOrphanOutputs).toBe(0);
    expect(body.input.slice(2)).toEqual([
      { type: 'function_call_output', call_id: 'toolu_1', output: 'real' },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'note' }] },
    ]);
  });

  it('supports parallel tool_uses answered in any order', () => {
    const { body, report } = translate({
      tools: [bashTool],
      messages: [
        user('go'),
        assistant([toolUse('toolu_a'), toolUse('toolu_b'), toolUse('toolu_c')]),
        user([toolResult('toolu_c', 'c'), toolResult('toolu_a', 'a'), toolResult('toolu_b', 'b')]),
      ],
    });
    expect(report.insertedMissingOutputs + report.repairedOrphanOutputs).toBe(0);
    expect(outputs(body.input).map((o) => o.call_id)).toEqual(['toolu_c', 'toolu_a', 'toolu_b']);
  });

  it('shortens call ids longer than 64 chars consistently on both sides', () => {
    const longId = `toolu_${'x'.repeat(80)}`;
    const { body } = translate({
      tools: [bashTool],
      messages: [user('go'), assistant([toolUse(longId)]), user([toolResult(longId, 'ok')])],
    });
    const call = body.input.find((i) => i.type === 'function_call');
    expect(call).toMatchObject({ call_id: shortenCallId(longId) });
    expect(shortenCallId(longId).length).toBeLessThanOrEqual(64);
    expect(outputs(body.input)[0]).toMatchObject({ call_id: shortenCallId(longId), output: 'ok' });
  });
});

describe('tools', () => {
  it('maps custom tools to strict:false functions and strips top-level noise', () => {
    const { body } = translate({
      tools: [
        {
          name: 'Read',
          description: 'Read a file',
          input_schema: {
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            type: 'object',
            properties: { file_path: { type: 'string' } },
            required: ['file_path'],
            additionalProperties: false,
          },
          cache_control: { type: 'ephemeral' },
        },
        { name: 'DeferredToolPlaceholder', description: 'placeholder', input_schema: { type: 'object', properties: {} }, defer_loading: true },
        { name: 'NoDesc', input_schema: {} },
      ],
      messages: [user('hi')],
    });
    expect(body.tools).toEqual([
      {
        type: 'function',
        name: 'Read',
        description: 'Read a file',
        strict: false,
        parameters: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'], additionalProperties: false },
      },
      { type: 'function', name: 'DeferredToolPlaceholder', description: 'placeholder', strict: false, parameters: { type: 'object', properties: {} } },
      { type: 'function', name: 'NoDesc', description: '', strict: false, parameters: { type: 'object', properties: {} } },
    ]);
    expect(JSON.stringify(body.tools)).not.toMatch(/\$schema|cache_control|defer_loading/);
  });

  it('keeps anyOf / oneOf / $ref / $defs byte-identical (only top-level noise removed)', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        value: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        shape: { oneOf: [{ $ref: '#/$defs/circle' }, { $ref: '#/$defs/square' }] },
        nested: { type: 'object', properties: { inner: { $schema: 'x', type: ['string', 'null'] } } },
      },
      $defs: {
        circle: { type: 'object', properties: { r: { type: 'number', minimum: 0 } }, required: ['r'] },
        square: { type: 'object', properties: { side: { type: 'number' } }, allOf: [{ required: ['side'] }] },
      },
      required: ['value'],
    };
    const { body } = translate({ tools: [{ name: 'Shape', description: 'd', input_schema: schema }], messages: [user('hi')] });
    const { $schema: _s, ...expected } = schema;
    const tool = body.tools[0];
    expect(tool?.type === 'function' && JSON.stringify(tool.parameters)).toBe(JSON.stringify(expected));
  });

  it('adds type:object next to a top-level union', () => {
    const { body } = translate({
      tools: [{ name: 'U', input_schema: { anyOf: [{ type: 'object', properties: { a: { type: 'string' } } }] } }],
      messages: [user('hi')],
    });
    expect(body.tools[0]).toMatchObject({
      parameters: { type: 'object', anyOf: [{ type: 'object', properties: { a: { type: 'string' } } }], properties: {} },
    });
  });

  it('shortens MCP names over 64 chars and maps them back', () => {
    const long = `mcp__${'server'.repeat(8)}__${'do_the_thing'.repeat(4)}`;
    const { body, toolNames } = translate({
      tools: [{ name: long, description: 'mcp', input_schema: { type: 'object', properties: {} } }],
      messages: [user('go'), assistant([toolUse('toolu_1', long, {})]), user([toolResult('toolu_1', 'ok')])],
    });
    const upstream = shortenName(long);
    expect(upstream.length).toBeLessThanOrEqual(64);
    expect(body.tools[0]).toMatchObject({ type: 'function', name: upstream });
    expect(body.input.find((i) => i.type === 'function_call')).toMatchObject({ name: upstream });
    expect(toolNames.toUpstream(long)).toBe(upstream);
    expect(toolNames.fromUpstream(upstream)).toBe(long);
  });

  it('maps web_search server tools to one web_search tool and reports other server tools', () => {
    const { body, report } = translate({
      tools: [
        bashTool,
        { type: 'web_search_20250305', name: 'web_search' },
        { type: 'web_search_20260209', name: 'web_search' },
        { type: 'code_execution_20250825', name: 'code_execution' },
      ],
      messages: [user('hi')],
    });
    expect(body.tools.map((t) => t.type)).toEqual(['function', 'web_search']);
    expect(report.unknownBlockTypes).toEqual(['tool:code_execution_20250825']);
  });

  it('sends tools:[] and tool_choice auto without tools', () => {
    const { body } = translate({ messages: [user('hi')], tool_choice: { type: 'any' } });
    expect(body.tools).toEqual([]);
    expect(body.tool_choice).toBe('auto');
  });
});

describe('tool_choice', () => {
  const base = { tools: [bashTool], messages: [user('hi')] };
  it.each([
    [undefined, 'auto', true],
    [{ type: 'auto' }, 'auto', true],
    [{ type: 'any' }, 'required', true],
    [{ type: 'none' }, 'none', true],
    [{ type: 'tool', name: 'Bash' }, { type: 'function', name: 'Bash' }, true],
    [{ type: 'auto', disable_parallel_tool_use: true }, 'auto', false],
    [{ type: 'any', disable_parallel_tool_use: true }, 'required', false],
    [{ type: 'tool', name: 'Bash', disable_parallel_tool_use: true }, { type: 'function', name: 'Bash' }, false],
    [{ type: 'any', disable_parallel_tool_use: false }, 'required', true],
  ])('%j → %j (parallel %s)', (choice, expected, parallel) => {
    const { body } = translate(choice === undefined ? base : { ...base, tool_choice: choice });
    expect(body.tool_choice).toEqual(expected);
    expect(body.parallel_tool_calls).toBe(parallel);
  });

  it('maps a forced long tool name through the name map', () => {
    const long = `mcp__${'s'.repeat(40)}__${'t'.repeat(40)}`;
    const { body } = translate({
      tools: [{ name: long, input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'tool', name: long },
      messages: [user('hi')],
    });
    expect(body.tool_choice).toEqual({ type: 'function', name: shortenName(long) });
  });
});

describe('reasoning and thinking mode', () => {
  it('uses output_config.effort and always asks for summaries', () => {
    const t = translate({ messages: [user('hi')], thinking: { type: 'adaptive', display: 'updates' }, output_config: { effort: 'xhigh' } });
    expect(t.body.reasoning).toEqual({ effort: 'xhigh', summary: 'auto' });
    expect(t.thinkingMode).toBe('show');
  });

  it('maps the thinking budget and clamps to the model levels', () => {
    const t = translate(
      { messages: [user('hi')], thinking: { type: 'enabled', budget_tokens: 31999, display: 'omitted' } },
      { effortLevels: ['low', 'medium'] },
    );
    expect(t.body.reasoning?.effort).toBe('medium');
    expect(t.thinkingMode).toBe('omit');
  });

  it('falls back to the default effort and reports thinking mode none', () => {
    expect(translate({ messages: [user('hi')] }, { defaultEffort: 'high' }).body.reasoning?.effort).toBe('high');
    expect(translate({ messages: [user('hi')] }).thinkingMode).toBe('none');
    expect(translate({ messages: [user('hi')], thinking: { type: 'disabled' } }).thinkingMode).toBe('none');
    expect(translate({ messages: [user('hi')], thinking: { type: 'adaptive' } }).thinkingMode).toBe('show');
  });
});

describe('output_config.format', () => {
  it('maps json_schema to text.format, strict when the schema qualifies', () => {
    const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false };
    const { body } = translate({ messages: [user('hi')], output_config: { effort: 'medium', format: { type: 'json_schema', schema } } });
    expect(body.text).toEqual({ format: { type: 'json_schema', name: 'output', strict: true, schema } });
  });

  it('uses strict:false when the schema does not qualify', () => {
    const open = { type: 'object', properties: { a: { type: 'string' } } };
    const optional = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a'], additionalProperties: false };
    const exotic = { type: 'object', properties: { a: { type: 'string', minLength: 2 } }, required: ['a'], additionalProperties: false };
    for (const schema of [open, optional, exotic]) {
      const { body } = translate({ messages: [user('hi')], output_config: { format: { type: 'json_schema', schema } } });
      expect(body.text?.format).toMatchObject({ strict: false, schema });
    }
  });

  it('omits text without a format and reports unknown format types', () => {
    expect(translate({ messages: [user('hi')], output_config: { effort: 'low' } }).body.text).toBeUndefined();
    const t = translate({ messages: [user('hi')], output_config: { format: { type: 'grammar' } } });
    expect(t.body.text).toBeUndefined();
    expect(t.report.unknownFields).toEqual(['output_config.format:grammar']);
  });
});

describe('body invariants', () => {
  const full = {
    system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }],
    messages: [user([{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }])],
    max_tokens: 128000,
    stream: true,
    temperature: 0.5,
    top_p: 0.9,
    top_k: 10,
    stop_sequences: ['</block>'],
    metadata: { user_id: '{"session_id":"x"}' },
    thinking: { type: 'adaptive', display: 'updates' },
    output_config: { effort: 'medium' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    safeguards: [{ type: 'dangerous_tool_use' }],
    service_tier: 'auto',
    brand_new_field: { x: 1 },
  };

  it('sends the fixed fields and never leaks Anthropic-only fields', () => {
    const { body, report } = translate(full);
    expect(body).toMatchObject({ model: 'gpt-5.6-sol', store: false, stream: true, include: ['reasoning.encrypted_content'], prompt_cache_key: 'session-1' });
    const keys = Object.keys(body).sort();
    expect(keys).toEqual(
      ['include', 'input', 'instructions', 'model', 'parallel_tool_calls', 'prompt_cache_key', 'reasoning', 'store', 'stream', 'tool_choice', 'tools'].sort(),
    );
    const json = JSON.stringify(body);
    for (const forbidden of [
      'max_tokens',
      'max_output_tokens',
      'temperature',
      'top_p',
      'top_k',
      'stop_sequences',
      'metadata',
      'thinking',
      'context_management',
      'output_config',
      'safeguards',
      'cache_control',
    ]) {
      expect(json).not.toContain(`"${forbidden}"`);
    }
    expect(report.unknownFields).toEqual(['brand_new_field']);
  });

  it('omits prompt_cache_key when not given and never sets ids on input items', () => {
    const { body } = translate(full, { promptCacheKey: undefined });
    expect('prompt_cache_key' in body).toBe(false);
    expect(body.input.every((item) => !('id' in item))).toBe(true);
  });

  it('is pure: the same request translates to the same body and the input is not mutated', () => {
    const req = parse({ tools: [bashTool], messages: [user('go'), assistant([toolUse('toolu_1')]), user([toolResult('toolu_1', 'x')])] });
    const before = JSON.stringify(req);
    const a: ResponsesRequest = toResponsesRequest(req, CTX).body;
    const b: ResponsesRequest = toResponsesRequest(req, CTX).body;
    expect(a).toEqual(b);
    expect(JSON.stringify(req)).toBe(before);
  });
});

describe('json-schema helpers', () => {
  it('strips only top-level noise and does not share nested objects with the input', () => {
    const nested = { type: 'string', $schema: 'kept-when-nested' };
    const schema = { $schema: 's', cache_control: { type: 'ephemeral' }, defer_loading: true, type: 'object', properties: { a: nested } };
    const cleaned = cleanToolParameters(schema);
    expect(cleaned).toEqual({ type: 'object', properties: { a: { type: 'string', $schema: 'kept-when-nested' } } });
    expect((cleaned['properties'] as Record<string, unknown>)['a']).not.toBe(nested);
  });

  it('judges strict-mode eligibility recursively', () => {
    const closed = (properties: Record<string, unknown>) => ({
      type: 'object',
      properties,
      required: Object.keys(properties),
      additionalProperties: false,
    });
    expect(qualifiesForStrictMode(closed({ a: { anyOf: [{ type: 'string' }, { type: 'null' }] }, b: { type: 'array', items: closed({ c: { enum: ['x'] } }) } }))).toBe(true);
    expect(qualifiesForStrictMode({ ...closed({ r: { $ref: '#/$defs/n' } }), $defs: { n: { type: 'number' } } })).toBe(true);
    expect(qualifiesForStrictMode(closed({ b: { type: 'array', items: { type: 'object', properties: {} } } }))).toBe(false);
    expect(qualifiesForStrictMode(closed({ a: { oneOf: [{ type: 'string' }] } }))).toBe(false);
  });
});

describe('strict fake backend', () => {
  it('accepts a translation that exercises every mapping', () => {
    const long = `mcp__${'server'.repeat(8)}__${'do_the_thing'.repeat(4)}`;
    const longId = `toolu_${'y'.repeat(70)}`;
    const { body } = translate({
      system: [{ type: 'text', text: 'x-anthropic-billing-header: cc_version=1;' }, { type: 'text', text: 'sys' }],
      tools: [
        bashTool,
        { name: long, description: 'mcp', input_schema: { type: 'object', properties: { v: { anyOf: [{ type: 'string' }, { type: 'number' }] } } } },
        { type: 'web_search_20250305', name: 'web_search' },
      ],
      tool_choice: { type: 'tool', name: long, disable_parallel_tool_use: true },
      output_config: { effort: 'max', format: { type: 'json_schema', schema: { type: 'object', properties: {} } } },
      thinking: { type: 'adaptive', display: 'updates' },
      messages: [
        user([
          { type: 'text', text: 'look' },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF } },
        ]),
        { role: 'system', content: 'env' },
        assistant([
          { type: 'thinking', thinking: 'hm', signature: encodeThinkingSignature('acct-test', 'gAAAAB') },
          { type: 'redacted_thinking', data: 'x' },
          { type: 'text', text: 'calling' },
          toolUse(longId, long, { v: 1 }),
          toolUse('toolu_2'),
        ]),
        user([
          toolResult(longId, [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }], { is_error: true }),
          toolResult('toolu_orphan', 'stale'),
          { type: 'text', text: 'and?' },
        ]),
      ],
    });
    const verdict = validateResponsesRequest(body, { catalog: defaultCatalog(), requireInstructions: true });
    expect(verdict.ok ? 'ok' : verdict.message).toBe('ok');
  });
});
