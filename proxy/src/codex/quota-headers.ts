/**
 * `x-codex-*` quota headers (docs/codex-backend.md §8.1) → QuotaSnapshot. Sent on 200 streams and on errors.
 * - The `codex` family fills primary/secondary; other families (`x-<limit-id>-primary-used-percent`, ids with `-`
 *   on the wire and `_` inside) go to `additional`, named by `x-<limit-id>-limit-name`.
 * - A window counts only if it has data: used ≠ 0, or window ≠ 0, or a reset time.
 * - Booleans are case-insensitive (`True`/`False`, `1`/`0`). Header names are matched case-insensitively.
 * Returns null when the response carries no quota information at all.
 */
import type { QuotaSnapshot, QuotaWindow } from '../contract.js';

export type HeaderBag = Record<string, string | string[] | undefined>;

function lower(headers: HeaderBag): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out.set(k.toLowerCase(), (Array.isArray(v) ? v[0] ?? '' : v).trim());
  }
  return out;
}

const num = (v: string | undefined): number | null => {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

export function parseBool(v: string | undefined): boolean | null {
  if (v === undefined) return null;
  const s = v.trim().toLowerCase();
  if (s === 'true' || s === '1' || s === 'yes') return true;
  if (s === 'false' || s === '0' || s === 'no') return false;
  return null;
}

function window(h: Map<string, string>, prefix: string, nowMs: number): QuotaWindow | null {
  const used = num(h.get(`${prefix}-used-percent`));
  const minutes = num(h.get(`${prefix}-window-minutes`));
  let resetsAt = num(h.get(`${prefix}-reset-at`));
  if (resetsAt === null) {
    const after = num(h.get(`${prefix}-reset-after-seconds`));
    if (after !== null) resetsAt = Math.floor(nowMs / 1000) + after;
  }
  const hasData = (used !== null && used !== 0) || (minutes !== null && minutes !== 0) || resetsAt !== null;
  if (!hasData) return null;
  return { usedPercent: used ?? 0, windowMinutes: minutes !== null && minutes !== 0 ? minutes : null, resetsAt };
}

const FAMILY = /^x-(.+)-(primary|secondary)-used-percent$/;

export function parseQuotaHeaders(headers: HeaderBag, nowMs: number): QuotaSnapshot | null {
  const h = lower(headers);
  const families = new Set<string>();
  for (const k of h.keys()) {
    const m = FAMILY.exec(k);
    if (m) families.add(m[1]!);
  }
  const hasCredits = parseBool(h.get('x-codex-credits-has-credits'));
  const unlimited = parseBool(h.get('x-codex-credits-unlimited'));
  const balance = h.get('x-codex-credits-balance');
  const plan = h.get('x-codex-plan-type') || null;
  if (families.size === 0 && hasCredits === null && unlimited === null && !plan) return null;

  const snap: QuotaSnapshot = {
    plan,
    primary: window(h, 'x-codex-primary', nowMs),
    secondary: window(h, 'x-codex-secondary', nowMs),
    credits:
      hasCredits === null && unlimited === null && balance === undefined
        ? null
        : { hasCredits: hasCredits ?? false, unlimited: unlimited ?? false, balance: balance ? balance : null },
    activeLimit: h.get('x-codex-active-limit') || null,
    observedAt: nowMs,
    source: 'headers',
  };
  for (const family of families) {
    if (family === 'codex') continue;
    const primary = window(h, `x-${family}-primary`, nowMs);
    const secondary = window(h, `x-${family}-secondary`, nowMs);
    if (!primary && !secondary) continue;
    snap.additional ??= {};
    snap.additional[family.replace(/-/g, '_')] = { name: h.get(`x-${family}-limit-name`) || null, primary, secondary };
  }
  return snap;
}
