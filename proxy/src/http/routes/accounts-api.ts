/**
 * Account management over HTTP (same-origin guarded like /api; the Host guard covers the whole app):
 * - `/api/accounts…`: the AccountsApi of the dashboard;
 * - `/accounts…`: routes compatible with the seed project's UI and scripts.
 * Bodies are parsed with zod at the boundary; answers never carry a token, a code or the PKCE verifier.
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { ProxyCore } from '../../core.js';
import { LoginError, RefreshError } from '../../accounts/token-client.js';

const ref = z.string().min(1).max(200);
const loginBody = z.object({ mode: z.enum(['browser', 'paste']).default('browser') });
const pasteBody = z.union([
  z.object({ input: z.string().min(1).max(8192) }),
  z.object({ callbackUrl: z.string().min(1).max(8192) }).transform((b) => ({ input: b.callbackUrl })),
  z.object({ url: z.string().min(1).max(8192) }).transform((b) => ({ input: b.url })),
  z.object({ code: z.string().min(1).max(8192) }).transform((b) => ({ input: b.code })),
]);
const importBody = z.object({ file: z.string().min(1).max(4096).optional() });
const optionalRef = z.object({ id: ref.optional(), email: ref.optional(), accountId: ref.optional() });

type Handler = (req: Request, res: Response) => Promise<unknown>;

function statusFor(e: Error): number {
  if (/^No account /.test(e.message) || /^Unknown account /.test(e.message)) return 404;
  if (e instanceof LoginError && e.code === 'port_in_use') return 409;
  if (e instanceof RefreshError && !e.permanent) return 502;
  return 400;
}

function wrap(fn: Handler) {
  return (req: Request, res: Response) => {
    fn(req, res).catch((e: Error) => {
      if (!res.headersSent) res.status(statusFor(e)).json({ error: { message: e.message } });
    });
  };
}

function parse<T>(schema: z.ZodType<T>, body: unknown, res: Response, hint: string): T | undefined {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  res.status(400).json({ error: { message: `body must be ${hint}` } });
  return undefined;
}

const refOf = (b: z.infer<typeof optionalRef>): string | undefined => b.id ?? b.email ?? b.accountId;

/** Mounted under /api, before the generic /api router. */
export function accountsApiRouter(core: ProxyCore): express.Router {
  const r = express.Router();
  r.post('/accounts/login', wrap(async (req, res) => {
    const b = parse(loginBody, req.body, res, '{"mode": "browser"|"paste"}');
    if (b) res.json(await core.startLogin(b.mode));
  }));
  r.post('/accounts/login/complete', wrap(async (req, res) => {
    const b = parse(pasteBody, req.body, res, '{"input": "<callback URL, code#state, query or code>"}');
    if (b) res.json(await core.completeLogin(b.input));
  }));
  r.get('/accounts/login/:loginId', wrap(async (req, res) => void res.json(await core.loginStatus(String(req.params.loginId)))));
  r.post('/accounts/import', wrap(async (req, res) => {
    const b = parse(importBody, req.body, res, '{"file"?: "<path to auth.json>"}');
    if (b) res.json(await core.importCodexAccount(b.file));
  }));
  r.get('/accounts/quota', wrap(async (_req, res) => {
    res.json((await core.listAccounts()).map((a) => ({ id: a.id, email: a.email, plan: a.plan, quota: a.quota ?? null })));
  }));
  r.post('/accounts/quota/refresh', wrap(async (req, res) => {
    const b = parse(optionalRef, req.body, res, '{"id"?: "<account>"}');
    if (b) res.json(await core.refreshQuota(refOf(b)));
  }));
  r.post('/accounts/refresh', wrap(async (req, res) => {
    const b = parse(optionalRef, req.body, res, '{"id"?: "<account>"}');
    if (!b) return;
    const id = refOf(b);
    res.json(id ? await core.refreshAccount(id) : await core.refreshAllAccounts());
  }));
  r.post('/accounts/:id/refresh', wrap(async (req, res) => void res.json(await core.refreshAccount(String(req.params.id)))));
  r.post('/accounts/:id/disable', wrap(async (req, res) => void res.json(await core.setAccountDisabled(String(req.params.id), true))));
  r.post('/accounts/:id/enable', wrap(async (req, res) => void res.json(await core.setAccountDisabled(String(req.params.id), false))));
  r.delete('/accounts/:id', wrap(async (req, res) => void res.json(await core.removeAccount(String(req.params.id)))));
  return r;
}

/** The seed project's routes, mounted under /accounts. */
export function seedAccountsRouter(core: ProxyCore): express.Router {
  const r = express.Router();
  r.get('/', wrap(async (_req, res) => {
    const [accounts, status] = [await core.listAccounts(), await core.getStatus()];
    res.json({ accounts, activeAccountId: status.activeAccountId });
  }));
  r.get('/quota', wrap(async (_req, res) => {
    res.json((await core.listAccounts()).map((a) => ({ id: a.id, email: a.email, plan: a.plan, quota: a.quota ?? null })));
  }));
  r.post('/add', wrap(async (_req, res) => void res.json(await core.startLogin('browser'))));
  r.post('/add/manual', wrap(async (req, res) => {
    const b = parse(pasteBody, req.body, res, '{"callbackUrl": "<callback URL>"} or {"code": "<code#state>"}');
    if (b) res.json({ success: true, account: await core.completeLogin(b.input) });
  }));
  r.post('/switch', wrap(async (req, res) => {
    const b = parse(optionalRef, req.body, res, '{"id": "<account>"} or {"email": "<email>"}');
    if (!b) return;
    const id = refOf(b);
    if (!id) return void res.status(400).json({ error: { message: 'body must be {"id": "<account>"} or {"email": "<email>"}' } });
    res.json(await core.switchAccount(id));
  }));
  r.post('/import', wrap(async (req, res) => {
    const b = parse(importBody, req.body, res, '{"file"?: "<path to auth.json>"}');
    if (b) res.json({ success: true, account: await core.importCodexAccount(b.file) });
  }));
  r.post('/refresh/all', wrap(async (_req, res) => void res.json({ success: true, accounts: await core.refreshAllAccounts() })));
  r.post('/refresh', wrap(async (req, res) => {
    const b = parse(optionalRef, req.body, res, '{"id"?: "<account>"}');
    if (!b) return;
    const id = refOf(b) ?? (await core.getStatus()).activeAccountId;
    if (!id) return void res.status(404).json({ error: { message: 'No account to refresh' } });
    res.json({ success: true, account: await core.refreshAccount(id) });
  }));
  r.delete('/:id', wrap(async (req, res) => void res.json({ success: true, accounts: await core.removeAccount(String(req.params.id)) })));
  r.use((_req, res) => void res.status(404).json({ error: { message: 'not found' } }));
  return r;
}
