/**
 * The HTTP half of the dashboard contract: per DashboardApi method whether it is a read, the route(s) the server
 * mounts under /api (verb + path; how a request becomes the raw argument tuple) and how the browser's client turns
 * a call into a request. Written once: the generic router (proxy/src/http/routes/api.ts) mounts `routes`, the
 * client (renderer/src/api.ts) uses `request`; the argument tuple is then validated by the method's zod schema
 * (contract/schemas.ts), the same one IPC uses. Dependency-free, so the renderer may import it.
 */
import type { DashboardApi, DashboardMethod } from '../contract.js';

export type HttpVerb = 'GET' | 'POST' | 'DELETE';

/** What a route sees of a request: decoded path params, the query and the JSON body ({} when absent). */
export interface HttpInput {
  params: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, unknown>>;
  body: unknown;
}

export interface HttpRoute {
  verb: HttpVerb;
  /** Relative to /api; `:name` is a path parameter. */
  path: string;
  /** The raw (unvalidated) argument tuple of the call; the method's schema checks it next. */
  args(req: HttpInput): unknown[];
}

export interface HttpRequest {
  verb: HttpVerb;
  /** Relative to /api, with the query string, parameters URI-encoded. */
  path: string;
  body?: Record<string, unknown>;
}

export interface HttpMethod<A extends readonly unknown[]> {
  /** Reads nothing but state: safe to retry, to poll, to call from a read-only view. */
  read: boolean;
  routes: readonly HttpRoute[];
  request(...args: A): HttpRequest;
}

/** `listRequests()` over HTTP without `?limit`. */
export const DEFAULT_REQUEST_LIMIT = 200;

const enc = encodeURIComponent;

function field(body: unknown, ...names: string[]): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  for (const n of names) {
    const v = (body as Record<string, unknown>)[n];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The body minus `name` (an options object that rides along with a named field). */
function rest(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { [name]: _omitted, ...others } = body as Record<string, unknown>;
  return others;
}

/** Trailing `undefined`s dropped, so an optional argument left out stays left out. */
function trim(args: unknown[]): unknown[] {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  return args.slice(0, n);
}

/** A query string number stays a string when it is not one, so the schema rejects it. */
function queryInt(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;
}

const read = (path: string): HttpMethod<[]> => ({
  read: true,
  routes: [{ verb: 'GET', path, args: () => [] }],
  request: () => ({ verb: 'GET', path }),
});

const action = (path: string): HttpMethod<[]> => ({
  read: false,
  routes: [{ verb: 'POST', path, args: () => [] }],
  request: () => ({ verb: 'POST', path, body: {} }),
});

/** A POST whose body is the method's one options object. */
const options = <O extends Record<string, unknown>>(path: string): HttpMethod<[O]> => ({
  read: false,
  routes: [{ verb: 'POST', path, args: (r) => [r.body] }],
  request: (o) => ({ verb: 'POST', path, body: { ...o } }),
});

/** A POST of `{ [name]: arg }` (the server also reads the `aliases`, the seed project's names). */
const named = <T>(path: string, name: string, ...aliases: string[]): HttpMethod<[T]> => ({
  read: false,
  routes: [{ verb: 'POST', path, args: (r) => [field(r.body, name, ...aliases)] }],
  request: (v) => ({ verb: 'POST', path, body: { [name]: v } }),
});

/** A POST on `/accounts/:id/<verb>`. */
const onAccount = (verb: string): HttpMethod<[string]> => ({
  read: false,
  routes: [{ verb: 'POST', path: `/accounts/:id/${verb}`, args: (r) => [r.params.id] }],
  request: (id) => ({ verb: 'POST', path: `/accounts/${enc(id)}/${verb}`, body: {} }),
});

const optionalAccount = (path: string): HttpMethod<[string?]> => ({
  read: false,
  routes: [{ verb: 'POST', path, args: (r) => trim([field(r.body, 'id', 'email', 'accountId')]) }],
  request: (id) => ({ verb: 'POST', path, body: id === undefined ? {} : { id } }),
});

type HttpTable = { readonly [K in DashboardMethod]: HttpMethod<Parameters<DashboardApi[K]>> };

export const httpMethods: HttpTable = {
  getStatus: read('/status'),
  listAccounts: read('/accounts'),
  switchAccount: named<string>('/accounts/switch', 'id'),
  setEnabled: named<boolean>('/enabled', 'enabled'),
  getLaneStats: read('/stats'),
  listRequests: {
    read: true,
    routes: [{ verb: 'GET', path: '/requests', args: (r) => [r.query.limit === undefined ? DEFAULT_REQUEST_LIMIT : queryInt(r.query.limit)] }],
    request: (limit) => ({ verb: 'GET', path: limit === undefined ? '/requests' : `/requests?limit=${enc(String(limit))}` }),
  },
  getModels: read('/models'),
  startLogin: {
    read: false,
    routes: [{ verb: 'POST', path: '/accounts/login', args: (r) => [field(r.body, 'mode') ?? 'browser'] }],
    request: (mode) => ({ verb: 'POST', path: '/accounts/login', body: { mode } }),
  },
  startDeviceLogin: action('/accounts/login/device'),
  loginStatus: {
    read: true,
    routes: [{ verb: 'GET', path: '/accounts/login/:loginId', args: (r) => [r.params.loginId] }],
    request: (loginId) => ({ verb: 'GET', path: `/accounts/login/${enc(loginId)}` }),
  },
  completeLogin: named<string>('/accounts/login/complete', 'input', 'callbackUrl', 'url', 'code'),
  importCodexAccount: {
    read: false,
    routes: [{ verb: 'POST', path: '/accounts/import', args: (r) => trim([field(r.body, 'file')]) }],
    request: (file) => ({ verb: 'POST', path: '/accounts/import', body: file === undefined ? {} : { file } }),
  },
  removeAccount: {
    read: false,
    routes: [{ verb: 'DELETE', path: '/accounts/:id', args: (r) => [r.params.id] }],
    request: (id) => ({ verb: 'DELETE', path: `/accounts/${enc(id)}` }),
  },
  setAccountDisabled: {
    read: false,
    routes: [
      { verb: 'POST', path: '/accounts/:id/disable', args: (r) => [r.params.id, true] },
      { verb: 'POST', path: '/accounts/:id/enable', args: (r) => [r.params.id, false] },
    ],
    request: (id, disabled) => ({ verb: 'POST', path: `/accounts/${enc(id)}/${disabled ? 'disable' : 'enable'}`, body: {} }),
  },
  refreshAccount: onAccount('refresh'),
  refreshAllAccounts: action('/accounts/refresh'),
  refreshQuota: optionalAccount('/accounts/quota/refresh'),
  getClaudeConfig: read('/claude/config'),
  configureClaude: options('/claude/config/proxy'),
  useClaudeDirect: options('/claude/config/direct'),
  revertClaudeConfig: options('/claude/config/revert'),
  runDoctor: read('/doctor'),
  applyDoctorFix: named<string>('/doctor/fix', 'id'),
  undoDoctorFix: {
    read: false,
    routes: [{ verb: 'POST', path: '/doctor/undo', args: (r) => [field(r.body, 'changeId'), rest(r.body, 'changeId')] }],
    request: (changeId, o) => ({ verb: 'POST', path: '/doctor/undo', body: { changeId, ...o } }),
  },
  getCompat: read('/compat'),
  getStatusline: read('/statusline'),
};
