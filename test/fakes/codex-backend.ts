/**
 * A strict fake of the ChatGPT Codex backend + OpenAI OAuth issuer (spec: /work/shared/specs/codex-backend.md §11).
 * Plain http on 127.0.0.1, random port; it never contacts any other address.
 *
 * Routes:
 *   POST /backend-api/codex/responses      validate (rules 1–12) → scenario (SSE or HTTP error), x-codex-* headers
 *   GET  /backend-api/codex/models         catalog (auth required)
 *   GET  /backend-api/wham/usage           quota (§8.2, auth required)
 *   GET  /backend-api/wham/accounts/check  workspace routing (auth required)
 *   POST /oauth/token                      refresh_token (rotating) and authorization_code grants
 *   GET  /oauth/authorize                  302 to redirect_uri with a code for the "logged-in" account
 *   POST /api/accounts/deviceauth/usercode device code (§2.6); POST …/deviceauth/token: 403 pending, then 200
 *   anything else                          404 JSON
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { defaultCatalog, compareVersions, type ModelInfo } from './codex-catalog.js';
import { defaultResponder } from './codex-responder.js';
import { buildStream, formatSse, type BuildContext, type Scenario, type SseEvent, type StreamScenario } from './codex-sse.js';
import { validateResponsesRequest, type ValidationResult } from './codex-validate.js';
import { CODEX_CLIENT_ID, OPENAI_ISSUER, makeAccessToken, makeIdToken } from './jwt.js';

export type { ModelInfo, ReasoningLevelInfo } from './codex-catalog.js';
export { defaultCatalog } from './codex-catalog.js';
export type { OutputSpec, Scenario, StreamScenario, StreamEnd, SseEvent } from './codex-sse.js';
export { buildStream, formatSse, splitChunks } from './codex-sse.js';
export { validateResponsesRequest } from './codex-validate.js';
export type { ValidateContext, ValidationResult, ValidationFailure } from './codex-validate.js';
export { defaultResponder, fillSchema, DEFAULT_REPLY } from './codex-responder.js';
export { decodeJwtPayload, makeJwt, CODEX_CLIENT_ID } from './jwt.js';

export interface FakeAccount {
  accountId: string;
  userId: string;
  email: string;
  plan: string;
}
export interface IssuedTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: number /* unix s */;
}
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  accountId?: string;
  status: number;
  rejected?: string /* validation message when rejected */;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the brief's API: responders read arbitrary request JSON
export type Responder = (req: { body: any; account: FakeAccount; index: number }) => Scenario;

/** Quota state of one account, reflected in x-codex-* headers, /wham/usage and codex.rate_limits. */
export interface FakeQuota {
  primaryUsedPercent: number;
  primaryWindowMinutes: number;
  primaryResetAt: number;
  secondaryUsedPercent: number;
  secondaryWindowMinutes: number;
  secondaryResetAt: number;
  activeLimit: string;
  hasCredits: boolean;
  unlimited: boolean;
  balance: string;
}

export interface FakeCodex {
  url: string;
  codexBaseUrl: string;
  chatgptBaseUrl: string;
  issuerUrl: string;
  addAccount(a?: Partial<FakeAccount> & { accessTtlSec?: number }): { account: FakeAccount; tokens: IssuedTokens };
  /** Script the next N answers for an account (FIFO); when the queue is empty the default responder answers. */
  enqueue(accountId: string, ...scenarios: Scenario[]): void;
  setResponder(r: Responder): void;
  /** Makes the account's current access token(s) answer 401 (token_expired). */
  expireAccessToken(accountId: string): void;
  requests: RecordedRequest[];
  refreshCalls: number;
  closedEarly: number;
  waitForClosedEarly(n?: number, timeoutMs?: number): Promise<void>;
  catalog: ModelInfo[];
  /** Input reasoning items accepted under rule 11 (encrypted_content issued by this fake to this account). */
  reasoningReplays: number;
  /** Extension: adjust an account's quota state. */
  setQuota(accountId: string, q: Partial<FakeQuota>): void;
  /** Extension: the account that GET /oauth/authorize "logs in" (default: the last added account). */
  setAuthorizeAccount(accountId: string): void;
  /** Extension: refresh grants answered with refresh_token_reused (a superseded token was replayed). */
  refreshReused: number;
  /** Extension: lifetime of access tokens issued from now on for the account. */
  setAccessTtl(accountId: string, seconds: number): void;
  /** Extension: device codes issued and not yet approved. */
  pendingDeviceCodes(): string[];
  /** Extension: the user approves a device code (signs in as `accountId`, default: the authorize account). */
  approveDeviceCode(userCode: string, accountId?: string): void;
  /** Extension: the `interval` (seconds, as a string like the real issuer) of device-code answers. Default "1". */
  deviceInterval: string;
  /** Extension: handles WebSocket upgrades (test/fakes/codex-ws.ts); null → 404 like a backend without WS. */
  setUpgradeHandler(h: UpgradeHandler | null): void;
  /** Extension: the fake's accounts, tokens, validator and scenarios, shared with the WebSocket endpoint. */
  internals: FakeCodexInternals;
  close(): Promise<void>;
}

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
export type AuthCheck =
  | { ok: true; account: FakeAccount }
  | { ok: false; status: number; body: unknown; message: string; headers: Record<string, string> };

export interface FakeCodexInternals {
  /** Rules 1–2 on a lower-cased header bag: the account, or the HTTP answer the backend would give. */
  authenticate(headers: Record<string, string>): AuthCheck;
  quotaHeaders(accountId: string): Record<string, string>;
  /** Rules 3–12 with this account's issued reasoning; counts accepted reasoning replays. */
  validate(body: unknown, accountId: string): ValidationResult;
  /** The next scripted scenario of the account (FIFO), else the responder's; advances the request index. */
  nextScenario(accountId: string, body: unknown): Scenario;
  /** buildStream context for this account and body (reasoning registration, codex.rate_limits payload). */
  streamContext(accountId: string, body: Record<string, unknown>): BuildContext;
  /** Puts the account at its usage limit; returns resets_at (unix s). */
  reachUsageLimit(accountId: string, resetsInSeconds: number): number;
  catalogEtag(): string;
  /** Request headers as recorded (lower-cased, joined). */
  flatHeaders(req: IncomingMessage): Record<string, string>;
}

interface AccountState {
  account: FakeAccount;
  accessTtlSec: number;
  queue: Scenario[];
  quota: FakeQuota;
}
interface AccessRec {
  accountId: string;
  exp: number;
  revoked: boolean;
}
interface DeviceRec {
  deviceAuthId: string;
  userCode: string;
  approvedFor?: string;
  polls: number;
}
interface AuthCodeRec {
  accountId: string;
  redirectUri: string;
  codeChallenge?: string;
  used: boolean;
}

const nowSec = (): number => Math.floor(Date.now() / 1000);
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A Codex ~/.codex/auth.json (spec §3). */
export function makeCodexAuthJson(tokens: IssuedTokens, account: FakeAccount): object {
  return {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: {
      id_token: tokens.idToken,
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      account_id: account.accountId,
      oauth_provenance: { issuer: OPENAI_ISSUER, client_id: CODEX_CLIENT_ID },
      login_owner_id: `owner-${account.userId}`,
    },
    last_refresh: new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z'),
  };
}

export async function startFakeCodex(opts: { requireInstructions?: boolean } = {}): Promise<FakeCodex> {
  const requireInstructions = opts.requireInstructions ?? true;
  const accounts = new Map<string, AccountState>();
  const accessTokens = new Map<string, AccessRec>();
  const refreshTokens = new Map<string, { accountId: string; state: 'active' | 'superseded' }>();
  const authCodes = new Map<string, AuthCodeRec>();
  const deviceCodes = new Map<string, DeviceRec>();
  const issuedReasoning = new Map<string, string>();
  const inflight = new Set<AbortController>();
  let responder: Responder = defaultResponder;
  let responsesIndex = 0;
  let accountSeq = 0;
  let authorizeAccountId: string | undefined;
  let closing = false;

  const issueTokens = (st: AccountState): IssuedTokens & { expiresIn: number } => {
    const now = nowSec();
    const accessToken = makeAccessToken(st.account, now, st.accessTtlSec);
    accessTokens.set(accessToken, { accountId: st.account.accountId, exp: now + st.accessTtlSec, revoked: false });
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    refreshTokens.set(refreshToken, { accountId: st.account.accountId, state: 'active' });
    return {
      idToken: makeIdToken(st.account, now),
      accessToken,
      refreshToken,
      expiresAt: now + st.accessTtlSec,
      expiresIn: st.accessTtlSec,
    };
  };

  const quotaHeaders = (st: AccountState): Record<string, string> => {
    const q = st.quota;
    const now = nowSec();
    return {
      'x-codex-primary-used-percent': String(q.primaryUsedPercent),
      'x-codex-primary-window-minutes': String(q.primaryWindowMinutes),
      'x-codex-primary-reset-at': String(q.primaryResetAt),
      'x-codex-primary-reset-after-seconds': String(Math.max(0, q.primaryResetAt - now)),
      'x-codex-secondary-used-percent': String(q.secondaryUsedPercent),
      'x-codex-secondary-window-minutes': String(q.secondaryWindowMinutes),
      'x-codex-secondary-reset-at': String(q.secondaryResetAt),
      'x-codex-secondary-reset-after-seconds': String(Math.max(0, q.secondaryResetAt - now)),
      'x-codex-primary-over-secondary-limit-percent': '0',
      'x-codex-active-limit': q.activeLimit,
      'x-codex-plan-type': st.account.plan,
      'x-codex-credits-has-credits': q.hasCredits ? 'True' : 'False',
      'x-codex-credits-unlimited': q.unlimited ? 'True' : 'False',
      'x-codex-credits-balance': q.balance,
    };
  };

  const windowJson = (used: number, minutes: number, resetAt: number): Record<string, number> => ({
    used_percent: Math.round(used),
    limit_window_seconds: minutes * 60,
    reset_after_seconds: Math.max(0, resetAt - nowSec()),
    reset_at: resetAt,
  });

  const send = (
    res: ServerResponse,
    rec: RecordedRequest,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    rec.status = status;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': randomUUID(), ...headers });
    res.end(text);
  };

  const reject = (
    res: ServerResponse,
    rec: RecordedRequest,
    status: number,
    body: unknown,
    message: string,
    headers: Record<string, string> = {},
  ): void => {
    rec.rejected = message;
    send(res, rec, status, body, headers);
  };

  /** Rules 1–2. Returns the account, or answers the request and returns undefined. */
  /** Rules 1–2 on a header bag (shared by HTTP and the WebSocket handshake). */
  const authCheck = (headers: Record<string, string>): { st?: AccountState; fail?: Exclude<AuthCheck, { ok: true }> } => {
    const fail = (status: number, body: unknown, message: string, h: Record<string, string> = {}) => ({
      fail: { ok: false as const, status, body, message, headers: h },
    });
    const auth = headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m || !m[1]) {
      const message = 'Missing bearer or basic authentication in header';
      return fail(401, { error: { message, type: 'invalid_request_error', param: null, code: null } }, message);
    }
    const tok = accessTokens.get(m[1]);
    if (!tok) {
      const message = 'Could not parse your authentication token. Please try signing in again.';
      return fail(401, { error: { message, type: 'invalid_request_error', param: null, code: 'invalid_token' } }, message, {
        'x-openai-authorization-error': 'invalid_token',
      });
    }
    const st = accounts.get(tok.accountId);
    if (!st) return {}; // unreachable: tokens are only issued for known accounts
    if (tok.revoked || tok.exp <= nowSec()) {
      const message = 'Provided authentication token is expired. Please try signing in again.';
      return { st, ...fail(401, { error: { message, type: 'invalid_request_error', param: null, code: 'token_expired' } }, message, {
        'x-openai-authorization-error': 'token_expired',
        ...quotaHeaders(st),
      }) };
    }
    const hdrAccount = headers['chatgpt-account-id'];
    if (hdrAccount !== tok.accountId) {
      const message =
        hdrAccount === undefined
          ? 'Missing chatgpt-account-id header'
          : `chatgpt-account-id '${hdrAccount}' does not match the authenticated account`;
      return { st, ...fail(403, { detail: message }, message, quotaHeaders(st)) };
    }
    return { st };
  };

  /** Rules 1–2. Returns the account, or answers the request and returns undefined. */
  const authenticate = (_req: IncomingMessage, res: ServerResponse, rec: RecordedRequest): AccountState | undefined => {
    const r = authCheck(rec.headers);
    if (r.st) rec.accountId = r.st.account.accountId;
    if (r.fail) {
      reject(res, rec, r.fail.status, r.fail.body, r.fail.message, r.fail.headers);
      return undefined;
    }
    return r.st;
  };

  // --------------------------------------------------------------------------------------- /responses

  const streamContext = (st: AccountState, body: Record<string, unknown>): BuildContext => {
    const q = st.quota;
    return {
      model: typeof body.model === 'string' ? body.model : 'unknown',
      request: body,
      inputTokens: Math.max(1, Math.ceil(JSON.stringify(body.input ?? []).length / 4) + Math.ceil(String(body.instructions ?? '').length / 4)),
      registerReasoning: (blob) => issuedReasoning.set(blob, st.account.accountId),
      rateLimits: {
        plan_type: st.account.plan,
        rate_limits: {
          primary: { used_percent: q.primaryUsedPercent, window_minutes: q.primaryWindowMinutes, reset_at: q.primaryResetAt },
          secondary: { used_percent: q.secondaryUsedPercent, window_minutes: q.secondaryWindowMinutes, reset_at: q.secondaryResetAt },
        },
        credits: { has_credits: q.hasCredits, unlimited: q.unlimited, balance: q.balance },
        limit_name: q.activeLimit,
      },
    };
  };

  const reachUsageLimit = (st: AccountState, resetsIn: number): number => {
    const resetsAt = nowSec() + resetsIn;
    st.quota.primaryUsedPercent = 100;
    st.quota.primaryResetAt = resetsAt;
    return resetsAt;
  };

  const playStream = async (
    res: ServerResponse,
    rec: RecordedRequest,
    st: AccountState,
    scenario: StreamScenario,
    body: Record<string, unknown>,
  ): Promise<void> => {
    const built = buildStream(scenario, streamContext(st, body));
    const ac = new AbortController();
    inflight.add(ac);
    let finished = false;
    res.on('close', () => {
      if (!finished) {
        finished = true;
        if (!closing) fake.closedEarly++;
        ac.abort();
      }
    });
    rec.status = 200;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-request-id': randomUUID(),
      'openai-model': String(body.model),
      'x-reasoning-included': 'true',
      'x-codex-turn-state': `fake-turn-state-${randomBytes(6).toString('hex')}`,
      'x-models-etag': catalogEtag(),
      ...quotaHeaders(st),
    });
    res.flushHeaders();

    const delay = scenario.delayMs ?? 0;
    const write = async (e: SseEvent): Promise<boolean> => {
      if (ac.signal.aborted) return false;
      res.write(formatSse(e));
      if (delay > 0) await sleep(delay, ac.signal);
      return !ac.signal.aborted;
    };
    try {
      for (const e of built.preamble) if (!(await write(e))) return;
      if (scenario.stallMs) {
        await sleep(scenario.stallMs, ac.signal);
        if (ac.signal.aborted) return;
      }
      const end = scenario.end ?? 'completed';
      const itemLimit = end === 'cut' ? (scenario.cutAfterItems ?? built.items.length) : built.items.length;
      for (const evs of built.items.slice(0, itemLimit)) for (const e of evs) if (!(await write(e))) return;
      if (end === 'cut') {
        finished = true;
        // Close the connection without the terminating chunk and without a terminal event.
        res.socket?.end();
        return;
      }
      if (built.terminal) await write(built.terminal);
      if (ac.signal.aborted) return;
      finished = true;
      res.end();
    } finally {
      inflight.delete(ac);
    }
  };

  const handleResponses = async (req: IncomingMessage, res: ServerResponse, rec: RecordedRequest, raw: Buffer): Promise<void> => {
    const st = authenticate(req, res, rec);
    if (!st) return;
    const qh = quotaHeaders(st);
    const enc = rec.headers['content-encoding'];
    if (enc && enc !== 'identity') {
      const message = `Unsupported content-encoding: ${enc}`;
      return reject(res, rec, 415, { detail: message }, message, qh);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
      rec.body = body;
    } catch {
      const message = 'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.';
      return reject(res, rec, 400, { error: { message, type: 'invalid_request_error', param: null, code: null } }, message, qh);
    }
    const v = validateResponsesRequest(body, {
      catalog: fake.catalog,
      issuedReasoning,
      accountId: st.account.accountId,
      requireInstructions,
    });
    if (!v.ok) return reject(res, rec, v.status, v.body, v.message, qh);
    fake.reasoningReplays += v.reasoningReplays;

    const index = responsesIndex++;
    const scenario = st.queue.shift() ?? responder({ body, account: st.account, index });
    const obj = body as Record<string, unknown>;
    switch (scenario.kind) {
      case 'http':
        return send(res, rec, scenario.status, scenario.body, { ...qh, ...(scenario.headers ?? {}) });
      case 'usage_limit': {
        const resetsIn = scenario.resetsInSeconds ?? 3600;
        const resetsAt = reachUsageLimit(st, resetsIn);
        return send(
          res,
          rec,
          429,
          {
            error: {
              type: 'usage_limit_reached',
              message: 'The usage limit has been reached',
              plan_type: st.account.plan,
              resets_at: resetsAt,
              eligible_promo: null,
              resets_in_seconds: resetsIn,
            },
          },
          { ...quotaHeaders(st), 'x-codex-rate-limit-reached-type': 'rate_limit_reached' },
        );
      }
      case 'rate_limited': {
        const after = scenario.retryAfter ?? 1;
        return send(
          res,
          rec,
          429,
          {
            error: {
              code: 'rate_limit_exceeded',
              type: 'rate_limit_exceeded',
              message: `Rate limit reached. Please try again in ${after}s.`,
            },
          },
          { ...qh, 'retry-after': String(after) },
        );
      }
      case 'overloaded':
        return send(
          res,
          rec,
          503,
          { error: { code: 'server_is_overloaded', type: 'server_error', message: 'Our servers are currently overloaded. Please try again later.' } },
          qh,
        );
      case 'stream':
        return playStream(res, rec, st, scenario, obj);
      default:
        return send(res, rec, 500, { detail: 'fake: unknown scenario' });
    }
  };

  // --------------------------------------------------------------------------------------- other routes

  const catalogEtag = (): string =>
    `W/"${createHash('sha256').update(JSON.stringify(fake.catalog)).digest('hex').slice(0, 16)}"`;

  const handleModels = (req: IncomingMessage, res: ServerResponse, rec: RecordedRequest, url: URL): void => {
    const st = authenticate(req, res, rec);
    if (!st) return;
    const cv = url.searchParams.get('client_version');
    const models = fake.catalog.filter(
      (m) => !cv || !m.minimal_client_version || compareVersions(cv, m.minimal_client_version) >= 0,
    );
    send(res, rec, 200, { models }, { etag: catalogEtag() });
  };

  const handleUsage = (req: IncomingMessage, res: ServerResponse, rec: RecordedRequest): void => {
    const st = authenticate(req, res, rec);
    if (!st) return;
    const q = st.quota;
    const reached = q.primaryUsedPercent >= 100 || q.secondaryUsedPercent >= 100;
    send(res, rec, 200, {
      plan_type: st.account.plan,
      rate_limit: {
        allowed: !reached,
        limit_reached: reached,
        primary_window: windowJson(q.primaryUsedPercent, q.primaryWindowMinutes, q.primaryResetAt),
        secondary_window: windowJson(q.secondaryUsedPercent, q.secondaryWindowMinutes, q.secondaryResetAt),
      },
      credits: { has_credits: q.hasCredits, unlimited: q.unlimited, balance: q.balance, approx_local_messages: null, approx_cloud_messages: null },
      additional_rate_limits: [],
      rate_limit_reached_type: reached ? { type: 'rate_limit_reached' } : null,
    });
  };

  const handleAccountsCheck = (req: IncomingMessage, res: ServerResponse, rec: RecordedRequest): void => {
    const st = authenticate(req, res, rec);
    if (!st) return;
    const id = st.account.accountId;
    send(res, rec, 200, {
      accounts: [
        {
          id,
          account_id: id,
          plan_type: st.account.plan,
          workspace_backend_origin: 'NO_CONSTRAINT',
          account_routing_override: 'NO_CONSTRAINT',
          name: null,
          profile_picture_url: null,
          structure: 'personal',
        },
      ],
      account_ordering: [id],
      default_account_id: id,
    });
  };

  const tokenResponse = (st: AccountState): Record<string, unknown> => {
    const t = issueTokens(st);
    return {
      id_token: t.idToken,
      access_token: t.accessToken,
      refresh_token: t.refreshToken,
      expires_in: t.expiresIn,
      token_type: 'Bearer',
      scope: 'openid profile email offline_access',
    };
  };

  const oauthError = (res: ServerResponse, rec: RecordedRequest, status: number, error: string, description: string): void =>
    reject(res, rec, status, { error, error_description: description }, description);

  const handleToken = (res: ServerResponse, rec: RecordedRequest, raw: Buffer): void => {
    const ct = rec.headers['content-type'] ?? '';
    let params: Record<string, unknown>;
    try {
      if (ct.includes('application/json')) {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        params = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
      } else {
        params = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
      }
    } catch {
      return oauthError(res, rec, 400, 'invalid_request', 'Could not parse the request body');
    }
    rec.body = params;
    const grant = params.grant_type;
    if (grant === 'refresh_token') fake.refreshCalls++;
    if (params.client_id !== CODEX_CLIENT_ID) return oauthError(res, rec, 401, 'invalid_client', 'Unknown or missing client_id');

    if (grant === 'refresh_token') {
      const rt = typeof params.refresh_token === 'string' ? refreshTokens.get(params.refresh_token) : undefined;
      if (!rt) {
        const message = 'Your refresh token has been invalidated. Please try signing in again.';
        return reject(res, rec, 401, { error: { message, type: 'invalid_request_error', param: null, code: 'refresh_token_invalidated' } }, message);
      }
      rec.accountId = rt.accountId;
      if (rt.state === 'superseded') {
        const message = 'Your refresh token has already been used to generate a new access token. Please try signing in again.';
        fake.refreshReused++;
        return reject(res, rec, 401, { error: { message, type: 'invalid_request_error', param: null, code: 'refresh_token_reused' } }, message);
      }
      const st = accounts.get(rt.accountId);
      if (!st) return oauthError(res, rec, 401, 'invalid_grant', 'Unknown account');
      rt.state = 'superseded';
      return send(res, rec, 200, tokenResponse(st));
    }
    if (grant === 'authorization_code') {
      const code = typeof params.code === 'string' ? authCodes.get(params.code) : undefined;
      if (!code || code.used) return oauthError(res, rec, 400, 'invalid_grant', 'Invalid or expired authorization code');
      if (params.redirect_uri !== code.redirectUri) return oauthError(res, rec, 400, 'invalid_grant', 'redirect_uri mismatch');
      if (code.codeChallenge !== undefined) {
        const verifier = typeof params.code_verifier === 'string' ? params.code_verifier : '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (challenge !== code.codeChallenge) return oauthError(res, rec, 400, 'invalid_grant', 'PKCE verification failed');
      }
      code.used = true;
      const st = accounts.get(code.accountId);
      if (!st) return oauthError(res, rec, 400, 'invalid_grant', 'Unknown account');
      rec.accountId = code.accountId;
      return send(res, rec, 200, tokenResponse(st));
    }
    return oauthError(res, rec, 400, 'unsupported_grant_type', `Unsupported grant_type: ${String(grant)}`);
  };

  const handleAuthorize = (res: ServerResponse, rec: RecordedRequest, url: URL): void => {
    const p = url.searchParams;
    const redirectUri = p.get('redirect_uri');
    if (p.get('client_id') !== CODEX_CLIENT_ID || p.get('response_type') !== 'code' || !redirectUri) {
      return oauthError(res, rec, 400, 'invalid_request', 'client_id, response_type=code and redirect_uri are required');
    }
    if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) {
      return oauthError(res, rec, 400, 'invalid_request', 'PKCE S256 is required');
    }
    const accountId = authorizeAccountId ?? [...accounts.keys()].pop();
    if (!accountId) return oauthError(res, rec, 400, 'access_denied', 'No account is logged in at the fake issuer');
    const code = `ac_${randomBytes(24).toString('base64url')}`;
    authCodes.set(code, { accountId, redirectUri, codeChallenge: p.get('code_challenge') ?? undefined, used: false });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('scope', p.get('scope') ?? 'openid profile email offline_access');
    const state = p.get('state');
    if (state !== null) target.searchParams.set('state', state);
    rec.accountId = accountId;
    rec.status = 302;
    res.writeHead(302, { location: target.toString() });
    res.end();
  };

  const jsonParams = (raw: Buffer): Record<string, unknown> => {
    try {
      const v: unknown = JSON.parse(raw.toString('utf8'));
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };

  const handleDeviceUserCode = (res: ServerResponse, rec: RecordedRequest, raw: Buffer): void => {
    const params = jsonParams(raw);
    if (params.client_id !== CODEX_CLIENT_ID) return oauthError(res, rec, 401, 'invalid_client', 'Unknown or missing client_id');
    const userCode = `${randomBytes(2).toString('hex').toUpperCase()}-${randomBytes(3).toString('hex').toUpperCase().slice(0, 5)}`;
    const deviceAuthId = `deviceauth_${randomBytes(12).toString('hex')}`;
    deviceCodes.set(userCode, { deviceAuthId, userCode, polls: 0 });
    send(res, rec, 200, { device_auth_id: deviceAuthId, user_code: userCode, usercode: userCode, interval: fake.deviceInterval });
  };

  const handleDeviceToken = (res: ServerResponse, rec: RecordedRequest, raw: Buffer): void => {
    const params = jsonParams(raw);
    const d = typeof params.user_code === 'string' ? deviceCodes.get(params.user_code) : undefined;
    if (!d || d.deviceAuthId !== params.device_auth_id) return send(res, rec, 404, { error: { code: 'deviceauth_not_found', message: 'Unknown device code' } });
    d.polls++;
    if (!d.approvedFor) return send(res, rec, 403, { error: { code: 'deviceauth_authorization_pending', message: 'Authorization pending' } });
    deviceCodes.delete(d.userCode);
    // The server makes the PKCE pair for the device flow.
    const verifier = randomBytes(64).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const code = `ac_${randomBytes(24).toString('base64url')}`;
    authCodes.set(code, { accountId: d.approvedFor, redirectUri: `${base}/deviceauth/callback`, codeChallenge: challenge, used: false });
    send(res, rec, 200, { authorization_code: code, code_challenge: challenge, code_verifier: verifier });
  };

  // --------------------------------------------------------------------------------------- server

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, headers: flatHeaders(req), body: undefined, status: 0 };
      fake.requests.push(rec);
      let raw: Buffer;
      try {
        raw = await readBody(req);
      } catch {
        return;
      }
      if (raw.length > 0 && rec.body === undefined) {
        const text = raw.toString('utf8');
        try {
          rec.body = JSON.parse(text);
        } catch {
          rec.body = text;
        }
      }
      const route = `${rec.method} ${url.pathname.replace(/\/+$/, '')}`;
      try {
        switch (route) {
          case 'POST /backend-api/codex/responses':
            return await handleResponses(req, res, rec, raw);
          case 'GET /backend-api/codex/models':
            return handleModels(req, res, rec, url);
          case 'GET /backend-api/wham/usage':
            return handleUsage(req, res, rec);
          case 'GET /backend-api/wham/accounts/check':
            return handleAccountsCheck(req, res, rec);
          case 'POST /oauth/token':
            return handleToken(res, rec, raw);
          case 'GET /oauth/authorize':
            return handleAuthorize(res, rec, url);
          case 'POST /api/accounts/deviceauth/usercode':
            return handleDeviceUserCode(res, rec, raw);
          case 'POST /api/accounts/deviceauth/token':
            return handleDeviceToken(res, rec, raw);
          default:
            return send(res, rec, 404, { detail: 'Not Found' });
        }
      } catch (e) {
        if (!res.headersSent) send(res, rec, 500, { detail: `fake error: ${(e as Error).message}` });
        else res.destroy();
      }
    })();
  });
  // WebSocket upgrades → the attached handler (codex-ws.ts), else 404, so real Codex falls back to HTTP.
  let upgradeHandler: UpgradeHandler | null = null;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (upgradeHandler) return upgradeHandler(req, socket, head);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    fake.requests.push({ method: 'UPGRADE', path: url.pathname, headers: flatHeaders(req), body: undefined, status: 404 });
    socket.end('HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: 22\r\n\r\n{"detail":"Not Found"}');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  const mustAccount = (accountId: string): AccountState => {
    const st = accounts.get(accountId);
    if (!st) throw new Error(`fake codex: unknown account ${accountId}`);
    return st;
  };

  const fake: FakeCodex = {
    url: base,
    codexBaseUrl: `${base}/backend-api/codex`,
    chatgptBaseUrl: `${base}/backend-api`,
    issuerUrl: base,
    requests: [],
    refreshCalls: 0,
    refreshReused: 0,
    deviceInterval: '1',
    closedEarly: 0,
    reasoningReplays: 0,
    catalog: defaultCatalog(),
    addAccount(a = {}) {
      accountSeq++;
      const suffix = randomBytes(4).toString('hex');
      const account: FakeAccount = {
        accountId: a.accountId ?? `acc-fake-${accountSeq}-${suffix}`,
        userId: a.userId ?? `user-fake-${accountSeq}-${suffix}`,
        email: a.email ?? `fake${accountSeq}@example.com`,
        plan: a.plan ?? 'plus',
      };
      if (accounts.has(account.accountId)) throw new Error(`fake codex: account ${account.accountId} already exists`);
      const now = nowSec();
      const st: AccountState = {
        account,
        accessTtlSec: a.accessTtlSec ?? 864_000,
        queue: [],
        quota: {
          primaryUsedPercent: 12.5,
          primaryWindowMinutes: 300,
          primaryResetAt: now + 3600,
          secondaryUsedPercent: 40,
          secondaryWindowMinutes: 10080,
          secondaryResetAt: now + 86400,
          activeLimit: 'codex',
          hasCredits: false,
          unlimited: false,
          balance: '0',
        },
      };
      accounts.set(account.accountId, st);
      const { expiresIn: _ignored, ...tokens } = issueTokens(st);
      return { account: { ...account }, tokens };
    },
    enqueue(accountId, ...scenarios) {
      const st = accounts.get(accountId);
      if (!st) throw new Error(`fake codex: unknown account ${accountId}`);
      st.queue.push(...scenarios);
    },
    setResponder(r) {
      responder = r;
    },
    expireAccessToken(accountId) {
      if (!accounts.has(accountId)) throw new Error(`fake codex: unknown account ${accountId}`);
      for (const rec of accessTokens.values()) if (rec.accountId === accountId) rec.revoked = true;
    },
    async waitForClosedEarly(n = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (fake.closedEarly < n) {
        if (Date.now() > deadline) throw new Error(`fake codex: closedEarly=${fake.closedEarly}, expected >= ${n} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    setQuota(accountId, q) {
      const st = accounts.get(accountId);
      if (!st) throw new Error(`fake codex: unknown account ${accountId}`);
      Object.assign(st.quota, q);
    },
    setAuthorizeAccount(accountId) {
      if (!accounts.has(accountId)) throw new Error(`fake codex: unknown account ${accountId}`);
      authorizeAccountId = accountId;
    },
    setAccessTtl(accountId, seconds) {
      const st = accounts.get(accountId);
      if (!st) throw new Error(`fake codex: unknown account ${accountId}`);
      st.accessTtlSec = seconds;
    },
    pendingDeviceCodes() {
      return [...deviceCodes.values()].filter((d) => !d.approvedFor).map((d) => d.userCode);
    },
    approveDeviceCode(userCode, accountId) {
      const d = deviceCodes.get(userCode);
      if (!d) throw new Error(`fake codex: unknown device code ${userCode}`);
      const who = accountId ?? authorizeAccountId ?? [...accounts.keys()].pop();
      if (!who || !accounts.has(who)) throw new Error('fake codex: no account to approve the device code for');
      d.approvedFor = who;
    },
    setUpgradeHandler(h) {
      upgradeHandler = h;
    },
    internals: {
      authenticate(headers) {
        const r = authCheck(headers);
        if (r.fail) return r.fail;
        if (!r.st) return { ok: false, status: 401, body: { detail: 'unknown account' }, message: 'unknown account', headers: {} };
        return { ok: true, account: { ...r.st.account } };
      },
      quotaHeaders: (accountId) => quotaHeaders(mustAccount(accountId)),
      validate(body, accountId) {
        const v = validateResponsesRequest(body, { catalog: fake.catalog, issuedReasoning, accountId, requireInstructions });
        if (v.ok) fake.reasoningReplays += v.reasoningReplays;
        return v;
      },
      nextScenario(accountId, body) {
        const st = mustAccount(accountId);
        const index = responsesIndex++;
        return st.queue.shift() ?? responder({ body, account: st.account, index });
      },
      streamContext: (accountId, body) => streamContext(mustAccount(accountId), body),
      reachUsageLimit: (accountId, resetsIn) => reachUsageLimit(mustAccount(accountId), resetsIn),
      catalogEtag: () => catalogEtag(),
      flatHeaders,
    },
    async close() {
      closing = true;
      for (const ac of inflight) ac.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
