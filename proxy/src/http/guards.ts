/**
 * Local-surface guards. Host allow-list (DNS-rebinding defence) while bound to loopback; Origin must be absent or
 * our own on /api (CSRF); client API key on /v1 when one is configured. No CORS headers are ever sent.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendAnthropicError } from './errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackBind(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.');
}

function hostnameOf(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return null;
  }
}

export function hostGuard(bindHost: () => string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isLoopbackBind(bindHost())) return next();
    const name = hostnameOf(req.headers.host);
    if (name && (LOOPBACK_HOSTS.has(name) || name.startsWith('127.'))) return next();
    res.status(403).json({ type: 'error', error: { type: 'permission_error', message: 'Host not allowed' } });
  };
}

export function sameOriginGuard(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (!origin) return next();
    const host = req.headers.host;
    if (host && (origin === `http://${host}` || origin === `https://${host}`)) return next();
    res.status(403).json({ error: { message: 'Cross-origin requests are not allowed' } });
  };
}

/** When `apiKey()` returns a key, require it as `x-api-key` or `Authorization: Bearer`. */
export function apiKeyGuard(apiKey: () => string | null): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const expected = apiKey();
    if (!expected) return next();
    const auth = req.headers.authorization;
    const bearer = auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : undefined;
    const given = (req.headers['x-api-key'] as string | undefined) ?? bearer;
    if (given === expected) return next();
    sendAnthropicError(res, {
      status: 401,
      type: 'authentication_error',
      message: 'Invalid or missing API key for this proxy (set the key configured with --api-key / CODEX_CLAUDE_PROXY_API_KEY)',
      headers: { 'x-should-retry': 'false' },
    });
  };
}
