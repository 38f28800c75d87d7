/**
 * How the dashboard reaches the proxy core: the preload bridge in the app (window.dashboard, IPC), or the HTTP
 * API of the headless CLI in a browser. Both implement the one DashboardApi contract; the renderer imports
 * nothing but its types.
 */
import type { AccountSummary, DashboardApi, LaneStats, ProxyStatus } from '../../proxy/src/contract';

/** DashboardApi plus an optional push subscription (the preload has it; plain HTTP has not, yet). */
export type DashboardClient = DashboardApi & {
  onChanged?(listener: (status: ProxyStatus) => void): () => void;
};

declare global {
  interface Window {
    /** Exposed by main/preload.ts through contextBridge; absent in a plain browser. */
    dashboard?: DashboardClient;
  }
}

export function resolveApi(): DashboardClient {
  return window.dashboard ?? httpApi();
}

/** An HTTP error from /api with the server's own message. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Pulls a human message out of the usual error shapes: {error:{message}}, {error:"…"}, {message:"…"}. */
function serverMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { error, message } = body as { error?: unknown; message?: unknown };
  if (typeof error === 'object' && error !== null) {
    const inner = (error as { message?: unknown }).message;
    if (typeof inner === 'string' && inner) return inner;
  }
  if (typeof error === 'string' && error) return error;
  if (typeof message === 'string' && message) return message;
  return null;
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * DashboardApi over the CLI's JSON API: GET /api/status, GET /api/accounts, POST /api/accounts/switch {id},
 * POST /api/enabled {enabled}, GET /api/stats. Every failure becomes an Error with a readable message.
 */
export function httpApi(base = '', fetchImpl: FetchLike = (input, init) => fetch(input, init)): DashboardClient {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const init: RequestInit = { method, headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }

    let res: Response;
    try {
      res = await fetchImpl(`${base}${path}`, init);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new Error(`Cannot reach the proxy (${detail})`);
    }

    const text = await res.text();
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
    }
    if (!res.ok) {
      const plain = data === undefined && text && text.length <= 200 && !text.trimStart().startsWith('<') ? text.trim() : null;
      const message = serverMessage(data) ?? plain ?? `${method} ${path} failed (HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''})`;
      throw new ApiError(message, res.status);
    }
    if (data === undefined) throw new ApiError(`${method} ${path}: the proxy sent no JSON`, res.status);
    return data as T;
  }

  return {
    getStatus: () => call<ProxyStatus>('GET', '/api/status'),
    listAccounts: () => call<AccountSummary[]>('GET', '/api/accounts'),
    switchAccount: (id) => call<ProxyStatus>('POST', '/api/accounts/switch', { id }),
    setEnabled: (enabled) => call<ProxyStatus>('POST', '/api/enabled', { enabled }),
    getLaneStats: () => call<LaneStats>('GET', '/api/stats'),
  };
}

/**
 * A message fit for the user. Electron prefixes errors thrown in main handlers with
 * "Error invoking remote method 'dashboard:x': Error: "; that prefix is noise to a user.
 */
export function errorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  return raw.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '') || 'Something went wrong';
}
