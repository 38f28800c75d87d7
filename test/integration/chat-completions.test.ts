/**
 * /v1/chat/completions and /v1/models driven by the official `openai` SDK (maxRetries: 0) against the proxy and the
 * strict fake Codex backend: streaming, non-stream, parallel tool round trip, images, structured output, failover
 * on a usage limit, OpenAI-shaped errors.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REPLY } from '../fakes/codex-backend.js';
import { startStack, type Stack } from '../helpers/stack.js';

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const readTool: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'Read',
    description: 'Read a file',
    parameters: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
  },
};

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack();
  client = new OpenAI({ baseURL: `${stack.baseUrl}/v1`, apiKey: 'sk-test-key', maxRetries: 0 });
});
afterAll(async () => stack?.close());

type Body = Record<string, unknown> & { input: { type: string; role?: string; call_id?: string; content?: { type: string; image_url?: string }[] }[] };
const lastResponsesBody = (s: Stack = stack): Body => {
  const reqs = s.fake.requests.filter((r) => r.path.endsWith('/responses'));
  return reqs[reqs.length - 1]!.body as Body;
};

describe('/v1/chat/completions through the openai SDK', () => {
  it('streams text chunks, a finish_reason, a usage chunk with cached tokens and [DONE]', async () => {
    const acct = stack.accounts[0]!.fake.accountId;
    stack.fake.enqueue(acct, { kind: 'stream', items: [{ type: 'text', text: 'one two three four', chunks: 4 }], usage: { input: 120, cached: 64, output: 7 } });
    const stream = await client.chat.completions.create({
      model: 'gpt-5.6-sol',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Count' }],
    });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('one two three four');
    expect(chunks.filter((c) => (c.choices[0]?.delta.content ?? '') !== '').length).toBeGreaterThan(1);
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]!.finish_reason).toBe('stop');
    const last = chunks[chunks.length - 1]!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 120, completion_tokens: 7, total_tokens: 127, prompt_tokens_details: { cached_tokens: 64 } });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const sent = lastResponsesBody();
    expect(sent.model).toBe('gpt-5.6-sol');
    expect(sent.instructions).toBe('Be brief.');
    expect(sent.store).toBe(false);
    expect(sent).not.toHaveProperty('max_output_tokens');
  });

  it('sends no usage chunk without stream_options.include_usage, and the raw stream ends with [DONE]', async () => {
    const res = await fetch(`${stack.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5.6-sol', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const frames = text.split('\n\n').filter(Boolean);
    expect(frames[frames.length - 1]).toBe('data: [DONE]');
    expect(text).not.toContain('"usage"');
    for (const f of frames.slice(0, -1)) expect(JSON.parse(f.replace(/^data: /, '')).object).toBe('chat.completion.chunk');
  });

  it('answers without streaming (claude alias of the mapping) with usage', async () => {
    const completion = await client.chat.completions.create({ model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('claude-sonnet-5-5');
    expect(completion.choices[0]!.message).toMatchObject({ role: 'assistant', content: DEFAULT_REPLY });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage!.prompt_tokens_details?.cached_tokens).toBeTypeOf('number');
    expect(lastResponsesBody().model).toBe('gpt-5.6-sol'); // the sonnet route of the default mapping
  });

  it('runs a tool round trip with two parallel calls (streamed argument deltas)', async () => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'READ_TWO:/tmp/a.txt,/tmp/b.txt' }];
    const runner = client.chat.completions.stream({ model: 'gpt-5.6-sol', tools: [readTool], parallel_tool_calls: true, messages });
    const first = await runner.finalChatCompletion();
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const calls = choice.message.tool_calls as OpenAI.Chat.ChatCompletionMessageFunctionToolCall[];
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.function.name)).toEqual(['Read', 'Read']);
    expect(calls.map((c) => JSON.parse(c.function.arguments))).toEqual([{ file_path: '/tmp/a.txt' }, { file_path: '/tmp/b.txt' }]);
    expect(lastResponsesBody().parallel_tool_calls).toBe(true);
    expect(lastResponsesBody().tools).toEqual([
      { type: 'function', name: 'Read', description: 'Read a file', strict: false, parameters: readTool.function.parameters },
    ]);

    const second = await client.chat.completions.create({
      model: 'gpt-5.6-sol',
      tools: [readTool],
      messages: [
        ...messages,
        { role: 'assistant', content: null, tool_calls: calls },
        { role: 'tool', tool_call_id: calls[0]!.id, content: 'A' },
        { role: 'tool', tool_call_id: calls[1]!.id, content: 'B' },
      ],
    });
    expect(second.choices[0]!.message.content).toBe('Tool said: A\nB');
    const input = lastResponsesBody().input;
    expect(input.filter((i) => i.type === 'function_call').map((i) => i.call_id)).toEqual(calls.map((c) => c.id));
    expect(input.filter((i) => i.type === 'function_call_output').map((i) => i.call_id)).toEqual(calls.map((c) => c.id));
  });

  it('sends image_url parts (data URL and https) as input_image', async () => {
    await client.chat.completions.create({
      model: 'gpt-5.6-sol',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What colour is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1}`, detail: 'low' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          ],
        },
      ],
    });
    const parts = lastResponsesBody().input.flatMap((i) => i.content ?? []);
    expect(parts.filter((p) => p.type === 'input_image')).toEqual([
      { type: 'input_image', image_url: `data:image/png;base64,${PNG_1X1}`, detail: 'low' },
      { type: 'input_image', image_url: 'https://example.com/cat.png' },
    ]);
  });

  it('maps response_format json_schema and reasoning_effort', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-5.6-sol',
      reasoning_effort: 'high',
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'title',
          strict: true,
          schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false },
        },
      },
      messages: [{ role: 'developer', content: 'Title this.' }, { role: 'user', content: 'A chat about proxies' }],
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ title: 'Fake title' });
    const sent = lastResponsesBody();
    expect(sent.text).toMatchObject({ format: { type: 'json_schema', name: 'title', strict: true } });
    expect(sent.reasoning).toEqual({ effort: 'high' });
  });

  it('answers a bad request with an OpenAI-shaped 400', async () => {
    const err = await client.chat.completions
      .create({ model: 'gpt-5.6-sol', messages: [] as OpenAI.Chat.ChatCompletionMessageParam[] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.status).toBe(400);
    expect(e.type).toBe('invalid_request_error');
    expect(e.param).toBe('messages');
    const raw = await fetch(`${stack.baseUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('not valid JSON') } });
  });

  it('ends an already-open stream with an error chunk the SDK raises', async () => {
    const acct = stack.accounts[0]!.fake.accountId;
    stack.fake.enqueue(acct, { kind: 'stream', items: [{ type: 'text', text: 'partial answer' }], end: 'failed', failCode: 'server_error', failMessage: 'boom' });
    const stream = await client.chat.completions.create({ model: 'gpt-5.6-sol', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    const err = await (async () => {
      for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(text).toBe('partial answer');
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).message).toContain('boom');
  });
});

describe('/v1/models for both SDKs', () => {
  it('lists the same models through openai and @anthropic-ai/sdk', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) {
      ids.push(m.id);
      expect(m.object).toBe('model');
      expect(typeof m.created).toBe('number');
      expect(typeof m.owned_by).toBe('string');
    }
    expect(ids).toContain('claude-haiku-5-5');
    const anthropic = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'sk-ant-test', maxRetries: 0 });
    const page = await anthropic.models.list();
    expect(page.data.map((m) => m.id)).toEqual(ids);
    expect(page.data[0]).toMatchObject({ type: 'model', display_name: expect.any(String) });
    const one = ids.find((id) => id.startsWith('claude-codex-'))!;
    const reply = await client.chat.completions.create({ model: one, messages: [{ role: 'user', content: 'Hi' }] });
    expect(reply.choices[0]!.message.content).toBe(DEFAULT_REPLY);
    expect(lastResponsesBody().model).toBe(one.slice('claude-codex-'.length));
  });
});

describe('failover and quota errors', () => {
  let two: Stack;
  beforeAll(async () => {
    two = await startStack({ accounts: 2 });
  });
  afterAll(async () => two?.close());

  it('fails over to the second account on a usage limit', async () => {
    const c = new OpenAI({ baseURL: `${two.baseUrl}/v1`, apiKey: 'x', maxRetries: 0 });
    const [a1, a2] = two.accounts.map((a) => a.fake.accountId);
    two.fake.enqueue(a1!, { kind: 'usage_limit', resetsInSeconds: 3600 });
    const stream = await c.chat.completions.create({ model: 'gpt-5.6-sol', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(DEFAULT_REPLY);
    const used = two.fake.requests.filter((r) => r.path.endsWith('/responses')).map((r) => [r.accountId, r.status]);
    expect(used.slice(-2)).toEqual([
      [a1, 429],
      [a2, 200],
    ]);
  });

  it('answers 429 insufficient_quota with retry-after once every account is exhausted', async () => {
    const c = new OpenAI({ baseURL: `${two.baseUrl}/v1`, apiKey: 'x', maxRetries: 0 });
    const a2 = two.accounts[1]!.fake.accountId;
    two.fake.enqueue(a2, { kind: 'usage_limit', resetsInSeconds: 120 });
    const err = await c.chat.completions.create({ model: 'gpt-5.6-sol', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.code).toBe('insufficient_quota');
    expect(e.type).toBe('insufficient_quota');
    expect(Number(e.headers?.get('retry-after'))).toBeGreaterThan(0);
  });
});
