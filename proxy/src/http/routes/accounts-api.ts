/**
 * Account routes that are not a plain contract method call (the contract's own account routes are derived in
 * routes/api.ts). Same-origin guarded like /api; every argument is validated with the contract's schemas
 * (contract/schemas.ts) and every error answered in the /api shape through the one code map.
 * - `/api/accounts/quota` (a projection of listAccounts) and `POST /api/accounts/refresh` naming an account;
 * - `/accounts…`: routes compatible with the seed project's UI and scripts, with their own answer shapes.
 * Answers never carry a token, a code or the PKCE verifier.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { ContractError } from '../../contract/errors.js';
import { httpMethods } from '../../contract/http-routes.js';
import { accountRef } from '../../contract/schemas.js';
import { contractHandler, notFound } from '../errors.js';
import { callMethod } from '../../contract/call.js';
import { httpInput, type DashboardCore } from './api.js';

/** The `{id | email | accountId}` a seed body names, validated as an account ref; undefined when it names none. */
function namedAccount(body: unknown): string | undefined {
  const raw = httpMethods.refreshQuota.routes[0]!.args({ params: {}, query: {}, body })[0];
  if (raw === undefined) return undefined;
  const r = accountRef.safeParse(raw);
  if (!r.success) throw new ContractError('invalid_argument', `account: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
}

const quotaView = async (core: DashboardCore) =>
  (await core.listAccounts()).map((a) => ({ id: a.id, email: a.email, plan: a.plan, quota: a.quota ?? null }));

/** Mounted under /api, before the contract router. */
export function accountsApiRouter(core: DashboardCore): express.Router {
  const r = express.Router();
  const handle = (fn: (req: Request, res: Response) => Promise<unknown>) => contractHandler(core.logger, fn);
  r.get('/accounts/quota', handle(async (_req, res) => res.json(await quotaView(core))));
  // `POST /api/accounts/refresh {id}` refreshes that account; without one it is the contract's refreshAllAccounts.
  r.post('/accounts/refresh', (req: Request, res: Response, next: NextFunction) => {
    handle(async () => {
      const id = namedAccount(req.body);
      if (id === undefined) return next();
      res.json(await callMethod(core, 'refreshAccount', [id]));
    })(req, res);
  });
  return r;
}

/** The seed project's routes, mounted under /accounts. */
export function seedAccountsRouter(core: DashboardCore): express.Router {
  const r = express.Router();
  const handle = (fn: (req: Request, res: Response) => Promise<unknown>) => contractHandler(core.logger, fn);
  const args = <K extends keyof typeof httpMethods>(method: K, req: Request) => httpMethods[method].routes[0]!.args(httpInput(req));

  r.get('/', handle(async (_req, res) => {
    const [accounts, status] = [await core.listAccounts(), await core.getStatus()];
    res.json({ accounts, activeAccountId: status.activeAccountId });
  }));
  r.get('/quota', handle(async (_req, res) => res.json(await quotaView(core))));
  r.post('/add', handle(async (_req, res) => res.json(await callMethod(core, 'startLogin', ['browser']))));
  r.post('/add/manual', handle(async (req, res) => {
    res.json({ success: true, account: await callMethod(core, 'completeLogin', args('completeLogin', req)) });
  }));
  r.post('/switch', handle(async (req, res) => {
    const id = namedAccount(req.body);
    if (id === undefined) throw new ContractError('invalid_argument', 'body must be {"id": "<account>"} or {"email": "<email>"}');
    res.json(await callMethod(core, 'switchAccount', [id]));
  }));
  r.post('/import', handle(async (req, res) => {
    res.json({ success: true, account: await callMethod(core, 'importCodexAccount', args('importCodexAccount', req)) });
  }));
  r.post('/refresh/all', handle(async (_req, res) => res.json({ success: true, accounts: await core.refreshAllAccounts() })));
  r.post('/refresh', handle(async (req, res) => {
    const id = namedAccount(req.body) ?? (await core.getStatus()).activeAccountId;
    if (!id) throw new ContractError('not_found', 'No account to refresh');
    res.json({ success: true, account: await callMethod(core, 'refreshAccount', [id]) });
  }));
  r.delete('/:id', handle(async (req, res) => {
    res.json({ success: true, accounts: await callMethod(core, 'removeAccount', [req.params.id]) });
  }));
  r.use(notFound);
  return r;
}
