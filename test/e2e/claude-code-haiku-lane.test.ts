/**
 * The real Claude Code CLI (2.1.332, offline) with ANTHROPIC_SMALL_FAST_MODEL set to a haiku id, through the proxy
 * with the Haiku lane enabled against the fake OpenRouter upstream, while the main turns go to the fake Codex
 * backend.
 *
 * What triggers a small-fast-model request (investigated on 2.1.332):
 * - print mode (`-p`, json or stream-json, with or without CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC, with outside
 *   traffic refused through HTTPS_PROXY) sends no side request at all: no title generation;
 * - the interactive TUI generates the session title with ANTHROPIC_SMALL_FAST_MODEL (a structured-output request,
 *   `output_config.format` json_schema) when the second prompt is submitted — driven here through tmux;
 * - a subagent started with `model: "haiku"` (Agent tool) sends its turns with the haiku family id — works in print
 *   mode.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenRouter, type FakeOpenRouter } from '../fakes/openrouter.js';
import { CLAUDE_BIN, runClaude } from '../helpers/claude-code.js';
import { startStack, type Stack } from '../helpers/stack.js';

const SMALL_FAST = 'claude-haiku-5-5';
const LANE_MODEL = 'fake/haiku-lane-model';
const KEY = 'sk-ant-proxy-test-key-0000000000';

let lane: FakeOpenRouter;
let stack: Stack;
let refuser: Server;
let refusingProxy: string;

const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

beforeAll(async () => {
  lane = await startFakeOpenRouter();
  stack = await startStack({ env: { OPENROUTER_BASE_URL: lane.url }, settings: { haikuLane: { enabled: true, model: LANE_MODEL } } });
  await stack.core.laneSecrets.setApiKey('sk-or-v1-e2e-key');
  // outside traffic (nonessential switch off) goes to a local port that closes every connection
  refuser = createServer((s) => s.destroy());
  await new Promise<void>((resolve) => refuser.listen(0, '127.0.0.1', () => resolve()));
  refusingProxy = `http://127.0.0.1:${(refuser.address() as { port: number }).port}`;
});
afterAll(async () => {
  await stack?.close();
  await lane?.close();
  refuser?.close();
});

const codexModels = (from: number): string[] =>
  stack.fake.requests.slice(from).filter((r) => r.path.endsWith('/responses')).map((r) => (r.body as { model: string }).model);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Claude Code with ANTHROPIC_SMALL_FAST_MODEL and the Haiku lane', () => {
  it('print mode: the main turn goes to Codex; no small-fast side request is sent', async () => {
    const laneBefore = lane.requests.length;
    const codexBefore = stack.fake.requests.length;
    const run = await runClaude({
      baseUrl: stack.baseUrl,
      prompt: 'Say hello',
      env: {
        ANTHROPIC_SMALL_FAST_MODEL: SMALL_FAST,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '',
        HTTPS_PROXY: refusingProxy,
        HTTP_PROXY: refusingProxy,
        NO_PROXY: '127.0.0.1,localhost',
      },
    });
    expect(run.json, run.stdout + run.stderr).not.toBeNull();
    expect(run.json!.is_error).toBe(false);
    expect(codexModels(codexBefore).length).toBeGreaterThan(0);
    expect(lane.requests.length).toBe(laneBefore);
  });

  it('print mode: a haiku subagent runs on the Haiku lane while the main turns run on Codex', async () => {
    const laneBefore = lane.requests.length;
    const codexBefore = stack.fake.requests.length;
    stack.fake.enqueue(stack.accounts[0]!.fake.accountId, {
      kind: 'stream',
      items: [
        {
          type: 'function_call',
          name: 'Agent',
          arguments: JSON.stringify({ description: 'Lane check', prompt: 'Say hello', subagent_type: 'general-purpose', model: 'haiku', run_in_background: false }),
        },
      ],
    });
    const run = await runClaude({ baseUrl: stack.baseUrl, prompt: 'Delegate a greeting', env: { ANTHROPIC_SMALL_FAST_MODEL: SMALL_FAST } });
    expect(run.json, run.stdout + run.stderr).not.toBeNull();
    expect(run.json!.is_error).toBe(false);
    expect(String(run.json!.result)).toContain('Tool said:');
    expect(String(run.json!.result)).toContain('Hello from the fake OpenRouter lane.');
    const laneReqs = lane.requests.slice(laneBefore);
    expect(laneReqs.length).toBeGreaterThan(0);
    expect(laneReqs.every((r) => r.status === 200 && r.body.model === LANE_MODEL)).toBe(true);
    expect(codexModels(codexBefore).length).toBe(2); // the Agent call and the answer after its result
    const records = stack.core.requestLog.recent(10);
    expect(records.some((r) => r.lane === 'haiku' && r.clientModel === SMALL_FAST && r.outcome === 'ok')).toBe(true);
  });

  it('interactive TUI: the title-generation request goes to the Haiku lane, the turns to Codex', async () => {
    if (!hasTmux) throw new Error('tmux is required for this test (apt-get install tmux; .ci/run installs it)');
    const home = mkdtempSync(path.join(tmpdir(), 'ccp-tui-home-'));
    const cwd = realpathSync(mkdtempSync(path.join(tmpdir(), 'ccp-tui-cwd-')));
    writeFileSync(
      path.join(home, '.claude.json'),
      JSON.stringify({ hasCompletedOnboarding: true, customApiKeyResponses: { approved: [KEY.slice(-20)], rejected: [] }, projects: { [cwd]: { hasTrustDialogAccepted: true } } }),
    );
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      LANG: 'C.UTF-8',
      TERM: 'xterm-256color',
      ANTHROPIC_BASE_URL: stack.baseUrl,
      ANTHROPIC_API_KEY: KEY,
      ANTHROPIC_SMALL_FAST_MODEL: SMALL_FAST,
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_UPDATES: '1',
      CLAUDE_CODE_MAX_RETRIES: '0',
      CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: '1',
      HTTPS_PROXY: refusingProxy,
      HTTP_PROXY: refusingProxy,
      NO_PROXY: '127.0.0.1,localhost',
    };
    const script = path.join(home, 'run.sh');
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    writeFileSync(script, `cd ${JSON.stringify(cwd)}\nenv -i ${assignments} ${JSON.stringify(CLAUDE_BIN)}; sleep 30\n`);
    const sock = path.join(home, 'tmux.sock'); // a private tmux server, removed with the scratch home
    const tmux = (...args: string[]) => execFileSync('tmux', ['-S', sock, ...args]).toString();
    const laneBefore = lane.requests.length;
    const codexBefore = stack.fake.requests.length;
    const prompt = async (text: string, done: () => boolean) => {
      tmux('send-keys', '-t', 'cc', '-l', text);
      await sleep(300);
      tmux('send-keys', '-t', 'cc', 'Enter');
      for (let i = 0; i < 40 && !done(); i++) await sleep(500);
    };
    try {
      tmux('new-session', '-d', '-s', 'cc', '-x', '160', '-y', '50', `bash ${script}`);
      for (let i = 0; i < 40 && !tmux('capture-pane', '-p', '-t', 'cc').includes('❯'); i++) await sleep(250);
      await prompt('Say hello', () => codexModels(codexBefore).length >= 1 && tmux('capture-pane', '-p', '-t', 'cc').includes('Hello from the fake Codex backend.'));
      await prompt('Now tell me about proxies and caches', () => lane.requests.length > laneBefore && codexModels(codexBefore).length >= 2);
      const pane = tmux('capture-pane', '-p', '-t', 'cc');
      const titleReqs = lane.requests.slice(laneBefore);
      expect(titleReqs.length, pane).toBeGreaterThan(0);
      const title = titleReqs[0]!;
      expect(title.status).toBe(200);
      expect(title.body.model).toBe(LANE_MODEL);
      expect(title.body.response_format).toMatchObject({ type: 'json_schema' });
      expect(JSON.stringify(title.body.messages)).toContain('naming a coding session');
      expect(codexModels(codexBefore).length).toBeGreaterThanOrEqual(2);
      expect(stack.core.requestLog.recent(20).some((r) => r.lane === 'haiku' && r.clientModel === SMALL_FAST)).toBe(true);
    } finally {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
      // Claude Code may still be writing its session files for a moment after the tmux server is gone
      await sleep(500);
      for (const dir of [home, cwd]) {
        try {
          rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
        } catch {
          // best effort: a scratch dir under the OS temp dir
        }
      }
    }
  });
});
