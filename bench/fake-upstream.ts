/**
 * The instant fake Codex upstream, in its own process: minimal and fast (no validation), so its CPU does not
 * dominate. POST …/responses answers pre-rendered SSE in one write; the body picks the answer: `BENCH_TOOL` →
 * tool-call turn, `BENCH_HOLD` → first delta, then the rest after HOLD_MS (held, "idle-ish" streams), else text.
 * GET …/models, …/wham/usage, …/wham/accounts/check answer what the product asks at start or per request.
 * Prints {"port":N} on stdout; GET /__stats gives request counts per route.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultCatalog } from '../test/fakes/codex-catalog.js';
import { splitAfterFirstDelta, textTurnSse, toolTurnSse } from './lib/responses-sse.js';

const HOLD_MS = Number(process.env.BENCH_HOLD_MS ?? 3000);
const TEXT = Buffer.from(textTurnSse());
const TOOL = Buffer.from(toolTurnSse());
const [HOLD_HEAD, HOLD_REST] = splitAfterFirstDelta(textTurnSse()).map((s) => Buffer.from(s)) as [Buffer, Buffer];
const TOOL_MARK = Buffer.from('BENCH_TOOL');
const HOLD_MARK = Buffer.from('BENCH_HOLD');
const MODELS = JSON.stringify({ models: defaultCatalog() });
const NOW = Math.floor(Date.now() / 1000);
const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-codex-primary-used-percent': '12',
  'x-codex-primary-window-minutes': '300',
  'x-codex-primary-reset-at': String(NOW + 3600),
  'x-codex-secondary-used-percent': '30',
  'x-codex-secondary-window-minutes': '10080',
  'x-codex-secondary-reset-at': String(NOW + 86400),
  'x-codex-plan-type': 'pro',
};
const USAGE = JSON.stringify({
  plan_type: 'pro',
  rate_limit: { allowed: true, limit_reached: false, primary_window: null, secondary_window: null },
  credits: null,
  additional_rate_limits: [],
  rate_limit_reached_type: null,
});
const counts: Record<string, number> = {};

function readBody(req: IncomingMessage, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
}

function json(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  const route = `${req.method} ${path.replace(/^.*\/(responses|models|usage|check|token|__stats)$/, '$1')}`;
  counts[route] = (counts[route] ?? 0) + 1;
  readBody(req, (body) => {
    if (route === 'POST responses') {
      res.writeHead(200, SSE_HEADERS);
      if (body.includes(HOLD_MARK)) {
        res.write(HOLD_HEAD);
        const t = setTimeout(() => res.end(HOLD_REST), HOLD_MS);
        res.on('close', () => clearTimeout(t));
        return;
      }
      res.end(body.includes(TOOL_MARK) ? TOOL : TEXT);
      return;
    }
    if (route === 'GET models') return json(res, 200, MODELS);
    if (route === 'GET usage') return json(res, 200, USAGE);
    if (route === 'GET check') return json(res, 200, JSON.stringify({ accounts: [], account_ordering: [], default_account_id: null }));
    if (route === 'GET __stats') return json(res, 200, JSON.stringify(counts));
    json(res, 404, JSON.stringify({ detail: 'Not Found' }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
