/**
 * The real Claude Code CLI (npm @anthropic-ai/claude-code, run offline) through the proxy and the strict fake
 * Codex backend. The fake's scripted "model" asks for the Bash tool; Claude Code runs it for real and the fake
 * answers with the tool output, which must come back in Claude Code's JSON result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClaude } from '../helpers/claude-code.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

describe('real Claude Code CLI through the proxy', () => {
  it('answers a plain prompt', async () => {
    const run = await runClaude({ baseUrl: stack.baseUrl, prompt: 'Say hello' });
    expect(run.json, run.stdout + run.stderr).not.toBeNull();
    expect(run.json!.is_error).toBe(false);
    expect(run.json!.result).toBe('Hello from the fake Codex backend.');
  });

  it('runs the Bash tool with echo and answers with its output', async () => {
    const before = stack.fake.requests.length;
    const run = await runClaude({ baseUrl: stack.baseUrl, prompt: 'RUN_BASH:echo proxy-e2e-42' });
    expect(run.json, run.stdout + run.stderr).not.toBeNull();
    expect(run.json!.is_error).toBe(false);
    expect(String(run.json!.result)).toContain('Tool said: proxy-e2e-42');
    const bodies = stack.fake.requests.slice(before).filter((r) => r.path.endsWith('/responses'));
    expect(bodies.every((r) => r.status === 200)).toBe(true);
    const last = bodies[bodies.length - 1]!.body as { input: { type: string; output?: unknown }[] };
    const outputs = last.input.filter((i) => i.type === 'function_call_output');
    expect(JSON.stringify(outputs)).toContain('proxy-e2e-42');
  });
});
