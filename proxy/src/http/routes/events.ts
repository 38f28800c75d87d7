/**
 * `GET /api/events`: the dashboard's push events over Server-Sent Events, for the browser (the app gets the same
 * events over IPC). Event names are the DashboardEvents keys: `changed` (ProxyStatus, also sent once on connect),
 * `record` (RequestRecord, redacted) and `heartbeat` (`{t}`, every second, so the page notices a dead proxy).
 * Same-origin guarded like the rest of /api; never carries a secret.
 */
import express, { type Request, type Response } from 'express';
import { HEARTBEAT_INTERVAL_MS, type DashboardEvents, type ProxyStatus } from '../../contract.js';
import type { RequestRecord } from '../../logs/request-log.js';

/** What the route needs from the core: its status and its two domain push events. */
export interface EventSourceCore {
  getStatus(): Promise<ProxyStatus>;
  on(event: 'changed', l: (s: ProxyStatus) => void): unknown;
  on(event: 'record', l: (r: RequestRecord) => void): unknown;
  off(event: 'changed', l: (s: ProxyStatus) => void): unknown;
  off(event: 'record', l: (r: RequestRecord) => void): unknown;
}

/** A comment line every this often keeps idle connections (and proxies in between) open. */
export const SSE_KEEPALIVE_MS = 15_000;

export interface EventsOptions {
  keepAliveMs?: number;
  heartbeatMs?: number;
  now?: () => number;
}

export function sseFrame<K extends keyof DashboardEvents>(event: K, payload: DashboardEvents[K]): string {
  return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
}

export function eventsRouter(core: EventSourceCore, opts: EventsOptions = {}): express.Router {
  const { keepAliveMs = SSE_KEEPALIVE_MS, heartbeatMs = HEARTBEAT_INTERVAL_MS, now = Date.now } = opts;
  const r = express.Router();
  r.get('/events', (req: Request, res: Response) => {
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write('retry: 2000\n\n');

    const send = <K extends keyof DashboardEvents>(event: K, payload: DashboardEvents[K]): void => {
      if (!res.writableEnded) res.write(sseFrame(event, payload));
    };
    const onChanged = (s: ProxyStatus): void => send('changed', s);
    const onRecord = (rec: RequestRecord): void => send('record', rec);
    core.on('changed', onChanged);
    core.on('record', onRecord);
    const ping = setInterval(() => {
      if (!res.writableEnded) res.write(': ping\n\n');
    }, keepAliveMs);
    const heartbeat = setInterval(() => send('heartbeat', { t: now() }), heartbeatMs);
    ping.unref();
    heartbeat.unref();

    const close = (): void => {
      clearInterval(ping);
      clearInterval(heartbeat);
      core.off('changed', onChanged);
      core.off('record', onRecord);
    };
    req.on('close', close);
    res.on('close', close);

    core.getStatus().then(onChanged, () => undefined);
  });
  return r;
}
