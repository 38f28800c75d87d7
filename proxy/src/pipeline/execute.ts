/**
 * The executor (docs/ARCHITECTURE.md §3): runs a request's plan (routing/plan.ts) — an ordered list of upstream
 * steps — with one failover loop. A `chat` step is one attempt on an OpenAI-compatible upstream; a `codex` step
 * picks accounts, routes the model against the account's catalog and fails over between accounts. Every attempt
 * runs through stream-attempt.ts (one commit gate); every step is recorded by request-record.ts.
 */
import type { CredentialProvider, Credentials } from '../accounts/credentials.js';
import type { AccountPool } from '../accounts/pool.js';
import type { AccountStore, StoredAccount } from '../accounts/store.js';
import type { CatalogModel, ModelCatalog } from '../codex/catalog.js';
import type { UpstreamResponse } from '../codex/client.js';
import type { ResponsesStreamEvent } from '../codex/types.js';
import type { Logger } from '../logs/logger.js';
import type { RequestLog } from '../logs/request-log.js';
import type { PlanInput, PlanStep } from '../routing/plan.js';
import { routeModel, type RouteDecision } from '../routing/router.js';
import type { Settings } from '../settings.js';
import { accountTag } from '../translate/thinking-signature.js';
import type { ChatSseItem } from '../upstream/chat/client.js';
import { chatUpstream, type ChatUpstreamRequest } from '../upstream/chat/index.js';
import { codexUpstream, credentialFailure, type CodexUpstreamRequest } from '../upstream/codex/index.js';
import { isFailoverable, type ErrorMappingContext, type UpstreamFailure } from '../upstream/failure.js';
import type { Upstream } from '../upstream/types.js';
import type { ClientSink, Dialect } from './dialect.js';
import { RequestRecorder } from './request-record.js';
import { streamAttempt } from './stream-attempt.js';

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
  /** The request's plan (default: Codex only). */
  plan?: (input: PlanInput) => Promise<PlanStep[]>;
  /** Upstream implementations (default: the real ones); tests drive the executor with scripted fakes. */
  upstreams?: { codex?: Upstream<CodexUpstreamRequest, ResponsesStreamEvent>; chat?: Upstream<ChatUpstreamRequest, ChatSseItem> };
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

const DEFAULT_COOLDOWN_MS = 5 * 60_000;

/** Runs the request's plan: each step until one answers; a step's failure falls through to the next. */
export async function executeRequest<E>(deps: PipelineDeps, dialect: Dialect<E>, meta: ExecuteMeta, clientSink: ClientSink<E>): Promise<void> {
  const rec = new RequestRecorder(deps.requestLog, deps.now, { route: dialect.route, clientModel: dialect.clientModel, stream: dialect.stream });
  const sink = rec.observe(clientSink);
  const plan = deps.plan
    ? await deps.plan({ clientModel: dialect.clientModel, codexOnly: dialect.codexOnly, chatCapable: dialect.prepareChat !== undefined })
    : [{ upstream: 'codex' as const }];
  for (let i = 0; i < plan.length; i++) {
    const step = plan[i]!;
    const last = i === plan.length - 1;
    if (step.upstream === 'codex') return runCodexStep(deps, dialect, meta, sink, rec, i > 0);
    const served = await runChatStep(deps, dialect, sink, rec, step, last);
    if (served) return;
  }
}

/** One attempt on the chat upstream; false when it failed before commit and the plan goes on. */
async function runChatStep<E>(
  deps: PipelineDeps,
  dialect: Dialect<E>,
  sink: ClientSink<E>,
  rec: RequestRecorder,
  step: Extract<PlanStep, { upstream: 'chat' }>,
  last: boolean,
): Promise<boolean> {
  const prepared = dialect.prepareChat!(step.model);
  const upstream = deps.upstreams?.chat ?? chatUpstream();
  const result = await streamAttempt(deps, dialect, sink, upstream, { endpoint: step.endpoint, body: prepared.body }, prepared);
  const base = { upstreamModel: step.model, accountId: null, attempts: 1, lane: step.lane };
  const attempt = { upstream: 'chat' as const, accountId: null, model: step.model };
  if (result.kind === 'aborted') {
    rec.attempt({ ...attempt, outcome: 'aborted' });
    rec.add({ ...base, status: 499, outcome: 'aborted' });
    return true;
  }
  if (result.kind === 'done') {
    const errorType = result.failure ? (result.failure.code ?? result.failure.kind) : undefined;
    rec.attempt({ ...attempt, outcome: result.failure ? 'failed' : 'ok', status: 200, errorType });
    rec.add({ ...base, status: 200, outcome: errorType ? 'error' : 'ok', errorType, usage: result.usage });
    return true;
  }
  const { failure } = result;
  const errorType = failure.code ?? failure.kind;
  rec.attempt({ ...attempt, outcome: 'failed', status: failure.status, errorType });
  const log = { lane: step.lane, kind: failure.kind, code: failure.code, status: failure.status };
  if (!last) {
    deps.logger.warn(log, 'haiku lane failed; retrying on Codex');
    rec.add({ ...base, status: failure.status ?? 502, outcome: 'error', errorType, fallback: true });
    return false;
  }
  deps.logger.warn(log, 'haiku lane failed');
  const mapped = dialect.errorResponse(failure, { nowMs: deps.now() });
  sink.sendError(mapped);
  rec.add({ ...base, status: mapped.status, outcome: 'error', errorType });
  return true;
}

/** The Codex step: accounts in pool order, failover before commit, the most telling error once none is left. */
async function runCodexStep<E>(deps: PipelineDeps, dialect: Dialect<E>, meta: ExecuteMeta, sink: ClientSink<E>, rec: RequestRecorder, afterFallback: boolean): Promise<void> {
  const upstream = deps.upstreams?.codex ?? codexUpstream(deps);
  const tried = new Set<string>();
  const failures: UpstreamFailure[] = [];
  let lastRoute: RouteDecision | undefined;
  let lastCatalog: CatalogModel[] = [];
  let lastAccount: StoredAccount | undefined;
  let answeredBy: string | null = null;
  let effort: string | null | undefined;
  let attempts = 0;

  const add = (step: { status: number; outcome: 'ok' | 'error' | 'aborted'; errorType?: string; usage?: import('./dialect.js').TokenUsage; transport?: 'sse' | 'websocket'; accountId: string | null }) =>
    rec.add({
      ...step,
      upstreamModel: lastRoute?.codexModel ?? null,
      attempts,
      effort,
      ...(afterFallback ? { lane: 'codex' as const, fallback: true } : attempts > 1 ? { fallback: true } : {}),
    });

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
    add({ status: mapped.status, outcome: 'error', errorType: mapped.type, accountId: answeredBy });
  };

  for (;;) {
    if (sink.signal.aborted) return add({ status: 499, outcome: 'aborted', accountId: answeredBy });
    const { accounts, activeId } = await deps.store.state();
    if (accounts.length === 0) {
      return fail({ kind: 'no_account', message: 'No ChatGPT account is set up. Run `codex-claude-proxy accounts import` (or `accounts add`) first.' });
    }
    const account = deps.pool.pick({ accounts, activeId, exclude: tried, sessionId: meta.sessionId, nowMs: deps.now() });
    if (!account) return fail(finalFailure(failures, accounts, tried, deps.now()));
    tried.add(account.id);
    lastAccount = account;
    attempts++;

    let creds: Credentials;
    try {
      creds = await deps.credentials.get(account.id);
    } catch (e) {
      const failure = credentialFailure(e);
      rec.attempt({ upstream: 'codex', accountId: account.id, model: null, outcome: 'failed', errorType: failure.kind });
      failures.push(failure);
      if (!isFailoverable(failure)) return fail(failure);
      continue;
    }
    const catalog = await catalogFor(deps, creds);
    const route = routeModel(dialect.clientModel, deps.settings().modelMapping, catalog);
    lastRoute = route;
    lastCatalog = catalog;
    const prepared = dialect.prepare({
      codexModel: route.codexModel,
      effortLevels: route.effortLevels,
      defaultEffort: route.defaultEffort,
      accountTag: accountTag(`${account.accountId}:${account.userId ?? ''}`),
      promptCacheKey: meta.sessionId,
      contextWindow: route.contextWindow,
    });
    effort = prepared.body.reasoning?.effort ?? null;
    if (prepared.compat) {
      deps.onCompat?.(prepared.compat, meta.betas ?? []);
      if (prepared.compat.unknownFields.length || prepared.compat.unknownBlockTypes.length) {
        deps.logger.info(prepared.compat, 'compatibility: unknown request parts ignored');
      }
    }
    const result = await streamAttempt(deps, dialect, sink, upstream, { accountId: account.id, credentials: creds, body: prepared.body, sessionId: meta.sessionId }, prepared);
    const attempt = { upstream: 'codex' as const, accountId: account.id, model: route.codexModel, transport: result.transport };
    if (result.kind === 'aborted') {
      rec.attempt({ ...attempt, outcome: 'aborted' });
      return add({ status: 499, outcome: 'aborted', accountId: account.id, transport: result.transport });
    }
    if (result.kind === 'done') {
      deps.pool.remember(meta.sessionId, account.id);
      const errorType = result.failure ? dialect.errorResponse(result.failure, { nowMs: deps.now() }).type : undefined;
      rec.attempt({ ...attempt, outcome: errorType ? 'failed' : 'ok', status: 200, errorType });
      return add({ status: 200, outcome: errorType ? 'error' : 'ok', errorType, usage: result.usage, accountId: account.id, transport: result.transport });
    }
    const { failure } = result;
    if (result.answered) answeredBy = account.id;
    rec.attempt({ ...attempt, outcome: 'failed', status: failure.status, errorType: failure.code ?? failure.kind });
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
