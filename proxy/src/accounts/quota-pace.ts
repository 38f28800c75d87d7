/**
 * Quota pace (pure): from a quota window's used-% history, the burn rate and whether the window runs out before it
 * resets ("at this rate the 5 h window runs out in 1 h 40 min, 35 min before it resets") or lasts until the reset.
 * `QuotaHistory` keeps a small in-memory history per account and window, fed with the snapshots the QuotaBook
 * records (`observe(accountId, snapshot)`); a reset (used % drops, or the reset time moves on) starts a new history.
 * With a single reading the rate is estimated from the window's start (resetsAt − window length).
 */
import type { QuotaSnapshot, QuotaWindow } from '../contract.js';

export interface UsageSample {
  /** Unix ms. */
  at: number;
  usedPercent: number;
  /** Unix seconds, as in QuotaWindow. */
  resetsAt: number | null;
  windowMinutes: number | null;
}

export type PaceKind = 'no_data' | 'flat' | 'runs_out' | 'lasts' | 'exhausted';

export interface QuotaPace {
  kind: PaceKind;
  /** Percentage points per hour; null when unknown. */
  ratePerHour: number | null;
  /** Unix ms when the window reaches 100 % at this rate (only for 'runs_out'). */
  runsOutAt: number | null;
  /** Unix ms of the reset, when known. */
  resetsAt: number | null;
  /** How long before the reset it runs out ('runs_out' with a known reset). */
  marginMs: number | null;
  /** 'history': from readings over time; 'window': one reading, averaged over the window so far. */
  basis: 'history' | 'window' | null;
}

const HOUR = 3_600_000;
/** Readings closer together than this say nothing about a rate. */
const MIN_SPAN_MS = 60_000;

const none = (resetsAt: number | null): QuotaPace => ({ kind: 'no_data', ratePerHour: null, runsOutAt: null, resetsAt, marginMs: null, basis: null });

/** The samples since the last reset (a drop in used %, or a later reset time), oldest first. */
export function currentWindow(samples: readonly UsageSample[]): UsageSample[] {
  let start = 0;
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1]!;
    const cur = samples[i]!;
    const resetMoved = prev.resetsAt !== null && cur.resetsAt !== null && cur.resetsAt - prev.resetsAt > 60;
    if (cur.usedPercent < prev.usedPercent - 0.5 || resetMoved) start = i;
  }
  return samples.slice(start);
}

function rateFromWindowStart(s: UsageSample): number | null {
  if (s.resetsAt === null || s.windowMinutes === null || s.windowMinutes <= 0) return null;
  const startMs = s.resetsAt * 1000 - s.windowMinutes * 60_000;
  const elapsed = s.at - startMs;
  if (elapsed < MIN_SPAN_MS) return null;
  return s.usedPercent / elapsed;
}

export function quotaPace(samples: readonly UsageSample[], nowMs: number): QuotaPace {
  const win = currentWindow(samples);
  const last = win[win.length - 1];
  if (!last) return none(null);
  const resetsAt = last.resetsAt === null ? null : last.resetsAt * 1000;
  if (resetsAt !== null && resetsAt <= nowMs) return none(null); // the window has reset since the last reading
  if (last.usedPercent >= 100) return { kind: 'exhausted', ratePerHour: null, runsOutAt: last.at, resetsAt, marginMs: resetsAt === null ? null : resetsAt - last.at, basis: 'history' };

  const first = win.find((s) => last.at - s.at >= MIN_SPAN_MS);
  let perMs: number | null;
  let basis: QuotaPace['basis'];
  if (first && first !== last) {
    perMs = (last.usedPercent - first.usedPercent) / (last.at - first.at);
    basis = 'history';
  } else {
    perMs = rateFromWindowStart(last);
    basis = 'window';
  }
  if (perMs === null) return none(resetsAt);
  const ratePerHour = perMs * HOUR;
  if (perMs <= 0) return { kind: 'flat', ratePerHour: 0, runsOutAt: null, resetsAt, marginMs: null, basis };
  const runsOutAt = Math.max(nowMs, last.at + (100 - last.usedPercent) / perMs);
  if (resetsAt !== null && runsOutAt >= resetsAt) return { kind: 'lasts', ratePerHour, runsOutAt: null, resetsAt, marginMs: null, basis };
  return { kind: 'runs_out', ratePerHour, runsOutAt, resetsAt, marginMs: resetsAt === null ? null : resetsAt - runsOutAt, basis };
}

/** The windows of a snapshot by key: 'primary', 'secondary', '<family>:primary', '<family>:secondary'. */
export function snapshotWindows(s: QuotaSnapshot): [string, QuotaWindow][] {
  const out: [string, QuotaWindow][] = [];
  if (s.primary) out.push(['primary', s.primary]);
  if (s.secondary) out.push(['secondary', s.secondary]);
  for (const [id, fam] of Object.entries(s.additional ?? {})) {
    if (fam.primary) out.push([`${id}:primary`, fam.primary]);
    if (fam.secondary) out.push([`${id}:secondary`, fam.secondary]);
  }
  return out;
}

/** Bounded in-memory used-% history per account and window. */
export class QuotaHistory {
  private readonly byKey = new Map<string, UsageSample[]>();

  constructor(private readonly maxSamples = 120) {}

  observe(accountId: string, snapshot: QuotaSnapshot): void {
    for (const [key, w] of snapshotWindows(snapshot)) {
      this.add(accountId, key, { at: snapshot.observedAt, usedPercent: w.usedPercent, resetsAt: w.resetsAt, windowMinutes: w.windowMinutes });
    }
  }

  add(accountId: string, windowKey: string, sample: UsageSample): void {
    const k = `${accountId}\u0000${windowKey}`;
    const list = this.byKey.get(k) ?? [];
    const last = list[list.length - 1];
    if (last && sample.at < last.at) return; // out of order: an older reading
    if (last && last.usedPercent === sample.usedPercent && last.resetsAt === sample.resetsAt && list.length >= 2 && list[list.length - 2]!.usedPercent === sample.usedPercent) {
      list[list.length - 1] = sample; // a flat run keeps its two ends only
    } else list.push(sample);
    const trimmed = currentWindow(list).slice(-this.maxSamples);
    this.byKey.set(k, trimmed);
  }

  samples(accountId: string, windowKey: string): UsageSample[] {
    return [...(this.byKey.get(`${accountId}\u0000${windowKey}`) ?? [])];
  }

  forget(accountId: string): void {
    for (const k of [...this.byKey.keys()]) if (k.startsWith(`${accountId}\u0000`)) this.byKey.delete(k);
  }
}
