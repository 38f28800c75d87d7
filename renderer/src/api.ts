/**
 * How the dashboard reaches the proxy core: the preload bridge in the app (window.dashboard, IPC), or the HTTP
 * API of the headless CLI in a browser (fetch /api + SSE /api/events). Both implement the one DashboardApi
 * contract and are derived from its table: the HTTP client from the per-method requests
 * (proxy/src/contract/http-routes.ts), the IPC client from the bridge's methods. Both reject with a ContractError
 * carrying the same typed code. From proxy/ the renderer takes types, plus the two dependency-free contract
 * modules (errors, http-routes).
 */
import { dashboardEventChannels, type DashboardApi, type DashboardEvent, type DashboardEvents, type DashboardMethod, type DashboardSubscriptions } from '../../proxy/src/contract';
import { codeForStatus, ContractError, ELECTRON_PREFIX, fromRemoteError, isContractErrorCode, type ContractErrorCode } from '../../proxy/src/contract/errors';
import { httpMethods, type HttpRequest } from '../../proxy/src/contract/http-routes';

export { ContractError, type ContractErrorCode };

/** DashboardApi plus the push subscriptions when the transport has them (IPC always; HTTP when EventSource exists). */
export type DashboardClient = DashboardApi & Partial<DashboardSubscriptions>;

declare global {
  interface Window {
    /** Exposed by main/preload.ts through contextBridge; absent in a plain browser. */
    dashboard?: DashboardClient;
  }
}

const methodNames = Object.keys(httpMethods) as DashboardMethod[];
const eventNames = Object.keys(dashboardEventChannels) as DashboardEvent[];
const subscriptionName = (event: DashboardEvent): keyof DashboardSubscriptions =>
  `on${event[0]!.toUpperCase()}${event.slice(1)}` as keyof DashboardSubscriptions;

export function resolveApi(): DashboardClient {
  return window.dashboard ? ipcApi(window.dashboard) : httpApi();
}

/**
 * The bridge with its rejections decoded: contextBridge keeps only an error's message, and main puts the code in
 * it (ContractError's wire form), so each method rethrows the ContractError main threw. Subscriptions pass through.
 */
export function ipcApi(bridge: DashboardClient): DashboardClient {
  const client: Record<string, unknown> = {};
  for (const m of methodNames) {
    const call = bridge[m] as (...a: unknown[]) => Promise<unknown>;
    client[m] = (...args: unknown[]) => call(...args).catch((e: unknown) => Promise.reject(fromRemoteError(e)));
  }
  for (const e of eventNames) {
    const name = subscriptionName(e);
    if (typeof bridge[name] === 'function') client[name] = bridge[name];
  }
  // Every contract method was set above (methodNames is the table's key list, typed as the full DashboardApi).
  return client as unknown as DashboardClient;
}

/** An HTTP error from /api: a ContractError (the server's code, else the status's) that also keeps the status. */
export class ApiError extends ContractError {
  constructor(
    message: string,
    readonly status: number,
    code: ContractErrorCode = codeForStatus(status),
  ) {
    super(code, message);
    this.name = 'ApiError';
  }
}

/** Pulls the code and a human message out of the usual error shapes: {error:{code,message}}, {error:"…"}, {message:"…"}. */
function serverError(body: unknown): { code?: ContractErrorCode; message: string | null } {
  if (typeof body !== 'object' || body === null) return { message: null };
  const { error, message } = body as { error?: unknown; message?: unknown };
  if (typeof error === 'object' && error !== null) {
    const inner = error as { message?: unknown; code?: unknown };
    const code = isContractErrorCode(inner.code) ? inner.code : undefined;
    if (typeof inner.message === 'string' && inner.message) return { code, message: inner.message };
  }
  if (typeof error === 'string' && error) return { message: error };
  if (typeof message === 'string' && message) return { message };
  return { message: null };
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The part of EventSource the client uses (tests pass a fake). */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface HttpApiOptions {
  fetch?: FetchLike;
  /** Opens the SSE stream; return null when unavailable (the dashboard then polls). Default: window.EventSource. */
  eventSource?: ((url: string) => EventSourceLike) | null;
}

const defaultEventSource = (): ((url: string) => EventSourceLike) | null =>
  typeof EventSource === 'function' ? (url) => new EventSource(url) : null;

/**
 * The push events over one shared SSE connection (`GET /api/events`), opened on the first subscription and
 * closed after the last one ends. EventSource reconnects by itself.
 */
function sseSubscriptions(url: string, open: (url: string) => EventSourceLike): DashboardSubscriptions {
  const listeners = new Map<DashboardEvent, Set<(payload: unknown) => void>>(eventNames.map((e) => [e, new Set()]));
  let source: EventSourceLike | null = null;
  const total = (): number => [...listeners.values()].reduce((n, s) => n + s.size, 0);

  const connect = (): void => {
    if (source) return;
    const s = open(url);
    source = s;
    for (const event of eventNames) {
      s.addEventListener(event, (msg) => {
        let payload: unknown;
        try {
          payload = JSON.parse(msg.data);
        } catch {
          return; // a malformed frame is the server's bug; the next one will do
        }
        for (const l of listeners.get(event)!) l(payload);
      });
    }
  };

  function subscribe<K extends DashboardEvent>(event: K, listener: (payload: DashboardEvents[K]) => void): () => void {
    const set = listeners.get(event)!;
    const l = listener as (payload: unknown) => void;
    set.add(l);
    connect();
    return () => {
      set.delete(l);
      if (total() === 0 && source) {
        source.close();
        source = null;
      }
    };
  }

  return { onChanged: (l) => subscribe('changed', l), onRecord: (l) => subscribe('record', l), onHeartbeat: (l) => subscribe('heartbeat', l) };
}

/**
 * DashboardApi over the CLI's JSON API: each method's request comes from the contract table (verb, path, body).
 * Every failure becomes a ContractError (ApiError) with a readable message and the server's code.
 */
export function httpApi(base = '', options: HttpApiOptions | FetchLike = {}): DashboardClient {
  const opts: HttpApiOptions = typeof options === 'function' ? { fetch: options } : options;
  const fetchImpl: FetchLike = opts.fetch ?? ((input, init) => fetch(input, init));

  async function call({ verb, path: relative, body }: HttpRequest): Promise<unknown> {
    const path = `/api${relative}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    const init: RequestInit = { method: verb, headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }

    let res: Response;
    try {
      res = await fetchImpl(`${base}${path}`, init);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new ContractError('unavailable', `Cannot reach the proxy (${detail})`);
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
      const server = serverError(data);
      const message = server.message ?? plain ?? `${verb} ${path} failed (HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''})`;
      throw new ApiError(message, res.status, server.code);
    }
    if (data === undefined) throw new ApiError(`${verb} ${path}: the proxy sent no JSON`, res.status, 'internal');
    return data;
  }

  const api: Record<string, unknown> = {};
  for (const m of methodNames) {
    const request = httpMethods[m].request as (...a: unknown[]) => HttpRequest;
    api[m] = (...args: unknown[]) => call(request(...args));
  }
  const open = opts.eventSource === undefined ? defaultEventSource() : opts.eventSource;
  // Every contract method was set above from the table, which is typed as the full DashboardApi.
  const client = api as unknown as DashboardApi;
  return open ? { ...client, ...sseSubscriptions(`${base}/api/events`, open) } : client;
}

/**
 * A message fit for the user. Electron prefixes errors thrown in main handlers with
 * "Error invoking remote method 'dashboard:x': ContractError[code]: "; that prefix is noise to a user.
 */
export function errorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  return raw.replace(ELECTRON_PREFIX, '') || 'Something went wrong';
}
