/** Runs the real Claude Code CLI (npm @anthropic-ai/claude-code) offline against a base URL. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLAUDE_BIN = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));

export interface ClaudeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  json: Record<string, unknown> | null;
}

/** The offline environment every run gets (scratch HOME, retries off, no traffic but the base URL). */
export function claudeEnv(baseUrl: string | null, home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    // null: no base URL / key in the environment (Claude Code must take them from settings.json)
    ...(baseUrl === null ? {} : { ANTHROPIC_BASE_URL: baseUrl, ANTHROPIC_API_KEY: 'sk-ant-proxy-test-key-0000000000' }),
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_UPDATES: '1',
    IS_SANDBOX: '1',
    CLAUDE_CODE_MAX_RETRIES: '0',
    ...extra,
  };
}

/** One stream-json event printed by Claude Code (`--output-format stream-json --verbose`). */
export type ClaudeStreamEvent = Record<string, unknown> & { type: string };

export interface ClaudeStreamSession {
  /** Sends one user turn and resolves with the `result` event that ends it. */
  turn(text: string, timeoutMs?: number): Promise<ClaudeStreamEvent>;
  events: ClaudeStreamEvent[];
  stderr(): string;
  close(): Promise<number | null>;
}

/**
 * `claude -p --input-format stream-json --output-format stream-json --verbose`: a multi-turn session fed one user
 * message at a time (messages sent while a turn runs would be merged into one turn).
 */
export function startClaudeStream(opts: { baseUrl: string; env?: Record<string, string>; cwd?: string; args?: string[] }): ClaudeStreamSession {
  const home = mkdtempSync(path.join(tmpdir(), 'ccp-claude-home-'));
  const cwd = opts.cwd ?? mkdtempSync(path.join(tmpdir(), 'ccp-claude-cwd-'));
  const args = ['-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose', '--dangerously-skip-permissions', ...(opts.args ?? [])];
  const child = spawn(CLAUDE_BIN, args, { cwd, env: claudeEnv(opts.baseUrl, home, opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
  const events: ClaudeStreamEvent[] = [];
  let buf = '';
  let stderr = '';
  let waiter: ((e: ClaudeStreamEvent) => void) | null = null;
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      try {
        const ev = JSON.parse(line) as ClaudeStreamEvent;
        events.push(ev);
        if (ev.type === 'result' && waiter) {
          const w = waiter;
          waiter = null;
          w(ev);
        }
      } catch {
        // not JSON: ignore
      }
    }
  });
  return {
    events,
    stderr: () => stderr,
    turn(text, timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`claude stream turn timed out\nstderr: ${stderr}\nevents: ${JSON.stringify(events).slice(-2000)}`)), timeoutMs);
        waiter = (e) => {
          clearTimeout(timer);
          resolve(e);
        };
        child.stdin!.write(`${JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'text', text }] } })}\n`);
      });
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('close', (code) => {
          clearTimeout(t);
          resolve(code);
        });
        child.stdin!.end();
      });
    },
  };
}

/** `claude -p <prompt> --output-format json` in a scratch HOME and cwd, with retries off and no outside traffic. */
export function runClaude(opts: {
  /** null: rely on the settings.json in `home`. */
  baseUrl: string | null;
  /** An existing HOME (e.g. one configured by `claude configure`); default a fresh scratch dir. */
  home?: string;
  prompt: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  stdin?: string;
}): Promise<ClaudeRun> {
  const home = opts.home ?? mkdtempSync(path.join(tmpdir(), 'ccp-claude-home-'));
  const cwd = opts.cwd ?? mkdtempSync(path.join(tmpdir(), 'ccp-claude-cwd-'));
  const env = claudeEnv(opts.baseUrl, home, opts.env);
  const args = ['-p', opts.prompt, '--output-format', 'json', '--dangerously-skip-permissions', ...(opts.args ?? [])];
  return new Promise((resolve, reject) => {
    const child = spawn(CLAUDE_BIN, args, { cwd, env, stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`claude timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 90_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: Record<string, unknown> | null = null;
      try {
        json = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>;
      } catch {
        json = null;
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}
