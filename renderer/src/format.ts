/** Pure display helpers (no React, no I/O). */
import type { QuotaSnapshot, QuotaWindow } from '../../proxy/src/contract';

/** `300` → "5h", `10080` → "weekly", `1440` → "1d"; null → the fallback name. */
export function windowLabel(minutes: number | null, fallback: string): string {
  if (minutes === null || minutes <= 0) return fallback;
  if (minutes === 300) return '5h';
  if (minutes === 10080) return 'weekly';
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

export interface QuotaBarData {
  key: string;
  label: string;
  usedPercent: number;
  /** Unix seconds. */
  resetsAt: number | null;
}

/** Every window the snapshot reports: primary, secondary, then each additional limit family's windows. */
export function quotaWindows(q: QuotaSnapshot | null | undefined): QuotaBarData[] {
  if (!q) return [];
  const out: QuotaBarData[] = [];
  const add = (key: string, w: QuotaWindow | null, prefix: string, fallback: string): void => {
    if (!w) return;
    const label = windowLabel(w.windowMinutes, fallback);
    out.push({ key, label: prefix ? `${prefix} ${label}` : label, usedPercent: clampPercent(w.usedPercent), resetsAt: w.resetsAt });
  };
  add('primary', q.primary, '', 'primary');
  add('secondary', q.secondary, '', 'secondary');
  for (const [id, fam] of Object.entries(q.additional ?? {})) {
    add(`${id}:primary`, fam.primary, fam.name ?? id, 'primary');
    add(`${id}:secondary`, fam.secondary, fam.name ?? id, 'secondary');
  }
  return out;
}

export function clampPercent(n: number): number {
  return Math.max(0, Math.min(100, Number.isFinite(n) ? n : 0));
}

/** "3 h 5 min", "12 min", "2 d 4 h", "now". */
export function duration(ms: number): string {
  if (ms <= 0) return 'now';
  const min = Math.ceil(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** "resets in 3 h 5 min" for a Unix-seconds reset time. */
export function resetText(resetsAt: number | null, nowMs: number): string {
  if (resetsAt === null) return 'reset time unknown';
  const ms = resetsAt * 1000 - nowMs;
  return ms <= 0 ? 'has reset' : `resets in ${duration(ms)}`;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Local wall-clock time, e.g. "14:05:09". */
export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** 272000 → "272k", 1_000_000 → "1M". */
export function compactTokens(n: number): string {
  if (n >= 1_000_000) return `${Math.round(n / 100_000) / 10}M`;
  if (n >= 1_000) return `${Math.round(n / 100) / 10}k`;
  return String(n);
}

/** 850 → "850 ms", 4200 → "4.2 s", null → "—". */
export function shortMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return duration(ms);
}

/** 37.4 → "37 %", null → "—". */
export function percentText(p: number | null | undefined): string {
  return p === null || p === undefined ? '—' : `${Math.round(p)} %`;
}

/** The pace line of a quota window, in words. `resetsAt`/`runsOutAt` are Unix ms (as in QuotaPace). */
export function paceText(
  pace: { kind: 'no_data' | 'flat' | 'runs_out' | 'lasts' | 'exhausted'; runsOutAt: number | null; marginMs: number | null; resetsAt: number | null },
  label: string,
  nowMs: number,
): string {
  switch (pace.kind) {
    case 'no_data':
      return `Not enough readings yet to tell the ${label} window’s pace.`;
    case 'flat':
      return `No usage lately: the ${label} window lasts until it resets.`;
    case 'lasts':
      return `At this rate the ${label} window lasts until it resets.`;
    case 'exhausted':
      return pace.resetsAt === null ? `The ${label} window is used up.` : `The ${label} window is used up until it resets in ${duration(pace.resetsAt - nowMs)}.`;
    case 'runs_out': {
      const when = `at this rate the ${label} window runs out in ${duration((pace.runsOutAt ?? nowMs) - nowMs)}`;
      const text = pace.marginMs === null ? when : `${when}, ${duration(pace.marginMs)} before it resets`;
      return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
    }
  }
}

/** What a needs-login reason code means, in words. */
export function needsLoginText(reason: string | null | undefined): string {
  const r = reason ?? '';
  if (/refresh_token_reused/.test(r)) return 'This sign-in was used by another app (its refresh token was reused), so ChatGPT revoked it. Sign in again.';
  if (/expired|invalid_grant/.test(r)) return 'The sign-in expired. Sign in again.';
  if (/revoked|logged.?out/i.test(r)) return 'The sign-in was revoked (signed out elsewhere). Sign in again.';
  if (/ss1|safeStorage|sealed/i.test(r)) return 'The token was sealed by the desktop app and cannot be opened here. Sign in again or re-import.';
  return 'ChatGPT no longer accepts this account’s sign-in. Sign in again.';
}
