/**
 * Local-surface guards, on every route (/v1, /api, the seed routes, the dashboard):
 * - **Host allow-list** (DNS rebinding): while bound to loopback only `localhost`, `127.0.0.1` / the bound 127.x
 *   address and `[::1]`, each with the listening port. Look-alikes such as `127.attacker.example` are refused.
 * - **Browser requests from other sites** (CSRF, quota theft): a foreign `Origin`, `Sec-Fetch-Site: cross-site`,
 *   and `same-site` without our own Origin are refused. Real API clients (Claude Code, the SDKs, curl) send none.
 * - **Bodies must be JSON**: a body with any other content type (form posts, `text/plain` — what browsers send
 *   without a preflight) gets 415.
 * - **Client key**: when one is configured it is required on /v1; when bound to a non-loopback address, on every
 *   route but /health. Compared in constant time.
 * Refusals come in the route's error shape (Anthropic on /v1, OpenAI on /v1/chat/completions, plain on the rest).
 * No CORS headers are ever sent.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { isLoopbackHost } from '../bind-policy.js';
import { sendAnthropicError } from './errors.js';
import { openAIError } from '../openai/errors.js';

type Refusal = { status: number; anthropicType: string; openaiCode: string; message: string };

function refuse(req: Request, res: Response, r: Refusal): void {
  const p = req.originalUrl.split('?')[0] ?? '';
  if (p === '/v1/chat/completions' || p.startsWith('/v1/chat/')) {
    const type = r.status === 401 ? 'authentication_error' : 'invalid_request_error';
    res.status(r.status).json({ error: openAIError(r.status, type, r.message, r.openaiCode).error });
    return;
  }
  if (p === '/v1' || p.startsWith('/v1/')) {
    return sendAnthropicError(res, { status: r.status, type: r.anthropicType, message: r.message, headers: { 'x-should-retry': 'false' } });
  }
  res.status(r.status).json({ error: { message: r.message } });
}

const FORBIDDEN = (message: string): Refusal => ({ status: 403, anthropicType: 'permission_error', openaiCode: 'forbidden', message });

/** Splits a Host header into name and port; null when it is not a plain `name[:port]`. */
export function parseHostHeader(host: string | undefined): { name: string; port: number | null } | null {
  if (!host) return null;
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(host);
  if (!m) return null;
  return { name: (m[1] as string).toLowerCase(), port: m[2] === undefined ? null : Number(m[2]) };
}

/** True when the Host header names this loopback server exactly (`bindHost` as bound, `port` listened on). */
export function isAllowedLoopbackHost(host: string | undefined, bindHost: string, port: number): boolean {
  const h = parseHostHeader(host);
  if (!h) return false;
  if ((h.port ?? 80) !== port) return false;
  const bound = bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost.toLowerCase();
  return h.name === 'localhost' || h.name === '127.0.0.1' || h.name === '[::1]' || h.name === bound;
}

/** Our own origins: http(s)://<Host> of this request (the Host having passed the allow-list). */
function isOwnOrigin(origin: string, host: string | undefined): boolean {
  return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

/** Content types that count as JSON: application/json, with parameters (`; charset=utf-8`). */
export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  return value.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

function hasBody(req: Request): boolean {
  const len = req.headers['content-length'];
  if (len !== undefined) return Number(len) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/** SHA-256 both sides, then crypto.timingSafeEqual: constant time whatever the lengths. */
export function keysEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function presentedKey(req: Request): string | undefined {
  const auth = req.headers.authorization;
  const bearer = auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : undefined;
  const header = req.headers['x-api-key'];
  return (typeof header === 'string' ? header : undefined) ?? bearer;
}

const BAD_KEY: Refusal = {
  status: 401,
  anthropicType: 'authentication_error',
  openaiCode: 'invalid_api_key',
  message: 'Invalid or missing API key for this proxy (set the key configured with --api-key / CODEX_CLAUDE_PROXY_API_KEY)',
};

/** Host, Origin / Sec-Fetch-Site, content type, and (non-loopback bind) the key on every route. First on the app. */
export function localSurfaceGuard(o: { bindHost: () => string; apiKey: () => string | null }): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const bindHost = o.bindHost();
    const loopback = isLoopbackHost(bindHost);
    const host = req.headers.host;
    if (loopback && !isAllowedLoopbackHost(host, bindHost, req.socket.localPort ?? 0)) return refuse(req, res, FORBIDDEN('Host not allowed'));
    const origin = req.headers.origin;
    if (origin !== undefined && !isOwnOrigin(origin, host)) return refuse(req, res, FORBIDDEN('Cross-origin requests are not allowed'));
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || (site === 'same-site' && origin === undefined)) {
      return refuse(req, res, FORBIDDEN('Cross-site requests are not allowed'));
    }
    if (hasBody(req) && !isJsonContentType(req.headers['content-type'])) {
      return refuse(req, res, { status: 415, anthropicType: 'invalid_request_error', openaiCode: 'unsupported_media_type', message: 'Request bodies must be application/json' });
    }
    if (!loopback && req.path !== '/health') {
      const expected = o.apiKey();
      const given = presentedKey(req);
      if (!expected || given === undefined || !keysEqual(given, expected)) return refuse(req, res, BAD_KEY);
    }
    next();
  };
}

/** Kept for the route groups that mount it: the Origin rule, now also enforced by localSurfaceGuard on every route. */
export function sameOriginGuard(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin === undefined || isOwnOrigin(origin, req.headers.host)) return next();
    refuse(req, res, FORBIDDEN('Cross-origin requests are not allowed'));
  };
}

/** When `apiKey()` returns a key, require it as `x-api-key` or `Authorization: Bearer` (constant-time compare). */
export function apiKeyGuard(apiKey: () => string | null): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const expected = apiKey();
    if (!expected) return next();
    const given = presentedKey(req);
    if (given !== undefined && keysEqual(given, expected)) return next();
    refuse(req, res, BAD_KEY);
  };
}
