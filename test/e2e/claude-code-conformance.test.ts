/**
 * Conformance suite: the real Claude Code CLI (npm @anthropic-ai/claude-code, pinned) runs offline through the
 * proxy and the strict fake Codex backend, one scenario per feature Claude Code relies on. Hermetic: 127.0.0.1
 * only, scratch HOME, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1, client retries off.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClaude, startClaudeStream } from '../helpers/claude-code.js';
import { startStack, type Stack } from '../helpers/stack.js';
import type { RecordedRequest } from '../fakes/codex-backend.js';
import { ChangeJournal } from '../../proxy/src/claude-code/change-journal.js';
import { configureClaude } from '../../proxy/src/claude-code/settings-writer.js';
import { computeTarget } from '../../proxy/src/claude-code/target.js';
import { defaultModelMapping } from '../../proxy/src/routing/model-mapping.js';

type Input = { type: string; role?: string; output?: unknown; content?: unknown; call_id?: string };
type Body = { input: Input[]; tools?: { type: string; name?: string }[] };

const responses = (stack: Stack, from = 0): RecordedRequest[] => stack.fake.requests.slice(from).filter((r) => r.path.endsWith('/responses'));
const bodyOf = (r: RecordedRequest): Body => r.body as Body;

/** A valid 2×2 RGBA PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP4z8DwHwyBDCYGBgYGBgAk+AP9KdxU5wAAAABJRU5ErkJggg==',
  'base64',
);

describe('Claude Code conformance (one account)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  it('plain answer', async () => {
    const run = await runClaude({ baseUrl: stack.baseUrl, prompt: 'Say hello' });
    expect(run.json, run.stdout + run.stderr).not.toBeNull();
    expect(run.json!.is_error).toBe(false);
    expect(run.json!.result).toBe('Hello from the fake Codex backend.');
  });

  it('Bash tool round trip', async () => {
    const before = stack.fake.requests.length;
    const run = await runClaude({ baseUrl: stack.baseUrl, prompt: 'RUN_BASH:echo conformance-$((6*7))' });
    expect(run.json!.is_error, run.stdout + run.stderr).toBe(false);
    expect(String(run.json!.result)).toContain('Tool said: conformance-42');
    const last = bodyOf(responses(stack, before).at(-1)!);
    expect(JSON.stringify(last.input.filter((i) => i.type === 'function_call_output'))).toContain('conformance-42');
  });

  it('two parallel Read calls in one turn', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'ccp-conf-read-'));
    const a = path.join(cwd, 'alpha.txt');
    const b = path.join(cwd, 'beta.txt');
    writeFileSync(a, 'ALPHA-CONTENT-1\n');
    writeFileSync(b, 'BETA-CONTENT-2\n');
    const before = stack.fake.requests.length;
    const run = await runClaude({ baseUrl: stack.baseUrl, prompt: `READ_TWO:${a},${b}`, cwd });
    expect(run.json!.is_error, run.stdout + run.stderr).toBe(false);
    // Claude Code returns both results in one user turn (in completion order).
    expect(String(run.json!.result)).toContain('ALPHA-CONTENT-1');
    expect(String(run.json!.result)).toContain('BETA-CONTENT-2');
    const last = bodyOf(responses(stack, before).at(-1)!);
    const calls = last.input.filter((i) => i.type === 'function_call');
    const outputs = last.input.filter((i) => i.type === 'function_call_output');
    expect(calls).toHaveLength(2);
    expect(outputs).toHaveLength(2);
    expect(new Set(outputs.map((o) => o.call_id))).toEqual(new Set(calls.map((c) => c.call_id)));
  });

  it('a Read of a PNG reaches the upstream as input_image inside function_call_output', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'ccp-conf-png-'));
    const png = path.join(cwd, 'pixel.png');
    writeFileSync(png, PNG);
    const before = stack.fake.requests.length;
    const run = await runClaude({ baseUrl: stack.baseUrl, prompt: `READ_FILE:${png}`, cwd });
    expect(run.json!.is_error, run.stdout + run.stderr).toBe(false);
    const last = bodyOf(responses(stack, before).at(-1)!);
    const out = last.input.find((i) => i.type === 'function_call_output');
    expect(Array.isArray(out?.output), JSON.stringify(out).slice(0, 500)).toBe(true);
    const image = (out!.output as { type: string; image_url?: string }[]).find((p) => p.type === 'input_image');
    expect(image?.image_url).toMatch(/^data:image\/png;base64,/);
    expect(responses(stack, before).every((r) => r.status === 200)).toBe(true);
  });

  it('multi-turn (stream-json input): turn 2 carries turn 1 encrypted reasoning back to the fake', async () => {
    const session = startClaudeStream({ baseUrl: stack.baseUrl });
    try {
      const r1 = await session.turn('THINK about the first question');
      expect(r1.is_error, session.stderr()).toBe(false);
      expect(r1.result).toBe('I thought about it.');
      const replaysBefore = stack.fake.reasoningReplays;
      const before = stack.fake.requests.length;
      const r2 = await session.turn('Say hello again');
      expect(r2.is_error, session.stderr()).toBe(false);
      expect(r2.result).toBe('Hello from the fake Codex backend.');
      expect(stack.fake.reasoningReplays).toBeGreaterThan(replaysBefore);
      const turn2 = bodyOf(responses(stack, before).at(-1)!);
      expect(turn2.input.some((i) => i.type === 'reasoning')).toBe(true);
      const users = turn2.input.filter((i) => i.role === 'user').map((i) => JSON.stringify(i.content));
      expect(users.some((u) => u.includes('THINK about the first question'))).toBe(true);
    } finally {
      await session.close();
    }
  });

  it('web search: the search happens upstream and its answer reaches Claude Code', async () => {
    const before = stack.fake.requests.length;
    const run = await runClaude({ baseUrl: stack.baseUrl, prompt: 'WEB_SEARCH:proxy conformance' });
    expect(run.json!.is_error, run.stdout + run.stderr).toBe(false);
    expect(String(run.json!.result)).toContain('Here is what I found about proxy conformance.');
    // Observed on Claude Code 2.1.332: the main-lane request carries only client function tools — WebSearch is a
    // deferred tool (listed behind ToolSearch), so no `web_search_20250305` server tool and hence no upstream
    // `web_search` tool is sent. The upstream's own web_search item is still rendered and its answer delivered.
    const sent = responses(stack, before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.status).toBe(200);
    const tools = bodyOf(sent[0]!).tools ?? [];
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((t) => t.type === 'function')).toBe(true);
    expect(tools.map((t) => t.name)).not.toContain('WebSearch');
  });

  it('count_tokens via the SDK (no retries)', async () => {
    const client = new Anthropic({ baseURL: stack.baseUrl, apiKey: 'sk-ant-proxy-test-key-0000000000', maxRetries: 0 });
    const small = await client.messages.countTokens({ model: 'claude-opus-5-5', messages: [{ role: 'user', content: 'foo' }] });
    const big = await client.messages.countTokens({
      model: 'claude-opus-5-5',
      system: 'You are a helpful assistant.',
      messages: [{ role: 'user', content: 'foo '.repeat(500) }],
      tools: [{ name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } }],
    });
    expect(small.input_tokens).toBeGreaterThan(0);
    expect(big.input_tokens).toBeGreaterThan(small.input_tokens + 400);
  });

  it('an upstream failure after commit is reported as an error, not as a silent empty answer', async () => {
    const acct = stack.accounts[0]!;
    const cut = { kind: 'stream' as const, items: [{ type: 'text' as const, text: 'Partial answer before the cut' }], end: 'cut' as const };
    // Claude Code 2.1.332 re-sends a request whose stream failed mid-response up to 3 times (independently of
    // CLAUDE_CODE_MAX_RETRIES), then gives up: 4 failing streams make it report the failure.
    stack.fake.enqueue(acct.fake.accountId, cut, cut, cut, cut);
    let before = stack.fake.requests.length;
    const run = await runClaude({ baseUrl: stack.baseUrl, prompt: 'Say something long' });
    expect(run.json, run.stdout + run.stderr).not.toBeNull();
    expect(responses(stack, before)).toHaveLength(4);
    expect(run.json!.is_error).toBe(true);
    expect(run.json!.terminal_reason).toBe('api_error');
    expect(String(run.json!.result)).toMatch(/^API Error: Server error mid-response/);

    // One failed stream: Claude Code's own retry recovers with the full answer (never the partial text alone).
    stack.fake.enqueue(acct.fake.accountId, cut);
    before = stack.fake.requests.length;
    const again = await runClaude({ baseUrl: stack.baseUrl, prompt: 'Say something long' });
    expect(responses(stack, before)).toHaveLength(2);
    expect(again.json!.is_error).toBe(false);
    expect(again.json!.result).toBe('Hello from the fake Codex backend.');
  });
});

describe('Claude Code conformance (two accounts)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ accounts: 2 });
  });
  afterAll(async () => stack?.close());

  it('a usage limit on account A is served by account B', async () => {
    const [a, b] = stack.accounts as [Stack['accounts'][0], Stack['accounts'][0]];
    const active = await stack.core.store.activeId();
    const [first, second] = active === b.id ? [b, a] : [a, b];
    stack.fake.enqueue(first.fake.accountId, { kind: 'usage_limit', resetsInSeconds: 3600 });
    const before = stack.fake.requests.length;
    const run = await runClaude({ baseUrl: stack.baseUrl, prompt: 'Say hello' });
    expect(run.json!.is_error, run.stdout + run.stderr).toBe(false);
    expect(run.json!.result).toBe('Hello from the fake Codex backend.');
    const sent = responses(stack, before);
    expect(sent[0]).toMatchObject({ accountId: first.fake.accountId, status: 429 });
    expect(sent.some((r) => r.accountId === second.fake.accountId && r.status === 200)).toBe(true);
  });
});

describe('Claude Code after `claude configure` (no ANTHROPIC_* in the environment)', () => {
  const KEY = 'ccp-e2e-client-key-0123456789';
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ settings: { apiKey: KEY } });
  });
  afterAll(async () => stack?.close());

  it('works through the proxy with the helper key, the tier ids and the compact window from settings.json', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ccp-conf-home-'));
    const claude = { home, env: {} };
    const journal = new ChangeJournal(path.join(stack.dataDir, 'claude-backups'));
    const target = computeTarget({ baseUrl: stack.baseUrl, clientKey: KEY, mapping: defaultModelMapping, catalog: [], statusLineCommand: null });
    await configureClaude({ claude, journal }, target);
    const before = stack.fake.requests.length;
    const run = await runClaude({ baseUrl: null, home, prompt: 'Say hello' });
    expect(run.json, run.stdout + run.stderr).not.toBeNull();
    expect(run.json!.is_error, run.stdout).toBe(false);
    expect(run.json!.result).toBe('Hello from the fake Codex backend.');
    const sent = responses(stack, before);
    expect(sent.length).toBeGreaterThan(0);
    expect((sent.at(-1)!.body as { model: string }).model).toBe('gpt-6.1-sol');

    // Without the configuration the proxy's key guard refuses the same CLI.
    const bare = await runClaude({ baseUrl: stack.baseUrl, prompt: 'Say hello' });
    expect(bare.json?.is_error).toBe(true);
  });
});
