/**
 * How the dashboard reaches the proxy core: the preload bridge in the app (window.dashboard, IPC), or the HTTP
 * API of the headless CLI in a browser (fetch /api + SSE /api/events). Both implement the one DashboardApi
 * contract; the renderer imports nothing but its types.
 */
import type {
  AccountSummary,
  ClaudeConfigResult,
  ClaudeConfigStatus,
  CompatReport,
  DashboardApi,
  DashboardEvents,
  DashboardSubscriptions,
  DeviceLoginStart,
  DoctorFixResult,
  DoctorReport,
  LaneStats,
  LoginStart,
  LoginState,
  ModelsView,
  ProxyStatus,
  RequestRecord,
  StatuslineData,
} from '../../proxy/src/contract';

/** DashboardApi plus the push subscriptions when the transport has them (IPC always; HTTP when EventSource exists). */
export type DashboardClient = DashboardApi & Partial<DashboardSubscriptions>;

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
  const listeners: { [K in keyof DashboardEvents]: Set<(payload: DashboardEvents[K]) => void> } = {
    changed: new Set(),
    record: new Set(),
  };
  let source: EventSourceLike | null = null;
  const total = (): number => listeners.changed.size + listeners.record.size;

  const connect = (): void => {
    if (source) return;
    const s = open(url);
    source = s;
    for (const event of ['changed', 'record'] as const) {
      s.addEventListener(event, (msg) => {
        let payload: unknown;
        try {
          payload = JSON.parse(msg.data);
        } catch {
          return; // a malformed frame is the server's bug; the next one will do
        }
        for (const l of listeners[event]) (l as (p: unknown) => void)(payload);
      });
    }
  };

  function subscribe<K extends keyof DashboardEvents>(event: K, listener: (payload: DashboardEvents[K]) => void): () => void {
    const set = listeners[event] as Set<(payload: DashboardEvents[K]) => void>;
    set.add(listener);
    connect();
    return () => {
      set.delete(listener);
      if (total() === 0 && source) {
        source.close();
        source = null;
      }
    };
  }

  return { onChanged: (l) => subscribe('changed', l), onRecord: (l) => subscribe('record', l) };
}

const enc = encodeURIComponent;

/**
 * DashboardApi over the CLI's JSON API (every method has a route; test/unit/main/contract-coverage.test.ts
 * checks them against the real express app). Every failure becomes an Error with a readable message.
 */
export function httpApi(base = '', options: HttpApiOptions | FetchLike = {}): DashboardClient {
  const opts: HttpApiOptions = typeof options === 'function' ? { fetch: options } : options;
  const fetchImpl: FetchLike = opts.fetch ?? ((input, init) => fetch(input, init));

  async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
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

  const api: DashboardApi = {
    getStatus: () => call<ProxyStatus>('GET', '/api/status'),
    listAccounts: () => call<AccountSummary[]>('GET', '/api/accounts'),
    switchAccount: (id) => call<ProxyStatus>('POST', '/api/accounts/switch', { id }),
    setEnabled: (enabled) => call<ProxyStatus>('POST', '/api/enabled', { enabled }),
    getLaneStats: () => call<LaneStats>('GET', '/api/stats'),
    listRequests: (limit) => call<RequestRecord[]>('GET', limit === undefined ? '/api/requests' : `/api/requests?limit=${enc(String(limit))}`),
    getModels: () => call<ModelsView>('GET', '/api/models'),
    startLogin: (mode) => call<LoginStart>('POST', '/api/accounts/login', { mode }),
    startDeviceLogin: () => call<DeviceLoginStart>('POST', '/api/accounts/login/device', {}),
    loginStatus: (loginId) => call<LoginState>('GET', `/api/accounts/login/${enc(loginId)}`),
    completeLogin: (pasted) => call<AccountSummary>('POST', '/api/accounts/login/complete', { input: pasted }),
    importCodexAccount: (file) => call<AccountSummary>('POST', '/api/accounts/import', file === undefined ? {} : { file }),
    removeAccount: (id) => call<AccountSummary[]>('DELETE', `/api/accounts/${enc(id)}`),
    setAccountDisabled: (id, disabled) => call<AccountSummary[]>('POST', `/api/accounts/${enc(id)}/${disabled ? 'disable' : 'enable'}`, {}),
    refreshAccount: (id) => call<AccountSummary>('POST', `/api/accounts/${enc(id)}/refresh`, {}),
    refreshAllAccounts: () => call<AccountSummary[]>('POST', '/api/accounts/refresh', {}),
    refreshQuota: (id) => call<AccountSummary[]>('POST', '/api/accounts/quota/refresh', id === undefined ? {} : { id }),
    getClaudeConfig: () => call<ClaudeConfigStatus>('GET', '/api/claude/config'),
    configureClaude: (o) => call<ClaudeConfigResult>('POST', '/api/claude/config/proxy', o),
    useClaudeDirect: (o) => call<ClaudeConfigResult>('POST', '/api/claude/config/direct', o),
    revertClaudeConfig: (o) => call<ClaudeConfigResult>('POST', '/api/claude/config/revert', o),
    runDoctor: () => call<DoctorReport>('GET', '/api/doctor'),
    applyDoctorFix: (findingId) => call<DoctorFixResult>('POST', '/api/doctor/fix', { id: findingId }),
    undoDoctorFix: (changeId, o) => call<{ changeId: string; files: string[] }>('POST', '/api/doctor/undo', { changeId, ...o }),
    getCompat: () => call<CompatReport>('GET', '/api/compat'),
    getStatusline: () => call<StatuslineData>('GET', '/api/statusline'),
  };

  const open = opts.eventSource === undefined ? defaultEventSource() : opts.eventSource;
  return open ? { ...api, ...sseSubscriptions(`${base}/api/events`, open) } : api;
}

/**
 * A message fit for the user. Electron prefixes errors thrown in main handlers with
 * "Error invoking remote method 'dashboard:x': Error: "; that prefix is noise to a user.
 */
export function errorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  return raw.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '') || 'Something went wrong';
}
