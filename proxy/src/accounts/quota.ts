/**
 * Per-account quota snapshots (`<data dir>/quota.json`, 0600, atomic writes): recorded from the x-codex-* headers of
 * every upstream response and from GET /wham/usage on demand. Writes are coalesced and merged with what another
 * process (CLI `accounts refresh`) wrote meanwhile, newest observation per account winning.
 */
import { z } from 'zod';
import type { QuotaSnapshot, QuotaWindow } from '../contract.js';
import { keepAside, readJsonFile, writeJsonAtomic } from './atomic-file.js';

const windowSchema = z.object({ usedPercent: z.number(), windowMinutes: z.number().nullable(), resetsAt: z.number().nullable() }).nullable();
const snapshotSchema = z.looseObject({
  plan: z.string().nullable(),
  primary: windowSchema,
  secondary: windowSchema,
  additional: z.record(z.string(), z.object({ name: z.string().nullable(), primary: windowSchema, secondary: windowSchema })).optional(),
  credits: z.object({ hasCredits: z.boolean(), unlimited: z.boolean(), balance: z.string().nullable() }).nullable(),
  activeLimit: z.string().nullable().optional(),
  observedAt: z.number(),
  source: z.enum(['headers', 'usage-endpoint', 'stream-event']),
});
const quotaFile = z.object({ version: z.literal(1), accounts: z.record(z.string(), snapshotSchema) });

/** How much of an account's plan is left, from its snapshot: the tightest of the primary and secondary windows. */
export interface Headroom {
  /** 0–100; 100 when nothing is known. */
  percentLeft: number;
  /** Unix seconds at which the binding window resets, when known. */
  resetsAt: number | null;
  known: boolean;
}

function liveUsed(w: QuotaWindow | null, nowSec: number): number | null {
  if (!w) return null;
  if (w.resetsAt !== null && w.resetsAt <= nowSec) return 0; // the window has reset since we looked
  return w.usedPercent;
}

export function headroom(snap: QuotaSnapshot | null | undefined, nowMs: number): Headroom {
  if (!snap) return { percentLeft: 100, resetsAt: null, known: false };
  const now = Math.floor(nowMs / 1000);
  let worst = -1;
  let resetsAt: number | null = null;
  for (const w of [snap.primary, snap.secondary]) {
    const used = liveUsed(w, now);
    if (used === null) continue;
    if (used > worst) {
      worst = used;
      resetsAt = w!.resetsAt;
    }
  }
  if (worst < 0) return { percentLeft: 100, resetsAt: null, known: false };
  return { percentLeft: Math.max(0, Math.min(100, 100 - worst)), resetsAt, known: true };
}

export class QuotaBook {
  private snaps: Record<string, QuotaSnapshot> = {};
  private loaded: Promise<void> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  lastCorruption: { aside: string; error: string } | null = null;

  constructor(readonly file: string) {}

  /** Reads the file once (idempotent). A corrupt file is kept aside and reported, never silently replaced. */
  load(): Promise<void> {
    this.loaded ??= this.readFile().then((fromDisk) => {
      this.snaps = { ...fromDisk, ...this.snaps };
    });
    return this.loaded;
  }

  private async readFile(): Promise<Record<string, QuotaSnapshot>> {
    const read = await readJsonFile(this.file);
    if (read.kind === 'missing') return {};
    const parsed = read.kind === 'ok' ? quotaFile.safeParse(read.value) : null;
    if (!parsed || !parsed.success) {
      const error = read.kind === 'corrupt' ? read.error : 'unexpected structure';
      const aside = await keepAside(this.file).catch(() => '(could not move it)');
      this.lastCorruption = { aside, error };
      return {};
    }
    return parsed.data.accounts as Record<string, QuotaSnapshot>;
  }

  get(id: string): QuotaSnapshot | null {
    return this.snaps[id] ?? null;
  }

  all(): Record<string, QuotaSnapshot> {
    return { ...this.snaps };
  }

  /**
   * Records a new observation (newer than what is known). It is written at once only when the readings changed:
   * every upstream response carries quota headers and most repeat the last ones, so the hot path skips the disk;
   * a newer observation time alone is written with the next change or by flush().
   */
  record(id: string, snap: QuotaSnapshot): void {
    const prev = this.snaps[id];
    if (prev && prev.observedAt > snap.observedAt) return;
    this.snaps[id] = snap;
    if (prev && sameReadings(prev, snap)) {
      this.dirty = true; // written with the next change, or by flush()
      return;
    }
    this.schedule();
  }

  remove(id: string): void {
    if (!(id in this.snaps)) return;
    delete this.snaps[id];
    this.schedule(id);
  }

  /** Resolves when everything recorded so far is on disk. */
  async flush(): Promise<void> {
    await this.writing;
    if (this.dirty) {
      this.schedule();
      await this.writing;
    }
  }

  private schedule(removed?: string): void {
    this.dirty = true;
    this.writing = this.writing
      .then(async () => {
        if (!this.dirty) return;
        this.dirty = false;
        await this.load();
        const disk = await this.readFile().catch(() => ({}) as Record<string, QuotaSnapshot>);
        if (removed) delete disk[removed];
        for (const [id, s] of Object.entries(disk)) {
          const mine = this.snaps[id];
          if (id !== removed && (!mine || mine.observedAt < s.observedAt)) this.snaps[id] = s;
        }
        await writeJsonAtomic(this.file, { version: 1, accounts: this.snaps });
      })
      .catch(() => undefined);
  }
}

/** Equal apart from when they were observed. */
function sameReadings(a: QuotaSnapshot, b: QuotaSnapshot): boolean {
  return JSON.stringify({ ...a, observedAt: 0 }) === JSON.stringify({ ...b, observedAt: 0 });
}
