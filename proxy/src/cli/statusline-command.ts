/**
 * `codex-claude-proxy statusline`: one line for Claude Code's `statusLine` command. Reads Claude Code's JSON from
 * stdin (briefly, never blocking), asks the running proxy (`GET /api/statusline`, short timeout) and prints the
 * line — or a fallback line when the proxy is not running. Always exits 0: a status line must never fail.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_HOST, DEFAULT_PORT, resolveDataDir } from '../config.js';
import { claudeStatusInputSchema, fallbackStatusline, formatStatusline, statuslineDataSchema, type ClaudeStatusInput } from '../claude-code/statusline.js';
import { proxyBaseUrl } from '../claude-code/target.js';

const STDIN_WAIT_MS = 150;
const STDIN_MAX = 256 * 1024;
const FETCH_TIMEOUT_MS = 800;

function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    let data = '';
    const done = () => {
      clearTimeout(timer);
      process.stdin.pause();
      process.stdin.removeAllListeners('data');
      resolve(data);
    };
    const timer = setTimeout(done, STDIN_WAIT_MS);
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c: string) => {
      data += c;
      if (data.length > STDIN_MAX) done();
    });
    process.stdin.once('end', done);
    process.stdin.once('error', done);
  });
}

function parseInput(text: string): ClaudeStatusInput | null {
  if (!text.trim()) return null;
  try {
    const r = claudeStatusInputSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

function isLocalHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
  } catch {
    return false;
  }
}

/** --url, else a local ANTHROPIC_BASE_URL (Claude Code passes its env), else host/port from the proxy settings. */
export function statuslineUrl(opts: { url?: string; dataDir?: string }, env: NodeJS.ProcessEnv): string {
  if (opts.url) return opts.url.replace(/\/+$/, '');
  const base = env.ANTHROPIC_BASE_URL;
  if (base && isLocalHttp(base)) return base.replace(/\/+$/, '');
  let host = DEFAULT_HOST;
  let port = DEFAULT_PORT;
  try {
    const raw = JSON.parse(readFileSync(path.join(resolveDataDir(opts.dataDir, env), 'settings.json'), 'utf8')) as { host?: unknown; port?: unknown };
    if (typeof raw.host === 'string') host = raw.host;
    if (typeof raw.port === 'number') port = raw.port;
  } catch {
    // defaults
  }
  return proxyBaseUrl(host, port);
}

export async function runStatusline(opts: { url?: string; dataDir?: string }): Promise<void> {
  const [stdin, url] = [await readStdin(), statuslineUrl(opts, process.env)];
  const input = parseInput(stdin);
  let line: string;
  try {
    const res = await fetch(`${url}/api/statusline`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    const data = statuslineDataSchema.safeParse(await res.json());
    line = res.ok && data.success ? formatStatusline(data.data, input, Date.now()) : fallbackStatusline(new URL(url).host);
  } catch {
    line = fallbackStatusline(safeHost(url));
  }
  process.stdout.write(`${line}\n`);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'unknown address';
  }
}
