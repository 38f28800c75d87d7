/**
 * The fake Codex WebSocket endpoint (spec codex-websocket.md §8), served on the SAME http server and path as the
 * strict HTTP fake (`/backend-api/codex/responses`), sharing its accounts, tokens, validator and scenarios:
 *
 *   const fake = await startFakeCodex(); const ws = attachCodexWs(fake, { now: () => clock });
 *
 * Handshake (§8.1): Upgrade, `Authorization: Bearer <known token>` (else HTTP 401 before any 101),
 * `chatgpt-account-id` matching the token (else 403), `OpenAI-Beta` containing `responses_websockets=2026-02-06`
 * (else 400), no subprotocol (else 400); deflate optional. The 101 carries `x-models-etag`, `x-reasoning-included`,
 * `openai-model` (from the routing hint) and the x-codex-* quota headers — never `x-codex-turn-state`.
 * Scripted handshake failures (§8.2): an HTTP status with body (426, 401, 403 HTML, 429 JSON, 5xx), a black hole
 * (TCP accepted, no answer), or 101 followed at once by a close (1008). Per-socket behaviour: codex-ws-socket.ts.
 * Lifetime (§8.10): the age cap answers `websocket_connection_limit_reached`; `idleCloseMs` closes quiet sockets with
 * 1000 (checked by `tick()`, and every second when set); client pings are answered; optional server pings.
 * Every handshake and create is recorded for tests; contract violations are collected in `violations`.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeCodex } from './codex-backend.js';
import { FakePromptCache } from './codex-ws-cache.js';
import { FakeWsSocket, type CreateRecord, type WsTurnScript } from './codex-ws-socket.js';

export type { CreateRecord, WsTurnScript } from './codex-ws-socket.js';

export const WS_BETA = 'responses_websockets=2026-02-06';
const PATH = '/backend-api/codex/responses';

export type WsHandshakeScript =
  | { kind: 'status'; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  | { kind: 'black_hole' }
  | { kind: 'close_after_open'; code?: number };

export interface HandshakeRecord {
  headers: Record<string, string>;
  accountId?: string;
  /** 101 on success, else the HTTP status answered; 0 for a black hole. */
  status: number;
  rejected?: string;
  originator?: string;
  userAgent?: string;
  sessionId?: string;
  routingHint?: string;
  deflateOffered: boolean;
}

export interface FakeWsOptions {
  now?: () => number;
  /** Socket age cap (default 60 min). */
  maxAgeMs?: number;
  /** Close sockets idle this long with 1000 (default: never). */
  idleCloseMs?: number;
  /** Inbound message limit (default 16 MiB): at or above → close 1009, no event. */
  frameLimitBytes?: number;
  /** Send `codex.rate_limits` first on every create (default true). */
  rateLimitsEvent?: boolean;
  /** Server ping period (default: none). */
  serverPingMs?: number;
}

export interface FakeCodexWs {
  handshakes: HandshakeRecord[];
  /** Successful handshakes (101). */
  readonly upgrades: number;
  creates: CreateRecord[];
  violations: string[];
  /** Client pings received (answered automatically). */
  readonly pings: number;
  scriptHandshake(...s: WsHandshakeScript[]): void;
  scriptTurn(...s: WsTurnScript[]): void;
  openSockets(): number;
  /** Runs the lifetime checks now (idle close). */
  tick(): void;
  /** Closes every open socket with `code` (default 1001). */
  dropAll(code?: number): void;
  close(): void;
}

export function attachCodexWs(fake: FakeCodex, opts: FakeWsOptions = {}): FakeCodexWs {
  const now = opts.now ?? Date.now;
  const frameLimit = opts.frameLimitBytes ?? 16 * 1024 * 1024;
  const wss = new WebSocketServer({ noServer: true, maxPayload: frameLimit - 1, perMessageDeflate: true, handleProtocols: () => false });
  const sockets = new Map<WebSocket, FakeWsSocket>();
  const blackHoles = new Set<Duplex>();
  const handshakeScripts: WsHandshakeScript[] = [];
  const turnScripts: WsTurnScript[] = [];
  const cache = new FakePromptCache();
  const turnStates = new Map<string, { token: string; previous: Set<string> }>();
  const pending = new WeakMap<IncomingMessage, Record<string, string>>();
  let nextSocketId = 1;
  let pings = 0;
  let closing = false;

  const refuse = (socket: Duplex, rec: HandshakeRecord, status: number, body: string, headers: Record<string, string> = {}, contentType = 'application/json'): void => {
    rec.status = status;
    const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\ncontent-type: ${contentType}\r\n${extra}connection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };

  wss.on('headers', (headers, req) => {
    for (const [k, v] of Object.entries(pending.get(req) ?? {})) headers.push(`${k}: ${v}`);
  });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = fake.internals.flatHeaders(req);
    const rec: HandshakeRecord = {
      headers,
      status: 0,
      originator: headers.originator,
      userAgent: headers['user-agent'],
      sessionId: headers['session-id'],
      routingHint: headers['x-codex-routing-hint'],
      deflateOffered: (headers['sec-websocket-extensions'] ?? '').includes('permessage-deflate'),
    };
    api.handshakes.push(rec);
    fake.requests.push({ method: 'UPGRADE', path: url.pathname, headers, body: undefined, status: 0 });
    const httpRec = fake.requests[fake.requests.length - 1]!;
    const answer = (status: number, body: string, h: Record<string, string> = {}, message?: string, contentType?: string): void => {
      rec.rejected = message;
      httpRec.status = status;
      httpRec.rejected = message;
      refuse(socket, rec, status, body, h, contentType);
    };
    if (url.pathname.replace(/\/+$/, '') !== PATH) return answer(404, '{"detail":"Not Found"}');
    const script = handshakeScripts.shift();
    if (script?.kind === 'black_hole') {
      blackHoles.add(socket);
      socket.on('close', () => blackHoles.delete(socket));
      socket.on('error', () => undefined);
      return;
    }
    if (script?.kind === 'status') return answer(script.status, script.body ?? JSON.stringify({ detail: STATUS_CODES[script.status] ?? 'error' }), script.headers, `scripted ${script.status}`, script.contentType);
    if ((headers.upgrade ?? '').toLowerCase() !== 'websocket') return answer(400, '{"detail":"Upgrade: websocket required"}', {}, 'no upgrade');
    const auth = fake.internals.authenticate(headers);
    if (!auth.ok) return answer(auth.status, JSON.stringify(auth.body), auth.headers, auth.message);
    const accountId = auth.account.accountId;
    rec.accountId = accountId;
    httpRec.accountId = accountId;
    const quota = fake.internals.quotaHeaders(accountId);
    if (!(headers['openai-beta'] ?? '').split(/[,\s]+/).includes(WS_BETA)) {
      return answer(400, JSON.stringify({ detail: `OpenAI-Beta must contain ${WS_BETA}` }), quota, 'missing beta header');
    }
    if (headers['sec-websocket-protocol']) return answer(400, '{"detail":"No subprotocol is supported"}', quota, 'subprotocol offered');
    const model = /(?:^|;)\s*model=([^;]+)/.exec(rec.routingHint ?? '')?.[1];
    pending.set(req, { 'x-models-etag': fake.internals.catalogEtag(), 'x-reasoning-included': 'true', ...(model ? { 'openai-model': model } : {}), ...quota });
    wss.handleUpgrade(req, socket, head, (ws) => {
      rec.status = 101;
      httpRec.status = 101;
      if (script?.kind === 'close_after_open') return ws.close(script.code ?? 1008, 'policy');
      const s = new FakeWsSocket(nextSocketId++, accountId, headers.originator, ws, {
        internals: fake.internals,
        cache,
        now,
        maxAgeMs: opts.maxAgeMs ?? 60 * 60_000,
        rateLimitsEvent: opts.rateLimitsEvent ?? true,
        takeScript: () => turnScripts.shift(),
        record: (c) => api.creates.push(c),
        violation: (m) => api.violations.push(m),
        turnStates,
        closing: () => closing,
      });
      sockets.set(ws, s);
      ws.on('ping', () => pings++);
      ws.on('close', () => {
        sockets.delete(ws);
        cache.dropSocket(s.id);
      });
      ws.on('error', () => undefined);
    });
  };

  const tick = (): void => {
    if (opts.idleCloseMs === undefined) return;
    for (const [ws, s] of sockets) if (!s.busy && now() - s.lastActivityAt >= opts.idleCloseMs) ws.close(1000, 'idle');
  };
  const timers: NodeJS.Timeout[] = [];
  if (opts.idleCloseMs !== undefined) timers.push(setInterval(tick, 1000));
  if (opts.serverPingMs) timers.push(setInterval(() => sockets.forEach((_s, ws) => ws.ping()), opts.serverPingMs));
  for (const t of timers) t.unref();

  fake.setUpgradeHandler(onUpgrade);
  const api: FakeCodexWs = {
    handshakes: [],
    get upgrades() {
      return api.handshakes.filter((h) => h.status === 101).length;
    },
    creates: [],
    violations: [],
    get pings() {
      return pings;
    },
    scriptHandshake: (...s) => void handshakeScripts.push(...s),
    scriptTurn: (...s) => void turnScripts.push(...s),
    openSockets: () => sockets.size,
    tick,
    dropAll(code = 1001) {
      for (const ws of sockets.keys()) ws.close(code);
    },
    close() {
      closing = true;
      for (const t of timers) clearInterval(t);
      for (const ws of sockets.keys()) ws.terminate();
      for (const s of blackHoles) s.destroy();
      fake.setUpgradeHandler(null);
      wss.close();
    },
  };
  return api;
}
