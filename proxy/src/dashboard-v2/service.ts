/**
 * DashboardV2Service: the v2 dashboard methods (proxy/src/contract-v2.ts) over narrow dependencies, so the core
 * can construct it next round without changing it. Every argument is parsed with its zod schema here too (the
 * transports validate as well; direct callers get the same errors). Nothing secret leaves: the client key only in
 * the answer to `setClientKey('generate')`, the Haiku lane key never.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { AccountSummary, ClaudeConfigStatus, DoctorReport, HaikuLaneView, LaneStats, ModelsView, ProxyStatus } from '../contract.js';
import {
  dashboardV2Args,
  isLoopbackHost,
  RESTART_KEYS,
  type ChartsView,
  type ClaudeBackup,
  type ClientKeyResult,
  type DashboardApiV2,
  type HaikuLanePanel,
  type HaikuLanePatch,
  type ModelMappingPatch,
  type OverviewView,
  type PlaygroundEvent,
  type PlaygroundRequest,
  type RequestsPage,
  type RestoreResult,
  type SettingsPatch,
  type SettingsUpdateResult,
  type SettingsView,
  type UpstreamTransport,
} from '../contract-v2.js';
import type { UsageSample } from '../accounts/quota-pace.js';
import type { InFlightRequest, RequestRecord } from '../logs/request-log.js';
import { filterRecords, type RequestFilter } from '../requests/filter.js';
import type { RequestDetail } from '../requests/request-detail.js';
import type { ModelMapping } from '../routing/model-mapping.js';
import { hourlySeries } from '../stats/hourly.js';
import { todayTotals } from '../stats/totals.js';
import { applyMappingPatch } from './mapping-edit.js';
import { activeAccountView, listenAddress, recentErrors } from './overview.js';
import { runPlayground, type MessagesFn } from './playground.js';

/** A bad argument or an edit that cannot be applied: the transports answer it as 400 with this message. */
export class DashboardInputError extends Error {
  readonly code = 'invalid_argument';
  constructor(message: string) {
    super(message);
    this.name = 'DashboardInputError';
  }
}

/** One change of the Claude Code journal, as the service needs it. */
export interface JournalChange {
  id: string;
  kind: 'configure' | 'direct' | 'doctor-fix';
  description: string;
  createdAt: string;
  files: { path: string }[];
  undoneAt: string | null;
}

export interface DashboardV2Deps {
  now?: () => number;
  status(): ProxyStatus;
  listAccounts(): Promise<AccountSummary[]>;
  requestLog: { recent(limit?: number): RequestRecord[]; inFlight(): InFlightRequest[] };
  /** How many records the log holds at most (queries look at all of them). */
  logCapacity: number;
  details: { get(id: string, o: { showContent: boolean }): RequestDetail | null };
  quotaHistory: { samples(accountId: string, windowKey: string): UsageSample[] };
  /** The settings as stored (defaults applied) and a writer; the service applies changes through it. */
  settings: {
    get(): Omit<SettingsView, 'hasClientKey' | 'pendingRestart'>;
    set(key: keyof SettingsPatch, value: unknown): void;
    clientKey(): string | null;
    setClientKey(key: string | null): void;
  };
  /** Host and port the running server is bound to (differences from the settings need a restart). */
  running(): { host: string; port: number };
  /** Applies saved keys to the running proxy (rotation, timeouts, log retention …); returns those it applied. */
  applyLive(keys: string[]): string[];
  models: { view(): Promise<ModelsView>; mapping(): ModelMapping; setMapping(m: ModelMapping): void };
  haikuLane: { view(): Promise<HaikuLaneView>; update(patch: HaikuLanePatch): Promise<void>; stats(): LaneStats };
  claude: {
    changes(): Promise<JournalChange[]>;
    undo(id: string): Promise<{ changeId: string; files: string[] }>;
    status(): Promise<ClaudeConfigStatus>;
    doctor(): Promise<DoctorReport>;
  };
  messages: MessagesFn;
  emit(event: 'playground', payload: PlaygroundEvent): void;
}

function parse<S extends z.ZodType>(schema: S, args: unknown[]): z.output<S> {
  const r = schema.safeParse(args);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const where = issue.path.slice(1).join('.');
  throw new DashboardInputError(`${where ? `${where}: ` : ''}${issue.message}`);
}

export class DashboardV2Service implements DashboardApiV2 {
  private readonly now: () => number;

  constructor(private readonly d: DashboardV2Deps) {
    this.now = d.now ?? Date.now;
  }

  private all(): RequestRecord[] {
    return this.d.requestLog.recent(this.d.logCapacity);
  }

  async getOverview(): Promise<OverviewView> {
    const status = this.d.status();
    const accounts = await this.d.listAccounts();
    const records = this.all();
    const now = this.now();
    return {
      status,
      address: listenAddress(status.host, status.port),
      transport: this.d.settings.get().transport as UpstreamTransport,
      accountCount: accounts.length,
      activeAccount: activeAccountView(accounts, (a, k) => this.d.quotaHistory.samples(a, k), now),
      today: todayTotals(records, now),
      inFlight: this.d.requestLog.inFlight(),
      lastErrors: recentErrors(records),
    };
  }

  async queryRequests(filter: RequestFilter): Promise<RequestsPage> {
    const [f] = parse(dashboardV2Args.queryRequests, [filter]);
    const all = filterRecords(this.all(), { ...f, limit: undefined });
    const inFlight = this.d.requestLog.inFlight().filter((r) => (!f.lane || r.lane === f.lane) && (!f.model || r.clientModel.toLowerCase().includes(f.model.toLowerCase())) && (!f.accountId || r.accountId === f.accountId) && !f.status);
    return { records: all.slice(-(f.limit ?? 200)), inFlight, matched: all.length };
  }

  async getRequestDetail(id: string, opts: { showContent: boolean }): Promise<RequestDetail | null> {
    const [rid, o] = parse(dashboardV2Args.getRequestDetail, [id, opts]);
    return this.d.details.get(rid, o);
  }

  async getCharts(): Promise<ChartsView> {
    const series = hourlySeries(this.all(), this.now());
    const accounts = await this.d.listAccounts();
    const accountLabels: Record<string, string> = { '': 'no account' };
    for (const a of accounts) accountLabels[a.id] = a.email ?? a.accountId;
    return { ...series, accountLabels };
  }

  async getSettings(): Promise<SettingsView> {
    const s = this.d.settings.get();
    const run = this.d.running();
    const pendingRestart = [s.port !== run.port ? 'port' : null, s.host !== run.host ? 'host' : null].filter((x): x is string => x !== null);
    return { ...s, hasClientKey: this.d.settings.clientKey() !== null, pendingRestart };
  }

  async updateSettings(patch: SettingsPatch): Promise<SettingsUpdateResult> {
    const [p] = parse(dashboardV2Args.updateSettings, [patch]);
    const keys = Object.keys(p) as (keyof SettingsPatch)[];
    for (const k of keys) this.d.settings.set(k, p[k]);
    const restartNeeded = keys.filter((k) => RESTART_KEYS.includes(k));
    const applied = this.d.applyLive(keys.filter((k) => !RESTART_KEYS.includes(k)));
    const settings = await this.getSettings();
    const warning = isLoopbackHost(settings.host) ? null : `Bound to ${settings.host}: other machines on the network can reach the proxy${settings.hasClientKey ? '' : ', and no client API key is set'}.`;
    return { settings, applied, restartNeeded, warning };
  }

  async setClientKey(action: 'generate' | 'remove'): Promise<ClientKeyResult> {
    const [a] = parse(dashboardV2Args.setClientKey, [action]);
    if (a === 'remove') {
      this.d.settings.setClientKey(null);
      return { key: null, hasClientKey: false };
    }
    const key = `ccp-${randomBytes(24).toString('base64url')}`;
    this.d.settings.setClientKey(key);
    return { key, hasClientKey: true };
  }

  async updateModelMapping(patch: ModelMappingPatch): Promise<ModelsView> {
    const [p] = parse(dashboardV2Args.updateModelMapping, [patch]);
    const view = await this.d.models.view();
    const next = applyMappingPatch(this.d.models.mapping(), p, view.catalog);
    if (typeof next === 'string') throw new DashboardInputError(next);
    this.d.models.setMapping(next);
    return this.d.models.view();
  }

  async getHaikuLane(): Promise<HaikuLanePanel> {
    return { lane: await this.d.haikuLane.view(), stats: this.d.haikuLane.stats() };
  }

  async updateHaikuLane(patch: HaikuLanePatch): Promise<HaikuLanePanel> {
    const [p] = parse(dashboardV2Args.updateHaikuLane, [patch]);
    const current = await this.d.haikuLane.view();
    const model = p.model === undefined ? current.model : p.model;
    if ((p.enabled ?? current.enabled) && !model) throw new DashboardInputError('Set the Haiku lane’s model before enabling it.');
    await this.d.haikuLane.update(p);
    return this.getHaikuLane();
  }

  async listClaudeBackups(): Promise<ClaudeBackup[]> {
    const changes = await this.d.claude.changes();
    return changes
      .map((c) => ({ id: c.id, kind: c.kind, description: c.description, createdAt: c.createdAt, files: c.files.map((f) => f.path), undone: c.undoneAt !== null }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async restoreClaudeBackup(id: string): Promise<RestoreResult> {
    const [bid] = parse(dashboardV2Args.restoreClaudeBackup, [id]);
    const known = (await this.d.claude.changes()).find((c) => c.id === bid);
    if (!known) throw new DashboardInputError(`No backup ${bid}.`);
    if (known.undoneAt !== null) throw new DashboardInputError('This backup was already restored.');
    const undone = await this.d.claude.undo(bid);
    const [status, doctor] = await Promise.all([this.d.claude.status(), this.d.claude.doctor()]);
    return { backupId: bid, files: undone.files, status, doctor };
  }

  async startPlayground(req: PlaygroundRequest): Promise<{ runId: string }> {
    const [r] = parse(dashboardV2Args.startPlayground, [req]);
    const runId = `pg_${randomBytes(8).toString('hex')}`;
    // Runs in the background; its progress and its end (done / error) arrive as push events.
    void runPlayground(runId, r, this.d.messages, (e) => this.d.emit('playground', e), this.now);
    return { runId };
  }
}
