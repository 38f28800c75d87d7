/**
 * /api/*: the DashboardApi over HTTP (same-origin only). Delegates to ProxyCore, like the IPC handlers.
 * The account, Claude Code, lane and event routes live in accounts-api.ts, claude-config.ts, lanes.ts and
 * events.ts; test/unit/main/contract-coverage.test.ts checks that every DashboardApi method has a route.
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { ProxyCore } from '../../core.js';

const switchBody = z.object({ id: z.string().min(1).max(128) });
const enabledBody = z.object({ enabled: z.boolean() });
const limitQuery = z.coerce.number().int().min(1).max(500).default(200);

export function apiRouter(core: ProxyCore): express.Router {
  const r = express.Router();
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response) =>
    fn(req, res).catch((e: Error) => res.status(400).json({ error: { message: e.message } }));

  r.get('/status', wrap(async (_req, res) => void res.json(await core.getStatus())));
  r.get('/accounts', wrap(async (_req, res) => void res.json(await core.listAccounts())));
  r.post(
    '/accounts/switch',
    wrap(async (req, res) => {
      const b = switchBody.safeParse(req.body);
      if (!b.success) return void res.status(400).json({ error: { message: 'body must be {"id": "<account id>"}' } });
      res.json(await core.switchAccount(b.data.id));
    }),
  );
  r.post(
    '/enabled',
    wrap(async (req, res) => {
      const b = enabledBody.safeParse(req.body);
      if (!b.success) return void res.status(400).json({ error: { message: 'body must be {"enabled": true|false}' } });
      res.json(await core.setEnabled(b.data.enabled));
    }),
  );
  r.get(
    '/requests',
    wrap(async (req, res) => {
      const limit = limitQuery.safeParse(req.query.limit ?? undefined);
      if (!limit.success) return void res.status(400).json({ error: { message: 'limit must be an integer between 1 and 500' } });
      res.json(await core.listRequests(limit.data));
    }),
  );
  r.get('/models', wrap(async (_req, res) => void res.json(await core.getModels())));
  r.post('/accounts/login/device', wrap(async (_req, res) => void res.json(await core.startDeviceLogin())));
  r.use((_req, res) => void res.status(404).json({ error: { message: 'not found' } }));
  return r;
}
