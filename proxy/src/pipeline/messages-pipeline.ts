/**
 * The life of one /v1/messages request (docs/ARCHITECTURE.md §3): pick an account, route the model, translate,
 * send with an AbortSignal tied to the client, hold everything back until the first content event (the commit
 * gate) so failures can still fail over to another account or become a proper HTTP error, then stream-translate
 * with keep-alive pings. After commit, a failure becomes an Anthropic `error` event and a clean end.
 */
import type { MessagesRequest } from '../anthropic/request.js';
import type { AnthropicStreamEvent } from '../anthropic/stream-types.js';
import type { CredentialProvider, Credentials } from '../accounts/credentials.js';
import type { AccountPool } from '../accounts/pool.js';
import type { AccountStore, StoredAccount } from '../accounts/store.js';
import { RefreshError } from '../accounts/token-client.js';
import type { ModelCatalog, CatalogModel } from '../codex/catalog.js';
import { postResponses, TransportError, type UpstreamResponse } from '../codex/client.js';
import {
  classifyHttpError,
  isFailoverable,
  toAnthropicError,
  type ErrorMappingContext,
  type UpstreamFailure,
} from '../codex/errors.js';
import { parseResponsesStream } from '../codex/sse-parser.js';
import type { Logger } from '../logs/logger.js';
import type { RequestLog } from '../logs/request-log.js';
import { routeModel, type RouteDecision } from '../routing/router.js';
import type { Settings } from '../settings.js';
import { aggregateMessage } from '../translate/aggregate-message.js';
import { countRequestTokens } from '../translate/count-tokens.js';
import { toResponsesRequest } from '../translate/messages-to-responses.js';
import { isContentEvent, ResponsesToMessagesTranslator } from '../translate/responses-to-messages.js';
import { accountTag } from '../translate/thinking-signature.js';
import type { ClientSink } from './client-sink.js';
import { newId } from './ids.js';

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
}

export interface MessagesMeta {
  stream: boolean;
  sessionId?: string;
}

type AttemptResult =
  | { kind: 'done'; usage: { input: number; output: number; cached: number }; status: number; errorType?: string }
  | { kind: 'failed'; failure: UpstreamFailure; route?: RouteDecision }
  | { kind: 'aborted' };

const DEFAULT_COOLDOWN_MS = 5 * 60_000;

export async function runMessages(deps: PipelineDeps, req: MessagesRequest, meta: MessagesMeta, sink: ClientSink): Promise<void> {
  const started = deps.now();
  const tried = new Set<string>();
  const failures: UpstreamFailure[] = [];
  let lastRoute: RouteDecision | undefined;
  let lastCatalog: CatalogModel[] = [];
  let lastAccount: StoredAccount | undefined;
  let attempts = 0;

  const record = (status: number, outcome: 'ok' | 'error' | 'aborted', extra: Partial<{ errorType: string; usage: { input: number; output: number; cached: number } }> = {}) => {
    deps.requestLog.add({
      id: newId('req', 16),
      startedAt: started,
      durationMs: deps.now() - started,
      route: '/v1/messages',
      clientModel: req.model,
      upstreamModel: lastRoute?.codexModel ?? null,
      accountId: lastAccount?.id ?? null,
      stream: meta.stream,
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
    if (failure.kind === 'context_length') ctx.promptTokens = safeCount(req);
    const mapped = toAnthropicError(failure, ctx);
    deps.logger.warn({ kind: failure.kind, status: mapped.status, account: lastAccount?.id }, 'request failed before commit');
    sink.sendError(mapped);
    record(mapped.status, 'error', { errorType: mapped.type });
  };

  for (;;) {
    if (sink.signal.aborted) return record(499, 'aborted');
    const accounts = await deps.store.list();
    if (accounts.length === 0) {
      return fail({
        kind: 'no_account',
        message: 'No ChatGPT account is set up. Run `codex-claude-proxy accounts import` (or `accounts add`) first.',
      });
    }
    const activeId = await deps.store.activeId();
    const account = deps.pool.pick({ accounts, activeId, exclude: tried, sessionId: meta.sessionId, nowMs: deps.now() });
    if (!account) return fail(finalFailure(failures, accounts, tried, deps.now()));
    tried.add(account.id);
    lastAccount = account;
    attempts++;

    const result = await attempt(deps, req, meta, sink, account, (r, c) => {
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

function safeCount(req: MessagesRequest): number {
  try {
    return countRequestTokens(req);
  } catch {
    return 0;
  }
}

/** The error to show once no account is left: the most telling of what happened. */
function finalFailure(failures: UpstreamFailure[], accounts: StoredAccount[], tried: Set<string>, nowMs: number): UpstreamFailure {
  const limits = failures.filter((f) => f.kind === 'usage_limit');
  if (failures.length > 0 && limits.length === failures.length) {
    const earliest = Math.min(...limits.map((f) => f.resetsAt ?? Infinity));
    return { ...limits[0]!, resetsAt: Number.isFinite(earliest) ? earliest : undefined, message: 'Every ChatGPT account has reached its usage limit' };
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
  return { kind: 'no_account', message: 'Every ChatGPT account is disabled. Enable one with `codex-claude-proxy accounts`.' };
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

async function attempt(
  deps: PipelineDeps,
  req: MessagesRequest,
  meta: MessagesMeta,
  sink: ClientSink,
  account: StoredAccount,
  onRoute: (r: RouteDecision, catalog: CatalogModel[]) => void,
): Promise<AttemptResult> {
  let creds: Credentials;
  try {
    creds = await deps.credentials.get(account.id);
  } catch (e) {
    return { kind: 'failed', failure: credentialFailure(e) };
  }
  const settings = deps.settings();
  const catalog = await catalogFor(deps, creds);
  const route = routeModel(req.model, settings.modelMapping, catalog);
  onRoute(route, catalog);
  const tag = accountTag(`${account.accountId}:${account.userId ?? ''}`);
  const translated = toResponsesRequest(req, {
    codexModel: route.codexModel,
    effortLevels: route.effortLevels,
    defaultEffort: route.defaultEffort,
    accountTag: tag,
    promptCacheKey: meta.sessionId,
  });
  if (translated.report.unknownFields.length || translated.report.unknownBlockTypes.length) {
    deps.logger.info({ unknownFields: translated.report.unknownFields, unknownBlockTypes: translated.report.unknownBlockTypes }, 'compatibility: unknown request parts ignored');
  }

  const local = new AbortController();
  const signal = AbortSignal.any([sink.signal, local.signal]);
  let upstream: UpstreamResponse;
  let refreshed = false;
  for (;;) {
    try {
      upstream = await postResponses({
        codexBaseUrl: deps.codexBaseUrl(),
        credentials: creds,
        body: translated.body,
        sessionId: meta.sessionId,
        signal,
      });
    } catch (e) {
      if (sink.signal.aborted) return { kind: 'aborted' };
      return { kind: 'failed', failure: { kind: 'transport', message: `Could not reach the Codex backend: ${(e as TransportError).message}` }, route };
    }
    deps.onUpstreamHeaders?.(account.id, upstream.headers);
    if (upstream.status === 401 && !refreshed) {
      upstream.discard();
      refreshed = true;
      try {
        creds = await deps.credentials.refreshAfterRejection(account.id, creds.accessToken);
      } catch (e) {
        return { kind: 'failed', failure: credentialFailure(e), route };
      }
      continue;
    }
    break;
  }
  if (upstream.status !== 200) {
    const bodyText = await upstream.text().catch(() => '');
    return { kind: 'failed', failure: classifyHttpError({ status: upstream.status, bodyText, headers: upstream.headers, nowMs: deps.now() }), route };
  }

  return streamAnswer(deps, meta, sink, upstream, local, {
    messageId: newId('msg'),
    model: req.model,
    toolNames: translated.toolNames,
    thinkingMode: translated.thinkingMode,
    accountTag: tag,
    inputTokens: 0,
    nowMs: deps.now,
  }, route);
}

function credentialFailure(e: unknown): UpstreamFailure {
  if (e instanceof RefreshError) {
    return e.permanent
      ? { kind: 'unauthorized', message: `The ChatGPT login has expired or was revoked (${e.code ?? 'refresh rejected'})` }
      : { kind: 'transport', message: e.message };
  }
  return { kind: 'unauthorized', message: `The account's credentials could not be read: ${(e as Error).message}` };
}

async function streamAnswer(
  deps: PipelineDeps,
  meta: MessagesMeta,
  sink: ClientSink,
  upstream: UpstreamResponse,
  local: AbortController,
  opts: ConstructorParameters<typeof ResponsesToMessagesTranslator>[0],
  route: RouteDecision,
): Promise<AttemptResult> {
  const settings = deps.settings();
  const translator = new ResponsesToMessagesTranslator(opts);
  const all: AnthropicStreamEvent[] = [];
  const pending: AnthropicStreamEvent[] = [];
  let committed = false;
  let lastUpstreamAt = deps.now();
  let lastClientWriteAt = deps.now();
  const answerStartedAt = deps.now();
  let idle = false;

  const write = (events: AnthropicStreamEvent[]) => {
    if (events.length === 0) return;
    sink.send(events);
    lastClientWriteAt = deps.now();
  };
  const commit = () => {
    if (committed || !meta.stream) return;
    committed = true;
    sink.open();
    write(pending.splice(0));
  };
  const emit = (events: AnthropicStreamEvent[]) => {
    all.push(...events);
    if (!meta.stream) return;
    if (committed) return write(events);
    pending.push(...events);
    if (events.some(isContentEvent)) commit();
  };

  const tick = Math.max(50, Math.min(settings.keepAliveMs, 1000));
  const timer = setInterval(() => {
    const now = deps.now();
    if (now - lastUpstreamAt >= settings.idleTimeoutMs) {
      idle = true;
      local.abort();
      return;
    }
    if (!meta.stream) return;
    if (!committed && pending.length > 0 && now - answerStartedAt >= settings.commitDeadlineMs) commit();
    if (committed && now - lastClientWriteAt >= settings.keepAliveMs) write([{ type: 'ping' }]);
  }, tick);
  timer.unref();

  const finishWith = (failure: UpstreamFailure): AttemptResult => {
    if (committed) {
      const closing = translator.failAfterCommit(failure);
      write(closing);
      sink.end();
      const mapped = toAnthropicError(failure, { nowMs: deps.now() });
      return { kind: 'done', usage: usageOf(translator), status: 200, errorType: mapped.type };
    }
    return { kind: 'failed', failure, route };
  };

  try {
    let done = false;
    try {
      for await (const ev of parseResponsesStream(upstream.body)) {
        lastUpstreamAt = deps.now();
        const step = translator.push(ev);
        emit(step.events);
        if (step.failure) return finishWith(step.failure);
        if (step.done) {
          done = true;
          break;
        }
      }
    } catch (e) {
      if (sink.signal.aborted) return { kind: 'aborted' };
      if (idle) return finishWith({ kind: 'idle_timeout', message: 'The Codex backend stopped sending data' });
      return finishWith({ kind: 'stream_cut', message: `The Codex stream broke: ${(e as Error).message}` });
    }
    if (sink.signal.aborted) return { kind: 'aborted' };
    if (!done) {
      if (idle) return finishWith({ kind: 'idle_timeout', message: 'The Codex backend stopped sending data' });
      const step = translator.finish();
      emit(step.events);
      if (step.failure) return finishWith(step.failure);
    }
    if (meta.stream) {
      commit();
      sink.end();
    } else {
      sink.sendJson(aggregateMessage(all));
    }
    return { kind: 'done', usage: usageOf(translator), status: 200 };
  } finally {
    clearInterval(timer);
    upstream.discard(); // no-op when fully read; releases the socket (and aborts upstream) otherwise
  }
}

function usageOf(t: ResponsesToMessagesTranslator): { input: number; output: number; cached: number } {
  const u = t.usage;
  return { input: u.input_tokens + u.cache_read_input_tokens, output: u.output_tokens, cached: u.cache_read_input_tokens };
}
