/**
 * Dashboard v2 (issue 12): the contract additions the new views need — types and zod argument schemas only, no
 * implementation (that is DashboardV2Service, proxy/src/dashboard-v2/service.ts). Next round these join the one
 * contract table (proxy/src/contract.ts) from which the preload, the IPC handlers, renderer/src/api.ts and the /api
 * routes are derived. The renderer imports this module type-only.
 */
import { z } from 'zod';
import type { AccountStatus, ClaudeConfigStatus, DoctorReport, HaikuLaneView, Heartbeat, LaneStats, ModelsView, ProxyStatus } from './contract.js';
import type { QuotaPace } from './accounts/quota-pace.js';
import type { InFlightRequest } from './logs/request-log.js';
import type { RequestFilter } from './requests/filter.js';
import type { DashboardRecord } from './requests/record.js';
import type { RequestDetail } from './requests/request-detail.js';
import type { HourlySeries } from './stats/hourly.js';
import type { Totals } from './stats/totals.js';
import { requestFilterSchema } from './requests/filter.js';

export type { ChainAttempt, DashboardRecord } from './requests/record.js';
export type { InFlightRequest } from './logs/request-log.js';
export type { QuotaPace } from './accounts/quota-pace.js';
export type { RequestDetail, TimelineEvent, PrefixDiff, ErrorMappingApplied } from './requests/request-detail.js';
export type { HourlySeries } from './stats/hourly.js';
export type { Totals } from './stats/totals.js';
export type { RequestFilter } from './requests/filter.js';

// ------------------------------------------------------------------------------------------ Overview

export interface QuotaWindowView {
  /** 'primary', 'secondary', '<family>:primary', … */
  key: string;
  /** The limit family's name for additional windows, else null. */
  family: string | null;
  usedPercent: number;
  windowMinutes: number | null;
  /** Unix seconds. */
  resetsAt: number | null;
  pace: QuotaPace;
}

export interface ActiveAccountView {
  id: string;
  email: string | null;
  plan: string | null;
  status: AccountStatus;
  needsLoginReason: string | null;
  windows: QuotaWindowView[];
  /** Unix ms of the quota reading, null before the first. */
  quotaObservedAt: number | null;
}

/** A recent failure with what to do about it. */
export interface RecentError {
  id: string;
  at: number;
  status: number;
  errorType: string | null;
  clientModel: string;
  accountId: string | null;
  rejected: boolean;
  advice: string;
}

export interface OverviewView {
  status: ProxyStatus;
  /** http://127.0.0.1:8081 */
  address: string;
  transport: UpstreamTransport;
  accountCount: number;
  activeAccount: ActiveAccountView | null;
  today: Totals;
  inFlight: InFlightRequest[];
  lastErrors: RecentError[];
}

// ------------------------------------------------------------------------------------------ Requests

export interface RequestsPage {
  records: DashboardRecord[];
  inFlight: InFlightRequest[];
  /** Matching records in the log (before `limit`). */
  matched: number;
}

export const requestDetailArgsSchema = z.object({ id: z.string().min(1).max(200), showContent: z.boolean().default(false) });

// ------------------------------------------------------------------------------------------ Charts

export interface ChartsView extends HourlySeries {
  /** Account id → label (email, else account id) for the tokens chart's legend. */
  accountLabels: Record<string, string>;
}

// ------------------------------------------------------------------------------------------ Settings

export type UpstreamTransport = 'sse' | 'websocket';
export type Theme = 'system' | 'light' | 'dark';

const dashboardSettingsFields = {
  requestLogRetentionDays: z.number().int().min(1).max(365),
  requestLogMaxEntries: z.number().int().min(100).max(100_000),
  showContentDefault: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  transport: z.enum(['sse', 'websocket']),
};

/** The dashboard's own settings keys with their defaults (merged into proxy/src/settings.ts next round). */
export const dashboardSettingsFragment = {
  requestLogRetentionDays: dashboardSettingsFields.requestLogRetentionDays.default(7),
  requestLogMaxEntries: dashboardSettingsFields.requestLogMaxEntries.default(5_000),
  showContentDefault: dashboardSettingsFields.showContentDefault.default(false),
  theme: dashboardSettingsFields.theme.default('system'),
  transport: dashboardSettingsFields.transport.default('sse'),
};
export const dashboardSettingsSchema = z.object(dashboardSettingsFragment);
export type DashboardSettings = z.infer<typeof dashboardSettingsSchema>;

export interface SettingsView extends DashboardSettings {
  port: number;
  host: string;
  rotation: 'sticky' | 'round-robin' | 'quota-aware';
  keepAliveMs: number;
  commitDeadlineMs: number;
  idleTimeoutMs: number;
  /** Whether a client API key is set (never the key). */
  hasClientKey: boolean;
  /** Settings saved but only effective after a restart (e.g. port, host). */
  pendingRestart: string[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
export const isLoopbackHost = (h: string): boolean => LOOPBACK.has(h.trim().toLowerCase());

/** `updateSettings(patch)`: every key optional; unknown keys refused (a typo must not be silently ignored). */
export const settingsPatchSchema = z
  .object({
    port: z.number().int().min(1).max(65535),
    host: z.string().trim().min(1).max(255).regex(/^[A-Za-z0-9.:-]+$/, 'must be a host name or an IP address'),
    rotation: z.enum(['sticky', 'round-robin', 'quota-aware']),
    keepAliveMs: z.number().int().min(100).max(120_000),
    commitDeadlineMs: z.number().int().min(0).max(120_000),
    idleTimeoutMs: z.number().int().min(1_000).max(3_600_000),
    ...dashboardSettingsFields,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Keys that take effect only after the proxy restarts. */
export const RESTART_KEYS: readonly (keyof SettingsPatch)[] = ['port', 'host'];

export interface SettingsUpdateResult {
  settings: SettingsView;
  /** Keys applied to the running proxy. */
  applied: string[];
  /** Keys saved that need a restart. */
  restartNeeded: string[];
  /** Set when the bind address is not loopback. */
  warning: string | null;
}

/** The client API key: generated and shown once, or removed. */
export const clientKeyActionSchema = z.enum(['generate', 'remove']);
export interface ClientKeyResult {
  /** The new key, only in the answer to 'generate' (never again). */
  key: string | null;
  hasClientKey: boolean;
}

// ------------------------------------------------------------------------------------------ Models

const slug = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._:/-]+$/, 'must be a model slug');
export const effortSchema = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);

/** One edit of the mapping: a family row, an alias set, or an alias removed. */
export const modelMappingPatchSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('family'), family: z.enum(['opus', 'sonnet', 'haiku', 'unknown']), model: slug, effort: effortSchema.nullable().default(null) }).strict(),
  z.object({ kind: z.literal('alias'), alias: z.string().trim().min(1).max(200), model: slug, effort: effortSchema.nullable().default(null) }).strict(),
  z.object({ kind: z.literal('remove-alias'), alias: z.string().trim().min(1).max(200) }).strict(),
]);
export type ModelMappingPatch = z.input<typeof modelMappingPatchSchema>;

export const haikuLanePatchSchema = z
  .object({
    enabled: z.boolean(),
    model: z.string().trim().min(1).max(200).nullable(),
    baseUrl: z.string().trim().regex(/^https?:\/\/[^/\s]+/i, 'must be an http(s) URL').max(500).nullable(),
    fallbackToCodex: z.boolean(),
    /** A new key (stored sealed, never shown), or null to clear it. */
    apiKey: z.string().trim().min(8).max(500).nullable(),
  })
  .partial()
  .strict();
export type HaikuLanePatch = z.infer<typeof haikuLanePatchSchema>;

export interface HaikuLanePanel {
  lane: HaikuLaneView;
  stats: LaneStats;
}

// ------------------------------------------------------------------------------------------ Claude Code

export interface ClaudeBackup {
  id: string;
  kind: 'configure' | 'direct' | 'doctor-fix';
  description: string;
  createdAt: string;
  files: string[];
  undone: boolean;
}

export interface RestoreResult {
  backupId: string;
  files: string[];
  status: ClaudeConfigStatus;
  /** The doctor re-run after the change. */
  doctor: DoctorReport;
}

export const backupIdSchema = z.string().regex(/^[0-9]{8}T[0-9]{9}Z-[a-z-]+-[0-9a-f]{6}$/, 'not a backup id');

// ------------------------------------------------------------------------------------------ Playground

export const playgroundRequestSchema = z
  .object({
    model: z.string().trim().min(1).max(200),
    system: z.string().max(100_000).default(''),
    message: z.string().trim().min(1, 'type a message').max(100_000),
    thinking: z.boolean().default(false),
    maxTokens: z.number().int().min(1).max(64_000).default(1024),
  })
  .strict();
export type PlaygroundRequest = z.input<typeof playgroundRequestSchema>;

/** Streamed progress of a playground run (push event `playground`). */
export type PlaygroundEvent =
  | { runId: string; kind: 'started'; at: number }
  | { runId: string; kind: 'text' | 'thinking'; text: string; ttftMs: number }
  | { runId: string; kind: 'done'; requestId: string | null; ttftMs: number | null; durationMs: number; inputTokens: number; outputTokens: number; cachedTokens: number; stopReason: string | null }
  | { runId: string; kind: 'error'; message: string; requestId: string | null };

// ------------------------------------------------------------------------------------------ the v2 methods

export interface DashboardApiV2 {
  getOverview(): Promise<OverviewView>;
  queryRequests(filter: RequestFilter): Promise<RequestsPage>;
  getRequestDetail(id: string, opts: { showContent: boolean }): Promise<RequestDetail | null>;
  getCharts(): Promise<ChartsView>;
  getSettings(): Promise<SettingsView>;
  updateSettings(patch: SettingsPatch): Promise<SettingsUpdateResult>;
  setClientKey(action: 'generate' | 'remove'): Promise<ClientKeyResult>;
  updateModelMapping(patch: ModelMappingPatch): Promise<ModelsView>;
  getHaikuLane(): Promise<HaikuLanePanel>;
  updateHaikuLane(patch: HaikuLanePatch): Promise<HaikuLanePanel>;
  listClaudeBackups(): Promise<ClaudeBackup[]>;
  restoreClaudeBackup(id: string): Promise<RestoreResult>;
  /** Starts a /v1/messages stream; progress arrives as `playground` push events with the returned runId. */
  startPlayground(req: PlaygroundRequest): Promise<{ runId: string }>;
}

/** The argument schemas per method (the IPC handlers and /api routes validate with these). */
export const dashboardV2Args = {
  getOverview: z.tuple([]),
  queryRequests: z.tuple([requestFilterSchema]),
  getRequestDetail: z.tuple([requestDetailArgsSchema.shape.id, z.object({ showContent: z.boolean() })]),
  getCharts: z.tuple([]),
  getSettings: z.tuple([]),
  updateSettings: z.tuple([settingsPatchSchema]),
  setClientKey: z.tuple([clientKeyActionSchema]),
  updateModelMapping: z.tuple([modelMappingPatchSchema]),
  getHaikuLane: z.tuple([]),
  updateHaikuLane: z.tuple([haikuLanePatchSchema]),
  listClaudeBackups: z.tuple([]),
  restoreClaudeBackup: z.tuple([backupIdSchema]),
  startPlayground: z.tuple([playgroundRequestSchema]),
} as const satisfies { [K in keyof DashboardApiV2]: z.ZodType };

/** New push events: `heartbeat` (issue 8, every 1 s), in-flight changes, playground progress. */
export interface DashboardV2Events {
  heartbeat: Heartbeat;
  inflight: InFlightRequest[];
  playground: PlaygroundEvent;
}

export type DashboardV2Subscriptions = {
  [K in keyof DashboardV2Events as `on${Capitalize<K>}`]: (listener: (payload: DashboardV2Events[K]) => void) => () => void;
};
