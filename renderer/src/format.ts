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
