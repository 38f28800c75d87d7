/** /api/*: the DashboardApi over HTTP (same-origin only). Delegates to ProxyCore, like the IPC handlers. */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { ProxyCore } from '../../core.js';

const switchBody = z.object({ id: z.string().min(1).max(128) });
const enabledBody = z.object({ enabled: z.boolean() });

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
  r.get('/requests', (_req, res) => void res.json(core.requestLog.recent(200)));
  r.use((_req, res) => void res.status(404).json({ error: { message: 'not found' } }));
  return r;
}
