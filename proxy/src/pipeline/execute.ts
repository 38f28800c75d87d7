/**
 * The shared Codex executor (docs/ARCHITECTURE.md §3): pick an account, route the model, translate, send with an
 * AbortSignal tied to the client, hold everything back until the first content event (the commit gate) so a
 * failure can still fail over to another account or become a proper HTTP error, then stream-translate with
 * keep-alive pings. After commit, a failure ends the stream with the dialect's error event.
 */
import type { CredentialProvider, Credentials } from '../accounts/credentials.js';
import type { AccountPool } from '../accounts/pool.js';
import type { AccountStore, StoredAccount } from '../accounts/store.js';
import { RefreshError } from '../accounts/token-client.js';
import type { CatalogModel, ModelCatalog } from '../codex/catalog.js';
import { postResponses, type UpstreamResponse } from '../codex/client.js';
import { classifyHttpError, isFailoverable, type ErrorMappingContext, type UpstreamFailure } from '../codex/errors.js';
import { parseResponsesStream } from '../codex/sse-parser.js';
import type { Logger } from '../logs/logger.js';
import type { RequestLog } from '../logs/request-log.js';
import { routeModel, type RouteDecision } from '../routing/router.js';
import type { Settings } from '../settings.js';
import { accountTag } from '../translate/thinking-signature.js';
import type { ClientSink, Dialect, PreparedRequest, TokenUsage } from './dialect.js';
import { newId } from './ids.js';
import { CommitGate, startWatchdog } from './commit-gate.js';

export interface PipelineDeps {
  store: AccountStore;
  credentials: CredentialProvider;
  pool: AccountPool;
  catalog: ModelCatalog;
  settings: () => Settings;
  codexBaseUrl: () => string;
  logger: Logger;
  requestLog: RequestLog;
  now: () => number;
  /** Observes upstream response headers (quota snapshots). */
  onUpstreamHeaders?: (accountId: string, headers: UpstreamResponse['headers']) => void;
  /** Observes, on every request, the parts the translator did not know and the client's beta values (compatibility sentinel). */
  onCompat?: (compat: { unknownFields: string[]; unknownBlockTypes: string[] }, betas: string[]) => void;
}

export interface ExecuteMeta {
  sessionId?: string;
  /** `anthropic-beta` values the client sent (names only, for the compatibility sentinel). */
  betas?: string[];
}

type AttemptResult =
  | { kind: 'done'; usage: TokenUsage; status: number; errorType?: string }
  | { kind: 'failed'; failure: UpstreamFailure }
  | { kind: 'aborted' };

const DEFAULT_COOLDOWN_MS = 5 * 60_000;

export async function executeOnCodex<E>(deps: PipelineDeps, dialect: Dialect<E>, meta: ExecuteMeta, sink: ClientSink<E>): Promise<void> {
  const started = deps.now();
  const tried = new Set<string>();
  const failures: UpstreamFailure[] = [];
  let lastRoute: RouteDecision | undefined;
  let lastCatalog: CatalogModel[] = [];
  let lastAccount: StoredAccount | undefined;
  let attempts = 0;

  const record = (status: number, outcome: 'ok' | 'error' | 'aborted', extra: { errorType?: string; usage?: TokenUsage } = {}) => {
    deps.requestLog.add({
      id: newId('req', 16),
      startedAt: started,
      durationMs: deps.now() - started,
      route: dialect.route,
      clientModel: dialect.clientModel,
      upstreamModel: lastRoute?.codexModel ?? null,
      accountId: lastAccount?.id ?? null,
      stream: dialect.stream,
      status,
      outcome,
      errorType: extra.errorType,
      attempts,
      inputTokens: extra.usage?.input ?? 0,
      outputTokens: extra.usage?.output ?? 0,
      cachedTokens: extra.usage?.cached ?? 0,
    });
  };

  const fail = (failure: UpstreamFailure) => {
    const ctx: ErrorMappingContext = {
      nowMs: deps.now(),
      accountLabel: lastAccount?.email ?? lastAccount?.id,
      contextWindow: lastRoute?.contextWindow,
      availableModels: lastCatalog.filter((m) => m.visible).map((m) => m.slug),
    };
    if (failure.kind === 'context_length') ctx.promptTokens = safeCount(dialect);
    const mapped = dialect.errorResponse(failure, ctx);
    deps.logger.warn({ kind: failure.kind, status: mapped.status, account: lastAccount?.id }, 'request failed before commit');
    sink.sendError(mapped);
    record(mapped.status, 'error', { errorType: mapped.type });
  };

  for (;;) {
    if (sink.signal.aborted) return record(499, 'aborted');
    const { accounts, activeId } = await deps.store.state();
    if (accounts.length === 0) {
      return fail({
        kind: 'no_account',
        message: 'No ChatGPT account is set up. Run `codex-claude-proxy accounts import` (or `accounts add`) first.',
      });
    }
    const account = deps.pool.pick({ accounts, activeId, exclude: tried, sessionId: meta.sessionId, nowMs: deps.now() });
    if (!account) return fail(finalFailure(failures, accounts, tried, deps.now()));
    tried.add(account.id);
    lastAccount = account;
    attempts++;

    const result = await attempt(deps, dialect, meta, sink, account, (r, c) => {
      lastRoute = r;
      lastCatalog = c;
    });
    if (result.kind === 'aborted') return record(499, 'aborted');
    if (result.kind === 'done') {
      deps.pool.remember(meta.sessionId, account.id);
      return record(result.status, result.errorType ? 'error' : 'ok', { usage: result.usage, errorType: result.errorType });
    }
    const { failure } = result;
    failures.push(failure);
    await noteAccountFailure(deps, account, failure);
    deps.logger.info({ kind: failure.kind, account: account.id, failover: isFailoverable(failure) }, 'upstream attempt failed');
    if (!isFailoverable(failure)) return fail(failure);
  }
}

function safeCount(dialect: Dialect<unknown>): number {
  try {
    return dialect.promptTokens();
  } catch {
    return 0;
  }
}

/** The error to show once no account is left: the most telling of what happened. */
export function finalFailure(failures: UpstreamFailure[], accounts: StoredAccount[], tried: Set<string>, nowMs: number): UpstreamFailure {
  const limits = failures.filter((f) => f.kind === 'usage_limit');
  if (failures.length > 0 && limits.length === failures.length) {
    const earliest = Math.min(...limits.map((f) => f.resetsAt ?? Infinity));
    return {
      ...limits[0]!,
      resetsAt: Number.isFinite(earliest) ? earliest : undefined,
      message: 'Every ChatGPT account has reached its usage limit',
    };
  }
  if (failures.length > 0) return failures[failures.length - 1]!;
  // Nothing was tried: every account is unusable right now.
  const untried = accounts.filter((a) => !tried.has(a.id));
  const cooling = untried.filter((a) => a.cooldownUntil !== null && a.cooldownUntil > nowMs && !a.disabled && !a.needsLogin);
  if (cooling.length > 0) {
    const until = Math.min(...cooling.map((a) => a.cooldownUntil!));
    return { kind: 'usage_limit', message: 'Every ChatGPT account has reached its usage limit', resetsAt: Math.ceil(until / 1000) };
  }
  const needsLogin = untried.find((a) => a.needsLogin);
  if (needsLogin) {
    return { kind: 'unauthorized', message: `The ChatGPT login of ${needsLogin.email ?? needsLogin.id} has expired (${needsLogin.needsLogin})` };
  }
  return { kind: 'no_account', message: 'Every ChatGPT account is disabled. Enable one with `codex-claude-proxy accounts enable <id>`.' };
}

async function noteAccountFailure(deps: PipelineDeps, account: StoredAccount, failure: UpstreamFailure): Promise<void> {
  if (failure.kind !== 'usage_limit' && failure.kind !== 'usage_not_included') return;
  const now = deps.now();
  const until =
    failure.resetsAt !== undefined
      ? failure.resetsAt * 1000
      : failure.retryAfterSec !== undefined
        ? now + failure.retryAfterSec * 1000
        : now + DEFAULT_COOLDOWN_MS;
  try {
    await deps.store.update(account.id, { cooldownUntil: until });
  } catch (e) {
    deps.logger.warn({ err: (e as Error).message }, 'could not persist cooldown');
  }
}

async function catalogFor(deps: PipelineDeps, creds: Credentials): Promise<CatalogModel[]> {
  try {
    return await deps.catalog.get(creds);
  } catch (e) {
    deps.logger.debug({ err: (e as Error).message }, 'model catalog unavailable; using the configured mapping as is');
    return [];
  }
}

function credentialFailure(e: unknown): UpstreamFailure {
  if (e instanceof RefreshError) {
    return e.permanent
      ? { kind: 'unauthorized', message: `The ChatGPT login has expired or was revoked (${e.code ?? 'refresh rejected'})` }
      : { kind: 'transport', message: e.message };
  }
  return { kind: 'unauthorized', message: `The account's credentials could not be read: ${(e as Error).message}` };
}

async function attempt<E>(
  deps: PipelineDeps,
  dialect: Dialect<E>,
  meta: ExecuteMeta,
  sink: ClientSink<E>,
  account: StoredAccount,
  onRoute: (r: RouteDecision, catalog: CatalogModel[]) => void,
): Promise<AttemptResult> {
  let creds: Credentials;
  try {
    creds = await deps.credentials.get(account.id);
  } catch (e) {
    return { kind: 'failed', failure: credentialFailure(e) };
  }
  const catalog = await catalogFor(deps, creds);
  const route = routeModel(dialect.clientModel, deps.settings().modelMapping, catalog);
  onRoute(route, catalog);
  const prepared = dialect.prepare({
    codexModel: route.codexModel,
    effortLevels: route.effortLevels,
    defaultEffort: route.defaultEffort,
    accountTag: accountTag(`${account.accountId}:${account.userId ?? ''}`),
    promptCacheKey: meta.sessionId,
    contextWindow: route.contextWindow,
  });
  if (prepared.compat) {
    deps.onCompat?.(prepared.compat, meta.betas ?? []);
    if (prepared.compat.unknownFields.length || prepared.compat.unknownBlockTypes.length) {
      deps.logger.info(prepared.compat, 'compatibility: unknown request parts ignored');
    }
  }

  const local = new AbortController();
  const signal = AbortSignal.any([sink.signal, local.signal]);
  let upstream: UpstreamResponse;
  let refreshed = false;
  for (;;) {
    try {
      upstream = await postResponses({ codexBaseUrl: deps.codexBaseUrl(), credentials: creds, body: prepared.body, sessionId: meta.sessionId, signal });
    } catch (e) {
      if (sink.signal.aborted) return { kind: 'aborted' };
      return { kind: 'failed', failure: { kind: 'transport', message: `Could not reach the Codex backend: ${(e as Error).message}` } };
    }
    deps.onUpstreamHeaders?.(account.id, upstream.headers);
    if (upstream.status === 401 && !refreshed) {
      upstream.discard();
      refreshed = true;
      try {
        creds = await deps.credentials.refreshAfterRejection(account.id, creds.accessToken);
      } catch (e) {
        return { kind: 'failed', failure: credentialFailure(e) };
      }
      continue;
    }
    break;
  }
  if (upstream.status !== 200) {
    const bodyText = await upstream.text().catch(() => '');
    return { kind: 'failed', failure: classifyHttpError({ status: upstream.status, bodyText, headers: upstream.headers, nowMs: deps.now() }) };
  }
  return streamAnswer(deps, dialect, sink, upstream, local, prepared);
}

async function streamAnswer<E>(
  deps: PipelineDeps,
  dialect: Dialect<E>,
  sink: ClientSink<E>,
  upstream: UpstreamResponse,
  local: AbortController,
  prepared: PreparedRequest<E>,
): Promise<AttemptResult> {
  const settings = deps.settings();
  const translator = prepared.createTranslator();
  const gate = new CommitGate<E>(sink, { stream: dialect.stream, hold: false, isContent: (e) => dialect.isContent(e), ping: () => dialect.ping(), now: deps.now });
  const watchdog = startWatchdog(gate, { stream: dialect.stream, now: deps.now, timing: settings, abort: () => local.abort() });

  const finishWith = (failure: UpstreamFailure): AttemptResult => {
    if (!gate.committed) return { kind: 'failed', failure };
    gate.write(translator.failAfterCommit(failure));
    sink.end();
    const mapped = dialect.errorResponse(failure, { nowMs: deps.now() });
    return { kind: 'done', usage: translator.usage(), status: 200, errorType: mapped.type };
  };
  const idleFailure: UpstreamFailure = { kind: 'idle_timeout', message: 'The Codex backend stopped sending data' };

  try {
    let done = false;
    try {
      for await (const ev of parseResponsesStream(upstream.body)) {
        watchdog.upstreamSeen();
        const step = translator.push(ev);
        gate.emit(step.events);
        if (step.failure) return finishWith(step.failure);
        if (step.done) {
          done = true;
          break;
        }
      }
    } catch (e) {
      if (sink.signal.aborted) return { kind: 'aborted' };
      if (watchdog.idle) return finishWith(idleFailure);
      return finishWith({ kind: 'stream_cut', message: `The Codex stream broke: ${(e as Error).message}` });
    }
    if (sink.signal.aborted) return { kind: 'aborted' };
    if (!done) {
      if (watchdog.idle) return finishWith(idleFailure);
      const step = translator.finish();
      gate.emit(step.events);
      if (step.failure) return finishWith(step.failure);
    }
    if (dialect.stream) {
      gate.commit();
      sink.end();
    } else {
      sink.sendJson(dialect.aggregate(gate.all));
    }
    return { kind: 'done', usage: translator.usage(), status: 200 };
  } finally {
    watchdog.stop();
    upstream.discard(); // no-op when fully read; releases the socket (and aborts the upstream) otherwise
  }
}
