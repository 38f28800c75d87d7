/**
 * The seed's log routes, over the request log (redacted records: model → upstream model, account id, tokens,
 * outcome; never a prompt, token or key). Same-origin guarded like the rest of /api.
 *   GET /api/logs?limit=N                 `{logs: RequestRecord[], total}`, oldest first (limit 1–500, default 100)
 *   GET /api/logs/stream[?history=true]   Server-Sent Events, one `event: log` per finished request; with
 *                                         history=true the recent records (same `limit`) are replayed first
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { RequestRecord } from '../../logs/request-log.js';
import { SSE_KEEPALIVE_MS } from './events.js';

/** What the routes need from the request log. */
export interface LogSource {
  total: number;
  recent(limit?: number): RequestRecord[];
  on(event: 'record', l: (r: RequestRecord) => void): unknown;
  off(event: 'record', l: (r: RequestRecord) => void): unknown;
}

export const DEFAULT_LOG_LIMIT = 100;

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
/** Unknown query parameters are ignored (newer dashboards may send more). */
const logsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(DEFAULT_LOG_LIMIT),
  history: flag.default(false),
});

function parseQuery(req: Request, res: Response): z.infer<typeof logsQuery> | null {
  const q = logsQuery.safeParse(req.query);
  if (q.success) return q.data;
  const issue = q.error.issues[0];
  const param = String(issue?.path[0] ?? 'query');
  const expected = param === 'limit' ? 'an integer between 1 and 500' : param === 'history' ? 'true or false' : 'valid';
  res.status(400).json({ error: { message: `${param} must be ${expected}` } });
  return null;
}

export function logFrame(r: RequestRecord): string {
  return `event: log\ndata: ${JSON.stringify(r)}\n\n`;
}

export function logsRouter(log: LogSource, keepAliveMs = SSE_KEEPALIVE_MS): express.Router {
  const r = express.Router();
  r.get('/logs', (req, res) => {
    const q = parseQuery(req, res);
    if (q) res.json({ logs: log.recent(q.limit), total: log.total });
  });
  r.get('/logs/stream', (req, res) => {
    const q = parseQuery(req, res);
    if (!q) return;
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    if (q.history) res.write(log.recent(q.limit).map(logFrame).join(''));
    const onRecord = (rec: RequestRecord): void => {
      if (!res.writableEnded) res.write(logFrame(rec));
    };
    log.on('record', onRecord);
    const ping = setInterval(() => {
      if (!res.writableEnded) res.write(': ping\n\n');
    }, keepAliveMs);
    ping.unref();
    const close = (): void => {
      clearInterval(ping);
      log.off('record', onRecord);
    };
    req.on('close', close);
    res.on('close', close);
  });
  return r;
}
