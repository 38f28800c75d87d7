import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeJwtPayload,
  makeCodexAuthJson,
  startFakeCodex,
  type FakeAccount,
  type FakeCodex,
  type IssuedTokens,
  type Scenario,
} from '../../fakes/codex-backend.js';
import { checkEventOrder, parseSseText, type ParsedSseEvent } from '../../fakes/codex-sse-check.js';
import { minimalClassicRequest } from '../../fakes/codex-validate.js';

let fake: FakeCodex;
let A: { account: FakeAccount; tokens: IssuedTokens };
let B: { account: FakeAccount; tokens: IssuedTokens };

beforeAll(async () => {
  fake = await startFakeCodex();
  A = fake.addAccount({ email: 'a@example.com', plan: 'plus' });
  B = fake.addAccount({ email: 'b@example.com', plan: 'pro' });
});
afterAll(async () => {
  await fake.close();
});

const minimal = minimalClassicRequest;

const userSays = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...minimal(),
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }],
  ...extra,
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: () => unknown;
  events: ParsedSseEvent[];
}

async function post(
  body: unknown,
  who: { account: FakeAccount; tokens: IssuedTokens } = A,
  headers: Record<string, string | undefined> = {},
): Promise<Answer> {
  const h: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    authorization: `Bearer ${who.tokens.accessToken}`,
    'chatgpt-account-id': who.account.accountId,
  };
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) delete h[k];
    else h[k] = v;
  }
  const res = await fetch(`${fake.codexBaseUrl}/responses`, { method: 'POST', headers: h, body: JSON.stringify(body) });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: () => JSON.parse(text) as unknown,
    events: res.headers.get('content-type')?.startsWith('text/event-stream') ? parseSseText(text) : [],
  };
}

const types = (evs: ParsedSseEvent[]): string[] => evs.map((e) => e.data.type as string);
const doneItems = (evs: ParsedSseEvent[]): Record<string, unknown>[] =>
  evs.filter((e) => e.data.type === 'response.output_item.done').map((e) => e.data.item as Record<string, unknown>);

function expectQuotaHeaders(h: Headers): void {
  for (const name of [
    'x-codex-primary-used-percent',
    'x-codex-primary-window-minutes',
    'x-codex-primary-reset-at',
    'x-codex-secondary-used-percent',
    'x-codex-secondary-window-minutes',
    'x-codex-secondary-reset-at',
    'x-codex-plan-type',
  ]) {
    expect(h.get(name), name).not.toBeNull();
  }
}

describe('fake Codex backend: happy path', () => {
  it('accepts the §4.4 minimal request and streams a valid event sequence', async () => {
    const r = await post(minimal());
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    expectQuotaHeaders(r.headers);
    expect(r.headers.get('x-codex-plan-type')).toBe('plus');
    expect(checkEventOrder(r.events)).toEqual([]);
    const t = types(r.events);
    expect(t[0]).toBe('response.created');
    expect(t[1]).toBe('response.in_progress');
    expect(t.at(-1)).toBe('response.completed');
    expect(r.text).toMatch(/^event: response\.created\ndata: \{"type":"response\.created","sequence_number":0,/);
    // reasoning requested with summary → reasoning item (summary) then the text message
    const items = doneItems(r.events);
    expect(items.map((i) => i.type)).toEqual(['reasoning', 'message']);
    expect(items[0]?.encrypted_content).toMatch(/^gAAAAB/);
    expect(t).toContain('response.reasoning_summary_text.delta');
    const done = r.events.at(-1)?.data.response as { output: unknown[]; usage: Record<string, unknown> };
    expect(done.output).toHaveLength(2);
    expect(done.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number), total_tokens: expect.any(Number) });
    const last = fake.requests.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', path: '/backend-api/codex/responses', status: 200, accountId: A.account.accountId });
    expect(last.rejected).toBeUndefined();
  });

  it('default responder: text, RUN_BASH, READ_FILE, READ_TWO, WEB_SEARCH, THINK, tool output, json_schema', async () => {
    const bashTool = { type: 'function', name: 'Bash', description: 'run', strict: false, parameters: { type: 'object' } };
    const noReasoning = { reasoning: undefined };
    let r = await post(userSays('hello', noReasoning));
    let items = doneItems(r.events);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: 'Hello from the fake Codex backend.' }] });

    r = await post(userSays('please RUN_BASH:ls -la /tmp', { ...noReasoning, tools: [bashTool] }));
    items = doneItems(r.events);
    expect(items[0]).toMatchObject({ type: 'function_call', name: 'Bash', status: 'completed' });
    expect(JSON.parse(items[0]!.arguments as string)).toEqual({ command: 'ls -la /tmp', description: 'Run the command' });
    expect(items[0]!.call_id).toMatch(/^call_/);

    r = await post(userSays('RUN_BASH', noReasoning));
    expect(JSON.parse(doneItems(r.events)[0]!.arguments as string)).toMatchObject({ command: 'echo hi' });

    r = await post(userSays('READ_FILE:/etc/hosts', noReasoning));
    expect(doneItems(r.events)[0]).toMatchObject({ type: 'function_call', name: 'Read', arguments: '{"file_path":"/etc/hosts"}' });

    r = await post(userSays('READ_TWO:/a.txt,/b.txt', noReasoning));
    items = doneItems(r.events);
    expect(items.map((i) => i.arguments)).toEqual(['{"file_path":"/a.txt"}', '{"file_path":"/b.txt"}']);
    expect(items[0]!.call_id).not.toBe(items[1]!.call_id);

    r = await post(userSays('WEB_SEARCH:vitest 4', noReasoning));
    items = doneItems(r.events);
    expect(items[0]).toMatchObject({ type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'vitest 4' } });
    expect(items[1]).toMatchObject({ type: 'message' });
    expect(checkEventOrder(r.events)).toEqual([]);

    r = await post(userSays('THINK hard', noReasoning));
    items = doneItems(r.events);
    expect(items.map((i) => i.type)).toEqual(['reasoning', 'message']);
    expect((items[0]!.summary as unknown[]).length).toBe(1);

    r = await post({
      ...minimal(),
      reasoning: { effort: 'low' },
      input: [
        { type: 'message', role: 'user', content: 'RUN_BASH' },
        { type: 'function_call', call_id: 'call_1', name: 'Bash', arguments: '{"command":"echo hi"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'hi\n' },
      ],
    });
    items = doneItems(r.events);
    expect(items[0]).toMatchObject({ type: 'reasoning', summary: [] }); // reasoning without summary setting
    expect(items[1]).toMatchObject({ content: [{ text: 'Tool said: hi\n' }] });

    r = await post(
      userSays('Generate a title', {
        ...noReasoning,
        text: { format: { type: 'json_schema', name: 'title', strict: true, schema: { type: 'object', properties: { title: { type: 'string' } } } } },
      }),
    );
    const text = (doneItems(r.events)[0]!.content as { text: string }[])[0]!.text;
    expect(JSON.parse(text)).toEqual({ title: 'Fake title' });
  });

  it('enqueue is FIFO per account and setResponder replaces the default', async () => {
    fake.enqueue(A.account.accountId, { kind: 'stream', items: [{ type: 'text', text: 'one' }] }, { kind: 'overloaded' });
    expect(doneItems((await post(minimal())).events)[0]).toMatchObject({ content: [{ text: 'one' }] });
    // B is not affected by A's queue
    expect((await post(minimal(), B)).status).toBe(200);
    const o = await post(minimal());
    expect(o.status).toBe(503);
    expect(o.json()).toMatchObject({ error: { code: 'server_is_overloaded' } });
    expectQuotaHeaders(o.headers);

    const seen: number[] = [];
    fake.setResponder(({ index, account }) => {
      seen.push(index);
      return { kind: 'stream', items: [{ type: 'text', text: `for ${account.email}` }] };
    });
    try {
      expect(doneItems((await post(minimal(), B)).events)[0]).toMatchObject({ content: [{ text: 'for b@example.com' }] });
      expect(seen).toHaveLength(1);
    } finally {
      const { defaultResponder } = await import('../../fakes/codex-backend.js');
      fake.setResponder(defaultResponder);
    }
  });
});

describe('fake Codex backend: validation rules 1–12', () => {
  it('rule 1: missing, unknown, expired tokens → 401', async () => {
    expect((await post(minimal(), A, { authorization: undefined })).status).toBe(401);
    const unknown = await post(minimal(), A, { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.x' });
    expect(unknown.status).toBe(401);
    expect(unknown.json()).toMatchObject({ error: { code: 'invalid_token' } });

    const C = fake.addAccount({ accessTtlSec: 0 }); // exp == iat → already expired
    const exp = await post(minimal(), C);
    expect(exp.status).toBe(401);
    expect(exp.json()).toMatchObject({ error: { code: 'token_expired' } });

    const D = fake.addAccount();
    expect((await post(minimal(), D)).status).toBe(200);
    fake.expireAccessToken(D.account.accountId);
    const r = await post(minimal(), D);
    expect(r.status).toBe(401);
    expectQuotaHeaders(r.headers);
    expect(fake.requests.at(-1)?.rejected).toMatch(/expired/);
  });

  it('rule 2: chatgpt-account-id must match the token', async () => {
    expect((await post(minimal(), A, { 'chatgpt-account-id': B.account.accountId })).status).toBe(403);
    const missing = await post(minimal(), A, { 'chatgpt-account-id': undefined });
    expect(missing.status).toBe(403);
    expectQuotaHeaders(missing.headers);
  });

  const cases: [string, Record<string, unknown>, number, unknown][] = [
    ['3 store missing', { store: undefined }, 400, { detail: 'Store must be set to false' }],
    ['3 store true', { store: true }, 400, { detail: 'Store must be set to false' }],
    ['4 stream false', { stream: false }, 400, { detail: expect.stringMatching(/stream/i) }],
    ['5 max_output_tokens', { max_output_tokens: 100 }, 400, { detail: 'Unsupported parameter: max_output_tokens' }],
    ['5 max_tokens', { max_tokens: 100 }, 400, { detail: 'Unsupported parameter: max_tokens' }],
    ['5 max_completion_tokens', { max_completion_tokens: 1 }, 400, { detail: 'Unsupported parameter: max_completion_tokens' }],
    ['5 temperature', { temperature: 1 }, 400, { detail: 'Unsupported parameter: temperature' }],
    ['5 top_p', { top_p: 1 }, 400, { detail: 'Unsupported parameter: top_p' }],
    ['6 instructions missing', { instructions: undefined }, 400, { detail: 'Instructions are required' }],
    ['6 instructions null', { instructions: null }, 400, expect.anything()],
    ['6 instructions not a string', { instructions: ['a'] }, 400, { error: { param: 'instructions', code: 'invalid_type' } }],
    [
      '7 retired model',
      { model: 'gpt-5.3-codex' },
      400,
      { detail: "The 'gpt-5.3-codex' model is not supported when using Codex with a ChatGPT account." },
    ],
    ['8 effort not supported by the model', { model: 'gpt-5.5', reasoning: { effort: 'max' } }, 400, { error: { param: 'reasoning.effort' } }],
    ['8 effort unknown', { reasoning: { effort: 'minimal' } }, 400, { error: { param: 'reasoning.effort', code: 'unsupported_value' } }],
    ['8 summary none (omit it instead)', { reasoning: { effort: 'low', summary: 'none' } }, 400, { error: { param: 'reasoning.summary' } }],
    [
      '9 orphan function_call_output',
      { input: [{ type: 'message', role: 'user', content: 'x' }, { type: 'function_call_output', call_id: 'toolu_1', output: 'x' }] },
      400,
      { error: { message: 'No tool call found for function call output with call_id toolu_1.', type: 'invalid_request_error' } },
    ],
    [
      '9 output before its call',
      {
        input: [
          { type: 'function_call_output', call_id: 'c1', output: 'x' },
          { type: 'function_call', call_id: 'c1', name: 'Bash', arguments: '{}' },
        ],
      },
      400,
      { error: { param: 'input' } },
    ],
    [
      '10 wrong id prefix',
      { input: [{ type: 'function_call', id: 'toolu_01AbC', call_id: 'c1', name: 'Bash', arguments: '{}' }] },
      400,
      { error: { param: 'input[0].id', message: "Invalid 'input[0].id': 'toolu_01AbC'. Expected an ID that begins with 'fc'." } },
    ],
    [
      '10 call_id too long',
      { input: [{ type: 'function_call', call_id: 'c'.repeat(65), name: 'Bash', arguments: '{}' }] },
      400,
      { error: { param: 'input[0].call_id', code: 'string_above_max_length' } },
    ],
    [
      '10 tool name too long',
      { tools: [{ type: 'function', name: `mcp__${'x'.repeat(60)}`, description: '', strict: false, parameters: {} }] },
      400,
      { error: { param: 'tools[0].name', code: 'string_above_max_length' } },
    ],
    [
      '11 unknown encrypted_content',
      { input: [{ type: 'reasoning', summary: [], encrypted_content: 'gAAAABforged' }] },
      400,
      { error: { code: 'invalid_encrypted_content', type: 'invalid_request_error' } },
    ],
    [
      '12 leftover cache_control in a content part',
      {
        input: [
          { type: 'message', role: 'user', content: 'a' },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'b' }] },
          { type: 'message', role: 'user', content: 'c' },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'd', cache_control: { type: 'ephemeral' } }] },
        ],
      },
      400,
      {
        error: {
          message: "Unknown parameter: 'input[3].content[0].cache_control'.",
          type: 'invalid_request_error',
          param: 'input[3].content[0].cache_control',
          code: 'unknown_parameter',
        },
      },
    ],
    ['12 unknown top-level key', { metadata: { a: 'b' } }, 400, { error: { param: 'metadata', code: 'unknown_parameter' } }],
    ['12 previous_response_id', { previous_response_id: 'resp_1' }, 400, { error: { code: 'unknown_parameter' } }],
    [
      '12 unknown key in an item',
      { input: [{ type: 'message', role: 'user', content: 'x', cache_control: {} }] },
      400,
      { error: { param: 'input[0].cache_control' } },
    ],
    [
      '12 unknown key in a tool',
      { tools: [{ type: 'function', name: 'Bash', parameters: {}, cache_control: { type: 'ephemeral' } }] },
      400,
      { error: { param: 'tools[0].cache_control' } },
    ],
    [
      '12 unknown key in a function_call_output part',
      {
        input: [
          { type: 'function_call', call_id: 'c1', name: 'Read', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_text', text: 'x', extra: 1 }] },
        ],
      },
      400,
      { error: { param: 'input[1].output[0].extra' } },
    ],
  ];

  it.each(cases)('rule %s', async (_name, patch, status, body) => {
    const req: Record<string, unknown> = { ...minimal(), ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete req[k];
    const r = await post(req);
    expect(r.status).toBe(status);
    expect(r.json()).toMatchObject(body as object);
    expectQuotaHeaders(r.headers);
    const rec = fake.requests.at(-1)!;
    expect(rec.status).toBe(status);
    expect(rec.rejected).toEqual(expect.any(String));
  });

  it('rule 6 can be relaxed with requireInstructions:false', async () => {
    const relaxed = await startFakeCodex({ requireInstructions: false });
    try {
      const acc = relaxed.addAccount();
      const { instructions: _i, ...body } = minimal();
      const res = await fetch(`${relaxed.codexBaseUrl}/responses`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${acc.tokens.accessToken}`,
          'chatgpt-account-id': acc.account.accountId,
        },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      await res.text();
    } finally {
      await relaxed.close();
    }
  });

  it('rule 11: a reasoning blob replays on its own account but not on another (400)', async () => {
    const first = await post(userSays('THINK', { reasoning: undefined }));
    const rs = doneItems(first.events).find((i) => i.type === 'reasoning')!;
    const replay = (who: typeof A): Promise<Answer> =>
      post(
        {
          ...minimal(),
          input: [
            { type: 'message', role: 'user', content: 'THINK' },
            { type: 'reasoning', summary: rs.summary, content: null, encrypted_content: rs.encrypted_content },
            { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'I thought about it.' }] },
            { type: 'message', role: 'user', content: 'again' },
          ],
        },
        who,
      );
    const before = fake.reasoningReplays;
    expect((await replay(A)).status).toBe(200);
    expect(fake.reasoningReplays).toBe(before + 1);
    const onB = await replay(B);
    expect(onB.status).toBe(400);
    expect(onB.json()).toMatchObject({ error: { code: 'invalid_encrypted_content' } });
    expect(fake.reasoningReplays).toBe(before + 1);
  });
});

describe('fake Codex backend: self-consistency', () => {
  it('accepts its own output items replayed verbatim as input (ids, reasoning, calls, refusal, web search)', async () => {
    fake.enqueue(A.account.accountId, {
      kind: 'stream',
      items: [
        { type: 'reasoning', summary: ['**S**\n\nthinking'] },
        { type: 'web_search', query: 'q', sources: [{ url: 'https://a.example', title: 'A' }] },
        { type: 'text', text: 'hello' },
        { type: 'refusal', text: 'no' },
        { type: 'function_call', name: 'Bash', arguments: '{"command":"ls"}' },
      ],
    });
    const first = await post(minimal());
    const output = (first.events.at(-1)?.data.response as { output: Record<string, unknown>[] }).output;
    const call = output.find((o) => o.type === 'function_call')!;
    const before = fake.reasoningReplays;
    const second = await post({
      ...minimal(),
      input: [
        ...(minimal().input as unknown[]),
        ...output,
        { type: 'function_call_output', call_id: call.call_id, output: 'file.txt' },
      ],
    });
    expect(second.status, second.text.slice(0, 300)).toBe(200);
    expect(fake.reasoningReplays).toBe(before + 1);
    // the default responder answers the tool output
    expect(doneItems(second.events).at(-1)).toMatchObject({ content: [{ text: 'Tool said: file.txt' }] });
  });
});

describe('fake Codex backend: scenarios', () => {
  it('usage_limit: 429 with resets_at, resets_in_seconds and x-codex headers; /wham/usage reflects it', async () => {
    const C = fake.addAccount({ plan: 'plus' });
    fake.enqueue(C.account.accountId, { kind: 'usage_limit', resetsInSeconds: 1234 });
    const t0 = Math.floor(Date.now() / 1000);
    const r = await post(minimal(), C);
    expect(r.status).toBe(429);
    const body = r.json() as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: 'usage_limit_reached', plan_type: 'plus', resets_in_seconds: 1234 });
    expect(body.error.resets_at).toBeGreaterThanOrEqual(t0 + 1234);
    expect(body.error.resets_at).toBeLessThanOrEqual(t0 + 1236);
    expectQuotaHeaders(r.headers);
    expect(r.headers.get('x-codex-primary-used-percent')).toBe('100');
    expect(r.headers.get('x-codex-primary-reset-at')).toBe(String(body.error.resets_at));

    const u = await fetch(`${fake.chatgptBaseUrl}/wham/usage`, {
      headers: { authorization: `Bearer ${C.tokens.accessToken}`, 'chatgpt-account-id': C.account.accountId },
    });
    expect(u.status).toBe(200);
    expect(await u.json()).toMatchObject({
      plan_type: 'plus',
      rate_limit: { limit_reached: true, primary_window: { used_percent: 100, limit_window_seconds: 18000, reset_at: body.error.resets_at } },
      credits: { has_credits: false },
    });
  });

  it('rate_limited and http scenarios', async () => {
    fake.enqueue(
      A.account.accountId,
      { kind: 'rate_limited', retryAfter: 7 },
      { kind: 'http', status: 500, body: { detail: 'boom' }, headers: { 'x-extra': '1' } },
    );
    const r = await post(minimal());
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(r.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    const h = await post(minimal());
    expect(h.status).toBe(500);
    expect(h.headers.get('x-extra')).toBe('1');
    expect(h.json()).toEqual({ detail: 'boom' });
  });

  it('terminal variants: failed, incomplete, error event, rate-limit event', async () => {
    const scenarios: [Scenario, string, Record<string, unknown>][] = [
      [{ kind: 'stream', items: [], end: 'failed' }, 'response.failed', { response: { status: 'failed', error: { code: 'context_length_exceeded' } } }],
      [
        { kind: 'stream', items: [{ type: 'text', text: 'partial' }], end: 'incomplete_max_tokens' },
        'response.incomplete',
        { response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } },
      ],
      [
        { kind: 'stream', items: [{ type: 'refusal', text: 'no' }], end: 'incomplete_content_filter' },
        'response.incomplete',
        { response: { incomplete_details: { reason: 'content_filter' } } },
      ],
      [
        { kind: 'stream', items: [], end: 'error_event', failCode: 'rate_limit_exceeded', failMessage: 'Please try again in 2s.' },
        'error',
        { code: 'rate_limit_exceeded', message: 'Please try again in 2s.' },
      ],
    ];
    for (const [s, terminal, fields] of scenarios) {
      fake.enqueue(A.account.accountId, s);
      const r = await post(minimal());
      expect(r.status).toBe(200);
      expect(checkEventOrder(r.events)).toEqual([]);
      expect(r.events.at(-1)?.data).toMatchObject({ type: terminal, ...fields });
    }
    fake.enqueue(A.account.accountId, {
      kind: 'stream',
      items: [{ type: 'text', text: 'x' }],
      codexRateLimitsEvent: true,
      usage: { input: 100, cached: 60, output: 5, reasoning: 2 },
    });
    const r = await post(minimal());
    expect(r.events[2]?.data).toMatchObject({ type: 'codex.rate_limits', plan_type: 'plus', rate_limits: { primary: { window_minutes: 300 } } });
    expect((r.events.at(-1)?.data.response as Record<string, unknown>).usage).toEqual({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 60 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 2 },
      total_tokens: 105,
    });
  });

  it('cut: the stream ends without a terminal event', async () => {
    fake.enqueue(A.account.accountId, {
      kind: 'stream',
      items: [{ type: 'text', text: 'first' }, { type: 'text', text: 'second' }],
      end: 'cut',
      cutAfterItems: 1,
    });
    const res = await fetch(`${fake.codexBaseUrl}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${A.tokens.accessToken}`, 'chatgpt-account-id': A.account.accountId },
      body: JSON.stringify(minimal()),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let text = '';
    let failed = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += dec.decode(value, { stream: true });
      }
    } catch {
      failed = true; // premature close of a chunked body
    }
    expect(failed).toBe(true);
    const t = types(parseSseText(text));
    expect(t).toContain('response.output_item.done');
    expect(t.filter((x) => x === 'response.output_item.done')).toHaveLength(1);
    expect(t.some((x) => ['response.completed', 'response.failed', 'response.incomplete', 'error'].includes(x))).toBe(false);
    expect(fake.closedEarly).toBe(0);
  });

  it('client disconnect during a stall counts as closedEarly', async () => {
    const before = fake.closedEarly;
    fake.enqueue(A.account.accountId, { kind: 'stream', items: [{ type: 'text', text: 'late' }], stallMs: 5000 });
    const ac = new AbortController();
    const res = await fetch(`${fake.codexBaseUrl}/responses`, {
      method: 'POST',
      signal: ac.signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${A.tokens.accessToken}`, 'chatgpt-account-id': A.account.accountId },
      body: JSON.stringify(minimal()),
    });
    const reader = res.body!.getReader();
    const first = await reader.read(); // response.created arrives before the stall
    expect(new TextDecoder().decode(first.value)).toContain('response.created');
    ac.abort();
    await fake.waitForClosedEarly(before + 1, 2000);
    expect(fake.closedEarly).toBe(before + 1);
  });
});

describe('fake Codex backend: tokens, auth.json, other routes', () => {
  const refresh = (body: Record<string, string>, form = false): Promise<Response> =>
    fetch(`${fake.issuerUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
      body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
    });

  it('issues well-formed JWTs with the real claim layout and a Codex auth.json', () => {
    const id = decodeJwtPayload(A.tokens.idToken)!;
    expect(id).toMatchObject({
      email: 'a@example.com',
      iss: 'https://auth.openai.com',
      'https://api.openai.com/auth': {
        chatgpt_account_id: A.account.accountId,
        chatgpt_plan_type: 'plus',
        chatgpt_user_id: A.account.userId,
        user_id: A.account.userId,
      },
    });
    for (const k of ['exp', 'iat', 'sub', 'aud']) expect(id[k], k).toBeDefined();
    const at = decodeJwtPayload(A.tokens.accessToken)!;
    expect(at['https://api.openai.com/auth']).toMatchObject({ chatgpt_account_id: A.account.accountId });
    expect(at.exp).toBe(A.tokens.expiresAt);
    const auth = makeCodexAuthJson(A.tokens, A.account);
    expect(auth).toMatchObject({
      auth_mode: 'chatgpt',
      OPENAI_API_KEY: null,
      tokens: {
        id_token: A.tokens.idToken,
        access_token: A.tokens.accessToken,
        refresh_token: A.tokens.refreshToken,
        account_id: A.account.accountId,
      },
      last_refresh: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
  });

  it('refresh rotates the refresh token; a reused one gets refresh_token_reused', async () => {
    const C = fake.addAccount();
    const calls = fake.refreshCalls;
    fake.expireAccessToken(C.account.accountId);
    expect((await post(minimal(), C)).status).toBe(401);

    const r1 = await refresh({
      client_id: 'app_EMoamEEZ73f0CkXaXp7hrann',
      grant_type: 'refresh_token',
      refresh_reason: 'unauthorized_recovery',
      refresh_token: C.tokens.refreshToken,
    });
    expect(r1.status).toBe(200);
    const t1 = (await r1.json()) as Record<string, unknown>;
    expect(t1).toMatchObject({ token_type: 'Bearer', expires_in: 864000 });
    expect(t1.refresh_token).not.toBe(C.tokens.refreshToken);
    const fresh = { account: C.account, tokens: { ...C.tokens, accessToken: t1.access_token as string } };
    expect((await post(minimal(), fresh)).status).toBe(200);

    const reused = await refresh({ client_id: 'app_EMoamEEZ73f0CkXaXp7hrann', grant_type: 'refresh_token', refresh_token: C.tokens.refreshToken });
    expect(reused.status).toBe(401);
    expect(await reused.json()).toMatchObject({ error: { code: 'refresh_token_reused' } });

    // form encoding works too, with the rotated token
    const r2 = await refresh(
      { client_id: 'app_EMoamEEZ73f0CkXaXp7hrann', grant_type: 'refresh_token', refresh_token: t1.refresh_token as string, scope: 'openid profile email' },
      true,
    );
    expect(r2.status).toBe(200);

    const unknown = await refresh({ client_id: 'app_EMoamEEZ73f0CkXaXp7hrann', grant_type: 'refresh_token', refresh_token: 'rt_nope' });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: { code: 'refresh_token_invalidated' } });
    expect(fake.refreshCalls).toBe(calls + 4);
  });

  it('authorize + authorization_code exchange with PKCE', async () => {
    const { createHash, randomBytes } = await import('node:crypto');
    const verifier = randomBytes(64).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    fake.setAuthorizeAccount(B.account.accountId);
    const redirect = 'http://localhost:1455/auth/callback';
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: 'app_EMoamEEZ73f0CkXaXp7hrann',
      redirect_uri: redirect,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st8',
      scope: 'openid profile email offline_access',
    });
    const a = await fetch(`${fake.issuerUrl}/oauth/authorize?${q}`, { redirect: 'manual' });
    expect(a.status).toBe(302);
    const loc = new URL(a.headers.get('location')!);
    expect(loc.searchParams.get('state')).toBe('st8');
    const code = loc.searchParams.get('code')!;
    const form = { grant_type: 'authorization_code', client_id: 'app_EMoamEEZ73f0CkXaXp7hrann', code, redirect_uri: redirect };
    const bad = await refresh({ ...form, code_verifier: 'wrong' }, true);
    expect(bad.status).toBe(400);
    const ok = await refresh({ ...form, code_verifier: verifier }, true);
    expect(ok.status).toBe(200);
    const t = (await ok.json()) as Record<string, string>;
    expect(decodeJwtPayload(t.id_token!)!['https://api.openai.com/auth']).toMatchObject({ chatgpt_account_id: B.account.accountId });
    expect((await refresh({ ...form, code_verifier: verifier }, true)).status).toBe(400); // single use
  });

  it('serves /models, /wham/usage, /wham/accounts/check with auth; 404 JSON otherwise', async () => {
    const auth = { authorization: `Bearer ${A.tokens.accessToken}`, 'chatgpt-account-id': A.account.accountId };
    const m = await fetch(`${fake.codexBaseUrl}/models?client_version=0.169.0`, { headers: auth });
    expect(m.status).toBe(200);
    expect(m.headers.get('etag')).toBeTruthy();
    const { models } = (await m.json()) as { models: Record<string, unknown>[] };
    expect(models.map((x) => x.slug)).toEqual(['gpt-6.1-sol', 'gpt-6-astra', 'gpt-5.6-sol', 'gpt-5.6-terra', 'gpt-5.6-luna', 'gpt-5.5']);
    expect(models[0]).toMatchObject({
      display_name: 'GPT-6.1-Sol',
      default_reasoning_level: 'low',
      supported_reasoning_levels: expect.arrayContaining([{ effort: 'max', description: expect.any(String) }]),
      context_window: 272000,
      visibility: 'list',
      supported_in_api: true,
    });
    const old = await fetch(`${fake.codexBaseUrl}/models?client_version=0.130.0`, { headers: auth });
    expect(((await old.json()) as { models: { slug: string }[] }).models.map((x) => x.slug)).toEqual(['gpt-5.5']);
    expect((await fetch(`${fake.codexBaseUrl}/models`)).status).toBe(401);

    // the catalog is mutable and drives rule 7
    fake.catalog.push({ ...fake.catalog[5]!, slug: 'gpt-test-extra' });
    try {
      expect((await post({ ...minimal(), model: 'gpt-test-extra' })).status).toBe(200);
    } finally {
      fake.catalog.pop();
    }
    expect((await post({ ...minimal(), model: 'gpt-test-extra' })).status).toBe(400);

    const u = await fetch(`${fake.chatgptBaseUrl}/wham/usage`, { headers: auth });
    expect(await u.json()).toMatchObject({
      plan_type: 'plus',
      rate_limit: { allowed: true, primary_window: { used_percent: 13 }, secondary_window: { limit_window_seconds: 604800 } },
    });
    const c = await fetch(`${fake.chatgptBaseUrl}/wham/accounts/check`, { headers: auth });
    expect(await c.json()).toMatchObject({
      accounts: [{ id: A.account.accountId, workspace_backend_origin: 'NO_CONSTRAINT', account_routing_override: 'NO_CONSTRAINT' }],
    });
    const nf = await fetch(`${fake.url}/v1/nothing`);
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual({ detail: 'Not Found' });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/nothing', status: 404 });
  });
});
