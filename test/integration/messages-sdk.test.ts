/**
 * The proxy driven by the official @anthropic-ai/sdk against the strict fake Codex backend:
 * streaming, non-streaming, tools, parallel tools, thinking round trip, images, web search, abort.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';
import { assertValidAnthropicSequence } from '../helpers/anthropic-sequence.js';
import { DEFAULT_REPLY } from '../fakes/codex-backend.js';

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const bashTool: Anthropic.Tool = {
  name: 'Bash',
  description: 'Run a shell command',
  input_schema: { type: 'object', properties: { command: { type: 'string' }, description: { type: 'string' } }, required: ['command'] },
};
const readTool: Anthropic.Tool = {
  name: 'Read',
  description: 'Read a file',
  input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};

let stack: Stack;
let client: Anthropic;

beforeAll(async () => {
  stack = await startStack();
  client = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'sk-ant-test-key', maxRetries: 0 });
});
afterAll(async () => stack?.close());

const lastResponsesBody = (): Record<string, unknown> => {
  const reqs = stack.fake.requests.filter((r) => r.path.endsWith('/responses'));
  return reqs[reqs.length - 1]!.body as Record<string, unknown>;
};

describe('/v1/messages through @anthropic-ai/sdk', () => {
  it('streams a text answer as a valid Anthropic event sequence', async () => {
    const events: unknown[] = [];
    const stream = client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Say hello' }] });
    stream.on('streamEvent', (e) => events.push(JSON.parse(JSON.stringify(e)))); // the SDK mutates message_start.message later
    const msg = await stream.finalMessage();
    expect(msg.content).toHaveLength(1);
    expect(msg.content[0]).toMatchObject({ type: 'text', text: DEFAULT_REPLY });
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage.output_tokens).toBeGreaterThan(0);
    assertValidAnthropicSequence(events as never);
    const sent = lastResponsesBody();
    expect(sent.store).toBe(false);
    expect(sent).not.toHaveProperty('max_output_tokens');
  });

  it('also answers on /v1/messages?beta=true and without streaming', async () => {
    const msg = await client.beta.messages.create({ model: 'claude-opus-5-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    expect(msg.type).toBe('message');
    expect(msg.content[0]).toMatchObject({ type: 'text', text: DEFAULT_REPLY });
  });

  it('runs a tool round trip', async () => {
    const first = await client.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: 1024,
      tools: [bashTool],
      messages: [{ role: 'user', content: 'RUN_BASH:echo round-trip' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((b) => b.type === 'tool_use') as Anthropic.ToolUseBlock;
    expect(use).toMatchObject({ name: 'Bash', input: { command: 'echo round-trip' } });
    const second = await client.messages
      .stream({
        model: 'claude-sonnet-5-5',
        max_tokens: 1024,
        tools: [bashTool],
        messages: [
          { role: 'user', content: 'RUN_BASH:echo round-trip' },
          { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'round-trip' }] },
        ],
      })
      .finalMessage();
    expect(second.content[0]).toMatchObject({ type: 'text', text: 'Tool said: round-trip' });
    const input = lastResponsesBody().input as { type: string; call_id?: string }[];
    expect(input.filter((i) => i.type === 'function_call_output').map((i) => i.call_id)).toEqual([use.id]);
  });

  it('handles two parallel tool calls', async () => {
    const first = await client.messages.stream({
      model: 'claude-sonnet-5-5',
      max_tokens: 1024,
      tools: [readTool],
      messages: [{ role: 'user', content: 'READ_TWO:/tmp/a.txt,/tmp/b.txt' }],
    }).finalMessage();
    const uses = first.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    expect(uses.map((u) => u.input)).toEqual([{ file_path: '/tmp/a.txt' }, { file_path: '/tmp/b.txt' }]);
    expect(lastResponsesBody().parallel_tool_calls).toBe(true);
    const second = await client.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: 1024,
      tools: [readTool],
      messages: [
        { role: 'user', content: 'READ_TWO:/tmp/a.txt,/tmp/b.txt' },
        { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: uses[0]!.id, content: 'A' },
            { type: 'tool_result', tool_use_id: uses[1]!.id, content: 'B' },
          ],
        },
      ],
    });
    expect(second.content[0]).toMatchObject({ type: 'text', text: 'Tool said: A\nB' });
  });

  it('round-trips thinking: the fake verifies its own encrypted reasoning comes back', async () => {
    const params = {
      model: 'claude-opus-5-5',
      max_tokens: 4096,
      thinking: { type: 'enabled' as const, budget_tokens: 2048 },
      messages: [{ role: 'user' as const, content: 'THINK about it' }],
    };
    const first = await client.messages.stream(params).finalMessage();
    const thinking = first.content.find((b) => b.type === 'thinking') as Anthropic.ThinkingBlock;
    expect(thinking.thinking).toContain('Thinking it over');
    expect(thinking.signature).toMatch(/^ccp1\./);
    const before = stack.fake.reasoningReplays;
    await client.messages.create({
      ...params,
      messages: [...params.messages, { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] }, { role: 'user', content: 'and again' }],
    });
    expect(stack.fake.reasoningReplays).toBe(before + 1);
    expect((lastResponsesBody().reasoning as { effort: string }).effort).toBe('low');
  });

  it('sends images to the backend as input_image', async () => {
    await client.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: 256,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1X1 } },
            { type: 'text', text: 'What colour is this?' },
          ],
        },
      ],
    });
    const input = lastResponsesBody().input as { type: string; role?: string; content?: { type: string; image_url?: string }[] }[];
    const parts = input.flatMap((i) => i.content ?? []);
    expect(parts.find((p) => p.type === 'input_image')?.image_url).toBe(`data:image/png;base64,${PNG_1X1}`);
  });

  it('maps the web_search server tool and returns server_tool_use + web_search_tool_result blocks', async () => {
    const msg = await client.messages.stream({
      model: 'claude-sonnet-5-5',
      max_tokens: 1024,
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
      messages: [{ role: 'user', content: 'WEB_SEARCH:proxy design' }],
    }).finalMessage();
    expect(lastResponsesBody().tools).toEqual([{ type: 'web_search' }]);
    const types = msg.content.map((b) => b.type);
    expect(types).toEqual(['server_tool_use', 'web_search_tool_result', 'text']);
    expect(msg.content[0]).toMatchObject({ name: 'web_search', input: { query: 'proxy design' } });
    const result = msg.content[1] as Anthropic.WebSearchToolResultBlock;
    expect(Array.isArray(result.content) && result.content[0]).toMatchObject({ type: 'web_search_result', url: expect.stringContaining('example.com') });
  });

  it('aborts the upstream request when the client disconnects', async () => {
    const acct = stack.accounts[0]!.fake.accountId;
    stack.fake.enqueue(acct, { kind: 'stream', items: [{ type: 'text', text: 'a b c d e f g h i j k l m n o p', chunks: 16 }], delayMs: 150 });
    const before = stack.fake.closedEarly;
    const stream = client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user', content: 'long answer' }] });
    const settled = stream.done().catch((e: Error) => e);
    await new Promise<void>((resolve) => stream.on('text', () => resolve()));
    stream.abort();
    expect(await settled).toBeInstanceOf(Anthropic.APIUserAbortError);
    await stack.fake.waitForClosedEarly(before + 1, 5_000);
    expect(stack.fake.closedEarly).toBe(before + 1);
  });
});

describe('stop_sequences (emulated; the backend has none)', () => {
  it('stops at the sequence with stop_reason stop_sequence, streaming and not', async () => {
    const acct = stack.accounts[0]!.fake.accountId;
    const scenario = { kind: 'stream' as const, items: [{ type: 'text' as const, text: 'one two </block> three', chunks: 6 }] };
    stack.fake.enqueue(acct, scenario, scenario);
    const params = { model: 'claude-sonnet-5-5', max_tokens: 64, stop_sequences: ['</block>'], messages: [{ role: 'user' as const, content: 'classify' }] };
    const streamed = await client.messages.stream(params).finalMessage();
    expect(streamed.content[0]).toMatchObject({ type: 'text', text: 'one two ' });
    expect(streamed.stop_reason).toBe('stop_sequence');
    expect(streamed.stop_sequence).toBe('</block>');
    const plain = await client.messages.create(params);
    expect(plain.content[0]).toMatchObject({ type: 'text', text: 'one two ' });
    expect(plain.stop_reason).toBe('stop_sequence');
  });
});
