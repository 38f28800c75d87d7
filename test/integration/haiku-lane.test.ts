/**
 * The Haiku lane through @anthropic-ai/sdk: haiku-family /v1/messages requests go to a fake OpenAI-compatible
 * upstream (OpenRouter-like) with the full Anthropic ⇄ chat-completions translation; fallback to Codex on upstream
 * 5xx, a cut stream and invalid tool-call JSON; lane disabled → Codex; settings routes, per-lane stats, the CLI.
 */
import Anthropic from '@anthropic-ai/sdk';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LaneStats } from '../../proxy/src/contract.js';
import { DEFAULT_REPLY } from '../fakes/codex-backend.js';
import { LANE_REPLY, startFakeOpenRouter, type FakeOpenRouter } from '../fakes/openrouter.js';
import { assertValidAnthropicSequence } from '../helpers/anthropic-sequence.js';
import { CLI } from '../helpers/cli.js';
import { startStack, type Stack } from '../helpers/stack.js';

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const LANE_KEY = 'sk-or-v1-test-lane-key-000000';
const HAIKU = 'claude-haiku-5-5';

const readTool: Anthropic.Tool = {
  name: 'Read',
  description: 'Read a file',
  input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};

let lane: FakeOpenRouter;
let stack: Stack;
let client: Anthropic;

beforeAll(async () => {
  lane = await startFakeOpenRouter();
  stack = await startStack({ env: { OPENROUTER_BASE_URL: lane.url }, settings: { haikuLane: { enabled: true, model: 'fake/haiku-lane-model' } } });
  await stack.core.laneSecrets.setApiKey(LANE_KEY);
  client = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'sk-ant-test', maxRetries: 0 });
});
afterAll(async () => {
  await stack?.close();
  await lane?.close();
});
beforeEach(async () => {
  await stack.core.updateHaikuLane({ enabled: true, model: 'fake/haiku-lane-model', fallbackToCodex: true });
});

const codexCalls = (): number => stack.fake.requests.filter((r) => r.path.endsWith('/responses')).length;
const lastLaneBody = (): Record<string, unknown> & { messages: Record<string, unknown>[] } =>
  lane.requests[lane.requests.length - 1]!.body as Record<string, unknown> & { messages: Record<string, unknown>[] };
const stats = async (): Promise<LaneStats> => (await fetch(`${stack.baseUrl}/api/stats`)).json() as Promise<LaneStats>;

describe('Haiku lane through @anthropic-ai/sdk', () => {
  it('streams a text answer from the lane as a valid Anthropic sequence (Codex untouched)', async () => {
    const before = codexCalls();
    const events: unknown[] = [];
    const stream = client.messages.stream({ model: HAIKU, max_tokens: 128_000, system: 'Be brief.', messages: [{ role: 'user', content: 'Say hello' }] });
    stream.on('streamEvent', (e) => events.push(JSON.parse(JSON.stringify(e))));
    const msg = await stream.finalMessage();
    expect(msg.content).toHaveLength(1);
    expect(msg.content[0]).toMatchObject({ type: 'text', text: LANE_REPLY });
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.model).toBe(HAIKU);
    expect(msg.usage).toMatchObject({ input_tokens: 42, output_tokens: 7 });
    assertValidAnthropicSequence(events as never);
    expect(codexCalls()).toBe(before);
    const rec = lane.requests[lane.requests.length - 1]!;
    expect(rec.headers.authorization).toBe(`Bearer ${LANE_KEY}`);
    expect(rec.headers['x-title']).toBe('Codex Claude Proxy');
    expect(rec.headers['http-referer']).toMatch(/^https:\/\//);
    const body = lastLaneBody();
    expect(body).toMatchObject({ model: 'fake/haiku-lane-model', stream: true, stream_options: { include_usage: true }, max_tokens: 32_000 });
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Say hello' },
    ]);
  });

  it('answers non-streaming requests from the lane too, with cached tokens mapped', async () => {
    lane.enqueue({ kind: 'stream', text: 'short', usage: { prompt: 100, completion: 3, cached: 60 } });
    const msg = await client.messages.create({ model: HAIKU, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    expect(msg.content[0]).toMatchObject({ type: 'text', text: 'short' });
    expect(msg.usage).toMatchObject({ input_tokens: 40, cache_read_input_tokens: 60, output_tokens: 3 });
  });

  it('turns reasoning / reasoning_content deltas into thinking blocks with a lane signature', async () => {
    for (const field of ['reasoning', 'reasoning_content'] as const) {
      lane.enqueue({ kind: 'stream', reasoning: 'Pondering the lane.', reasoningField: field, text: 'Done.' });
      const msg = await client.messages.stream({
        model: HAIKU,
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        messages: [{ role: 'user', content: 'Think' }],
      }).finalMessage();
      expect(msg.content.map((b) => b.type)).toEqual(['thinking', 'text']);
      expect(msg.content[0]).toMatchObject({ thinking: 'Pondering the lane.', signature: 'ccp-lane.haiku' });
      expect(lastLaneBody().reasoning).toEqual({ effort: 'low' });
      // replayed to Codex later, the lane's thinking is dropped (not a ccp1 signature)
      const replay = await client.messages.create({
        model: 'claude-sonnet-5-5',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'Think' }, { role: 'assistant', content: msg.content as Anthropic.ContentBlockParam[] }, { role: 'user', content: 'again' }],
      });
      expect(replay.content[0]).toMatchObject({ type: 'text' });
      const sent = stack.fake.requests.filter((r) => r.path.endsWith('/responses')).at(-1)!.body as { input: { type: string }[] };
      expect(sent.input.some((i) => i.type === 'reasoning')).toBe(false);
    }
  });

  it('runs a tool round trip with two parallel calls (buffered until their JSON parses)', async () => {
    lane.enqueue({
      kind: 'stream',
      text: 'Reading both.',
      toolCalls: [
        { name: 'Read', arguments: '{"file_path":"/tmp/a.txt"}' },
        { name: 'Read', arguments: '{"file_path":"/tmp/b.txt"}' },
      ],
      chunks: 3,
    });
    const events: unknown[] = [];
    const stream = client.messages.stream({ model: HAIKU, max_tokens: 1024, tools: [readTool], messages: [{ role: 'user', content: 'Read two files' }] });
    stream.on('streamEvent', (e) => events.push(JSON.parse(JSON.stringify(e))));
    const first = await stream.finalMessage();
    assertValidAnthropicSequence(events as never);
    expect(first.stop_reason).toBe('tool_use');
    const uses = first.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    expect(uses.map((u) => [u.name, u.input])).toEqual([
      ['Read', { file_path: '/tmp/a.txt' }],
      ['Read', { file_path: '/tmp/b.txt' }],
    ]);
    expect(lastLaneBody()).toMatchObject({
      tools: [{ type: 'function', function: { name: 'Read', description: 'Read a file', parameters: readTool.input_schema } }],
      tool_choice: 'auto',
      parallel_tool_calls: true,
    });

    const second = await client.messages.create({
      model: HAIKU,
      max_tokens: 1024,
      tools: [readTool],
      messages: [
        { role: 'user', content: 'Read two files' },
        { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: uses[0]!.id, content: 'A' },
            { type: 'tool_result', tool_use_id: uses[1]!.id, content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1X1 } }, { type: 'text', text: 'B' }] },
          ],
        },
      ],
    });
    expect(second.content[0]).toMatchObject({ type: 'text', text: 'Lane tool said: A\nB' });
    const msgs = lastLaneBody().messages;
    expect(msgs[1]).toMatchObject({ role: 'assistant', content: 'Reading both.', tool_calls: uses.map((u) => ({ id: u.id, type: 'function', function: { name: 'Read', arguments: JSON.stringify(u.input) } })) });
    expect(msgs.slice(2, 4)).toEqual([
      { role: 'tool', tool_call_id: uses[0]!.id, content: 'A' },
      { role: 'tool', tool_call_id: uses[1]!.id, content: 'B' },
    ]);
    expect(msgs[4]).toMatchObject({ role: 'user', content: [{ type: 'text' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1}` } }] });
  });

  it('sends user images as image_url parts', async () => {
    await client.messages.create({
      model: HAIKU,
      max_tokens: 64,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1X1 } }, { type: 'text', text: 'Colour?' }] }],
    });
    expect(lastLaneBody().messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1}` } },
        { type: 'text', text: 'Colour?' },
      ],
    });
  });
});

describe('fallback to Codex', () => {
  it('retries on Codex when the lane answers 5xx, and records the event', async () => {
    const before = await stats();
    lane.enqueue({ kind: 'http', status: 503 });
    const msg = await client.messages.stream({ model: HAIKU, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }).finalMessage();
    expect(msg.content[0]).toMatchObject({ type: 'text', text: DEFAULT_REPLY });
    const after = await stats();
    expect(after.lanes.haiku.fallbacks).toBe(before.lanes.haiku.fallbacks + 1);
    expect(after.lanes.haiku.failures).toBe(before.lanes.haiku.failures + 1);
    expect(after.lanes.codex.fallbacks).toBe(before.lanes.codex.fallbacks + 1);
    const recs = stack.core.requestLog.recent(2);
    expect(recs.map((r) => [r.lane, r.fallback, r.outcome])).toEqual([
      ['haiku', true, 'error'],
      ['codex', true, 'ok'],
    ]);
    expect(JSON.stringify(stack.core.requestLog.recent(50))).not.toContain(LANE_KEY);
  });

  it('retries on Codex when a tool call has invalid JSON arguments (even after streamed text)', async () => {
    lane.enqueue({ kind: 'stream', text: 'Let me read it.', toolCalls: [{ name: 'Read', arguments: '{"file_path": "/tmp/a.txt"' }] });
    const before = codexCalls();
    const events: unknown[] = [];
    const stream = client.messages.stream({ model: HAIKU, max_tokens: 1024, tools: [readTool], messages: [{ role: 'user', content: 'READ_FILE:/tmp/a.txt' }] });
    stream.on('streamEvent', (e) => events.push(JSON.parse(JSON.stringify(e))));
    const msg = await stream.finalMessage();
    assertValidAnthropicSequence(events as never);
    expect(codexCalls()).toBe(before + 1);
    expect(msg.content.map((b) => b.type)).toEqual(['tool_use']); // Codex's answer only: nothing of the lane leaked
    expect(msg.content[0]).toMatchObject({ name: 'Read', input: { file_path: '/tmp/a.txt' } });
    expect(stack.core.requestLog.recent(2)[0]).toMatchObject({ lane: 'haiku', fallback: true, errorType: 'invalid_tool_arguments' });
  });

  it('retries on Codex when the lane stream is cut before any content', async () => {
    lane.enqueue({ kind: 'stream', cut: true });
    const msg = await client.messages.create({ model: HAIKU, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    expect(msg.content[0]).toMatchObject({ text: DEFAULT_REPLY });
  });

  it('without fallback, maps the lane failure to an Anthropic error', async () => {
    await stack.core.updateHaikuLane({ fallbackToCodex: false });
    lane.enqueue({ kind: 'http', status: 500 });
    const before = codexCalls();
    const err = await client.messages.create({ model: HAIKU, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect(codexCalls()).toBe(before);
    lane.enqueue({ kind: 'http', status: 400, body: { error: { message: 'bad model', code: 400 } } });
    const bad = await client.messages.create({ model: HAIKU, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect((bad as InstanceType<typeof Anthropic.APIError>).status).toBe(400);
    expect(String((bad as Error).message)).toContain('bad model');
  });
});

describe('lane selection', () => {
  it('sends haiku requests to Codex when the lane is disabled', async () => {
    await stack.core.updateHaikuLane({ enabled: false });
    const laneBefore = lane.requests.length;
    const codexBefore = codexCalls();
    const msg = await client.messages.create({ model: HAIKU, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    expect(msg.content[0]).toMatchObject({ text: DEFAULT_REPLY });
    expect(lane.requests.length).toBe(laneBefore);
    expect(codexCalls()).toBe(codexBefore + 1);
  });

  it('keeps other families, and haiku requests with server tools, on Codex', async () => {
    const laneBefore = lane.requests.length;
    await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    await client.messages.create({ model: HAIKU, max_tokens: 64, tools: [{ type: 'web_search_20250305', name: 'web_search' }], messages: [{ role: 'user', content: 'WEB_SEARCH:x' }] });
    expect(lane.requests.length).toBe(laneBefore);
  });
});

describe('settings routes and statistics', () => {
  it('GET|POST /settings/haiku-model (seed-compatible, validated, same-origin only, never the key)', async () => {
    const get = await (await fetch(`${stack.baseUrl}/settings/haiku-model`)).json();
    expect(get).toMatchObject({ enabled: true, model: 'fake/haiku-lane-model', haikuModel: 'fake/haiku-lane-model', hasApiKey: true, baseUrl: lane.url });
    expect(JSON.stringify(get)).not.toContain(LANE_KEY);
    const post = await fetch(`${stack.baseUrl}/settings/haiku-model`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'other/model' }) });
    expect(post.status).toBe(200);
    expect(await post.json()).toMatchObject({ model: 'other/model', enabled: true });
    expect(stack.core.haikuLaneSettings().model).toBe('other/model');
    const bad = await fetch(`${stack.baseUrl}/settings/haiku-model`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 42 }) });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${stack.baseUrl}/settings/haiku-model`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: 'x' }) });
    expect(unknown.status).toBe(400);
    const cross = await fetch(`${stack.baseUrl}/settings/haiku-model`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ model: 'x/y' }),
    });
    expect(cross.status).toBe(403);
  });

  it('exposes per-lane statistics through GET /api/stats and the DashboardApi', async () => {
    await client.messages.create({ model: HAIKU, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    const s = await stats();
    expect(s).toEqual(await stack.core.getLaneStats());
    expect(s.lanes.haiku.requests).toBeGreaterThan(0);
    expect(s.lanes.haiku.ok).toBeGreaterThan(0);
    expect(s.lanes.haiku.medianLatencyMs).toBeTypeOf('number');
    expect(s.lanes.haiku.inputTokens).toBeGreaterThan(0);
    expect(s.lanes.codex.requests).toBeGreaterThan(0);
  });
});

describe('haiku-lane CLI', () => {
  const run = (args: string[], dataDir: string, stdin?: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'haiku-lane', ...args, '--data-dir', dataDir], { env: { ...process.env, DEBUG: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdin.end(stdin ?? '');
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('enables, stores the key from stdin (sealed, 0600, never in settings), reports status and disables', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ccp-haiku-cli-'));
    expect((await run(['enable'], dir)).code).toBe(2); // --model is required
    const en = await run(['enable', '--model', 'openai/gpt-oss-120b', '--base-url', 'https://example.com/api/v1'], dir);
    expect(en.code, en.stderr).toBe(0);
    expect((await run(['set-key'], dir, '')).code).toBe(1);
    const key = await run(['set-key'], dir, `${LANE_KEY}\n`);
    expect(key.code, key.stderr).toBe(0);
    expect(key.stdout).not.toContain(LANE_KEY);
    const secrets = path.join(dir, 'secrets.json');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).not.toContain(LANE_KEY);
    const st = await run(['status', '--json'], dir);
    expect(JSON.parse(st.stdout)).toEqual({ enabled: true, model: 'openai/gpt-oss-120b', baseUrl: 'https://example.com/api/v1', fallbackToCodex: true, hasApiKey: true });
    expect(st.stdout).not.toContain(LANE_KEY);
    expect((await run(['disable'], dir)).code).toBe(0);
    expect(JSON.parse((await run(['status', '--json'], dir)).stdout).enabled).toBe(false);
    expect((await run(['clear-key'], dir)).code).toBe(0);
    expect(JSON.parse((await run(['status', '--json'], dir)).stdout).hasApiKey).toBe(false);
  });
});
