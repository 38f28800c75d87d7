/**
 * /api/*: the DashboardApi over HTTP, derived from the contract table — one generic router for every method:
 * the method's route(s) (contract/http-routes.ts) build the raw argument tuple from the request, the method's zod
 * schema (contract/schemas.ts, the same IPC uses) validates it, the core answers, and every failure goes through
 * the one code → status map as `{ error: { code, message } }`. Hand-written extras (SSE events, the seed's account
 * routes) live in events.ts and accounts-api.ts.
 */
import express, { type Request, type Response } from 'express';
import type { DashboardApi, DashboardMethod } from '../../contract.js';
import { httpMethods, type HttpInput, type HttpRoute } from '../../contract/http-routes.js';
import { callMethod } from '../../contract/call.js';
import type { Logger } from '../../logs/logger.js';
import { contractHandler, notFound } from '../errors.js';

/** What the routes need of the core: the DashboardApi and a logger for internal failures. */
export type DashboardCore = DashboardApi & { logger: Pick<Logger, 'error'> };

export function httpInput(req: Request): HttpInput {
  return { params: req.params as Record<string, string>, query: req.query as Record<string, unknown>, body: req.body ?? {} };
}

interface Mounted {
  method: DashboardMethod;
  route: HttpRoute;
  path: string;
}

const paramCount = (p: string): number => p.split('/').filter((s) => s.startsWith(':')).length;

/** Every table route, static paths before parametrised ones (`/accounts/quota/refresh` before `/accounts/:id/refresh`). */
function mountedRoutes(under: string): Mounted[] {
  const all: Mounted[] = [];
  for (const method of Object.keys(httpMethods) as DashboardMethod[]) {
    for (const route of httpMethods[method].routes) {
      if (route.path === under || route.path.startsWith(`${under}/`)) all.push({ method, route, path: route.path.slice(under.length) || '/' });
    }
  }
  return all.sort((a, b) => paramCount(a.path) - paramCount(b.path));
}

/**
 * The dashboard router. Mounted on /api; `under` mounts only the routes below that prefix, without it (the
 * `/claude/config…` aliases of `/api/claude/config…`). Ends in a 404 in the /api shape.
 */
export function apiRouter(core: DashboardCore, opts: { under?: string } = {}): express.Router {
  const r = express.Router();
  for (const { method, route, path } of mountedRoutes(opts.under ?? '')) {
    const handle = contractHandler(core.logger, async (req: Request, res: Response) => {
      res.json(await callMethod(core, method, route.args(httpInput(req))));
    });
    if (route.verb === 'GET') r.get(path, handle);
    else if (route.verb === 'POST') r.post(path, handle);
    else r.delete(path, handle);
  }
  r.use(notFound);
  return r;
}
