/**
 * The status line: `GET /api/statusline` (a small JSON built from data the proxy already holds) and the one line
 * `codex-claude-proxy statusline` prints for Claude Code's `statusLine` setting. Pure functions; the CLI adds I/O.
 */
import { z } from 'zod';
import type { AccountSummary, QuotaSnapshot, QuotaWindow, StatuslineData } from '../contract.js';

export type { StatuslineData };
import type { RequestRecord } from '../logs/request-log.js';
import { CODEX_MODEL_ID_PREFIX } from '../routing/router.js';

export type StatuslineQuota = NonNullable<StatuslineData['quota']>;

export function windowLabel(minutes: number | null): string {
  if (minutes === null || minutes <= 0) return 'window';
  if (minutes === 300) return '5h';
  if (minutes === 10080) return 'weekly';
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** The window closest to its limit (highest used %), across primary, secondary and additional limit families. */
export function tightestWindow(q: QuotaSnapshot | null | undefined): StatuslineQuota | null {
  if (!q) return null;
  const candidates: { w: QuotaWindow; label: string }[] = [];
  if (q.primary) candidates.push({ w: q.primary, label: windowLabel(q.primary.windowMinutes) });
  if (q.secondary) candidates.push({ w: q.secondary, label: windowLabel(q.secondary.windowMinutes) });
  for (const extra of Object.values(q.additional ?? {})) {
    for (const w of [extra.primary, extra.secondary]) {
      if (w) candidates.push({ w, label: `${extra.name ?? 'limit'} ${windowLabel(w.windowMinutes)}` });
    }
  }
  if (candidates.length === 0) return null;
  const best = candidates.reduce((a, b) => (b.w.usedPercent > a.w.usedPercent ? b : a));
  const used = Math.max(0, Math.min(100, best.w.usedPercent));
  return { window: best.label, usedPercent: used, remainingPercent: Math.round((100 - used) * 10) / 10, resetsAt: best.w.resetsAt };
}

export function buildStatuslineData(opts: { enabled: boolean; accounts: AccountSummary[]; last: RequestRecord | undefined }): StatuslineData {
  const active = opts.accounts.find((a) => a.active) ?? null;
  const last = opts.last;
  return {
    enabled: opts.enabled,
    account: active ? { id: active.id, email: active.email, plan: active.plan, status: active.status } : null,
    quota: tightestWindow(active?.quota),
    lastTurn: last
      ? {
          model: last.clientModel,
          upstreamModel: last.upstreamModel,
          inputTokens: last.inputTokens,
          outputTokens: last.outputTokens,
          cachedTokens: last.cachedTokens,
          at: last.startedAt,
        }
      : null,
  };
}

export const statuslineDataSchema = z.object({
  enabled: z.boolean(),
  account: z.object({ id: z.string(), email: z.string().nullable(), plan: z.string().nullable(), status: z.enum(['ok', 'needs_login', 'cooldown', 'disabled']) }).nullable(),
  quota: z.object({ window: z.string(), usedPercent: z.number(), remainingPercent: z.number(), resetsAt: z.number().nullable() }).nullable(),
  lastTurn: z
    .object({
      model: z.string(),
      upstreamModel: z.string().nullable(),
      inputTokens: z.number(),
      outputTokens: z.number(),
      cachedTokens: z.number(),
      at: z.number(),
    })
    .nullable(),
});

/** The part of Claude Code's status-line JSON (stdin) we use. */
export const claudeStatusInputSchema = z.looseObject({
  model: z.looseObject({ id: z.string().optional(), display_name: z.string().optional() }).optional(),
});
export type ClaudeStatusInput = z.infer<typeof claudeStatusInputSchema>;

export function compactNumber(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 10_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${h % 24}h`;
}

function shortModel(id: string): string {
  return id.startsWith(CODEX_MODEL_ID_PREFIX) ? id.slice(CODEX_MODEL_ID_PREFIX.length) : id;
}

export function formatStatusline(data: StatuslineData, input: ClaudeStatusInput | null, nowMs: number): string {
  const parts: string[] = [];
  const model = data.lastTurn?.upstreamModel ?? (input?.model?.id ? shortModel(input.model.id) : null);
  parts.push(model ? `codex ${model}` : 'codex');
  if (!data.enabled) parts.push('proxy off');
  if (data.account) {
    const who = data.account.email ?? data.account.id;
    parts.push(`${who}${data.account.plan ? ` (${data.account.plan})` : ''}${data.account.status !== 'ok' ? ` [${data.account.status.replace('_', ' ')}]` : ''}`);
  } else {
    parts.push('no account');
  }
  if (data.quota) {
    const reset = data.quota.resetsAt !== null ? `, resets in ${formatDuration(data.quota.resetsAt - nowMs / 1000)}` : '';
    parts.push(`${data.quota.window} ${Math.round(data.quota.remainingPercent)}% left${reset}`);
  }
  if (data.lastTurn) {
    const t = data.lastTurn;
    const hit = t.inputTokens > 0 ? Math.round((100 * t.cachedTokens) / t.inputTokens) : 0;
    parts.push(`last ${compactNumber(t.inputTokens)} in (${hit}% cached) / ${compactNumber(t.outputTokens)} out`);
  }
  return parts.join(' · ');
}

export function fallbackStatusline(where: string): string {
  return `codex-claude-proxy not running (${where})`;
}
