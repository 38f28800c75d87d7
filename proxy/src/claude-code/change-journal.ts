/**
 * Undoable file changes. Every change the configure writer or a doctor fix makes is one entry in
 * `<data dir>/claude-backups/<change id>/`: a byte-exact copy of each file as it was before (or a note that it did
 * not exist), its mode, and the SHA-256 of what we wrote. The backup is on disk before the file is touched; undo
 * restores the exact previous bytes, and refuses (unless forced) when the file was edited since our change, so
 * an undo never silently throws away the user's later edits.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { chmod, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { withFileLocks } from './file-lock.js';

export type ChangeKind = 'configure' | 'direct' | 'doctor-fix';

const changeFileSchema = z.object({
  path: z.string(),
  existed: z.boolean(),
  /** Backup file name inside the change directory (when the file existed). */
  backup: z.string().nullable(),
  mode: z.number().int().nullable(),
  /** SHA-256 of the content written by the change; null when the change deleted the file. */
  afterSha256: z.string().nullable(),
});
const changeRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(['configure', 'direct', 'doctor-fix']),
  description: z.string(),
  createdAt: z.string(),
  files: z.array(changeFileSchema),
  undoneAt: z.string().nullable(),
});

export type ChangeFile = z.infer<typeof changeFileSchema>;
export type ChangeRecord = z.infer<typeof changeRecordSchema>;

export const CHANGE_ID_RE = /^[0-9]{8}T[0-9]{9}Z-[a-z-]+-[0-9a-f]{6}$/;

export class ChangeError extends Error {
  override name = 'ChangeError';
}

/** One file edit: `after === null` deletes the file. */
export interface FileEdit {
  path: string;
  after: string | null;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function readOrNull(file: string): Promise<{ bytes: Buffer; mode: number } | null> {
  try {
    const [bytes, st] = await Promise.all([readFile(file), stat(file)]);
    return { bytes, mode: st.mode & 0o777 };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Atomic write (temp + fsync + rename; follows a symlinked target) keeping the file's mode, 0600 for new files. */
export async function writeFileKeepingMode(file: string, content: string | Buffer, mode: number | null): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, content, { mode: mode ?? 0o600, fsync: true });
}

export class ChangeJournal {
  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  private lastMs = 0;

  /** Strictly increasing within a process, so ids sort in the order the changes were made. */
  private stamp(): number {
    this.lastMs = Math.max(this.now(), this.lastMs + 1);
    return this.lastMs;
  }

  private newId(kind: ChangeKind, ms: number): string {
    const ts = new Date(ms).toISOString().replace(/[-:.]/g, ''); // 20261125T160501123Z
    return `${ts}-${kind}-${randomBytes(3).toString('hex')}`;
  }

  /**
   * Applies `edits` computed by `plan` from the current file contents, under a lock on every file, after backing
   * them up. `plan` returns null for "nothing to change".
   */
  async apply(
    kind: ChangeKind,
    description: string,
    files: string[],
    plan: (current: Map<string, string | null>) => Promise<FileEdit[] | null> | FileEdit[] | null,
  ): Promise<ChangeRecord | null> {
    return withFileLocks(files, async () => {
      const current = new Map<string, { bytes: Buffer; mode: number } | null>();
      for (const f of files) current.set(path.resolve(f), await readOrNull(f));
      const texts = new Map([...current].map(([k, v]) => [k, v ? v.bytes.toString('utf8') : null]));
      const edits = await plan(texts);
      if (!edits || edits.length === 0) return null;
      const ms = this.stamp();
      const id = this.newId(kind, ms);
      const changeDir = path.join(this.dir, id);
      mkdirSync(changeDir, { recursive: true, mode: 0o700 });
      const record: ChangeRecord = { id, kind, description, createdAt: new Date(ms).toISOString(), files: [], undoneAt: null };
      try {
        let n = 0;
        for (const edit of edits) {
          const abs = path.resolve(edit.path);
          if (!current.has(abs)) throw new ChangeError(`internal: ${abs} was not locked`);
          const before = current.get(abs) ?? null;
          const backup = before ? `file-${n++}.bak` : null;
          if (before && backup) await writeFile(path.join(changeDir, backup), before.bytes, { mode: 0o600 });
          record.files.push({
            path: abs,
            existed: before !== null,
            backup,
            mode: before?.mode ?? null,
            afterSha256: edit.after === null ? null : sha256(edit.after),
          });
        }
        await this.saveRecord(record);
      } catch (e) {
        await rm(changeDir, { recursive: true, force: true });
        throw e;
      }
      for (const edit of edits) {
        const abs = path.resolve(edit.path);
        if (edit.after === null) {
          try {
            await unlink(abs);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          }
        } else await writeFileKeepingMode(abs, edit.after, current.get(abs)?.mode ?? null);
      }
      return record;
    });
  }

  private async saveRecord(r: ChangeRecord): Promise<void> {
    await writeFileAtomic(path.join(this.dir, r.id, 'change.json'), `${JSON.stringify(r, null, 2)}\n`, { mode: 0o600 });
  }

  async get(id: string): Promise<ChangeRecord | null> {
    if (!CHANGE_ID_RE.test(id)) throw new ChangeError(`not a change id: ${JSON.stringify(id.slice(0, 80))}`);
    try {
      const raw: unknown = JSON.parse(await readFile(path.join(this.dir, id, 'change.json'), 'utf8'));
      const r = changeRecordSchema.safeParse(raw);
      return r.success ? r.data : null;
    } catch {
      return null;
    }
  }

  /** Newest first. */
  async list(): Promise<ChangeRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: ChangeRecord[] = [];
    for (const n of names.filter((x) => CHANGE_ID_RE.test(x))) {
      const r = await this.get(n);
      if (r) out.push(r);
    }
    return out.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  /**
   * Restores every file of a change to its exact previous bytes (or deletes a file the change created).
   * Refuses when a file no longer holds what the change wrote, unless `force` (then the current content is kept
   * in the change directory as `*.pre-undo`).
   */
  async undo(id: string, opts: { force?: boolean } = {}): Promise<ChangeRecord> {
    const rec = await this.get(id);
    if (!rec) throw new ChangeError(`no change ${id}`);
    if (rec.undoneAt) throw new ChangeError(`change ${id} was already undone at ${rec.undoneAt}`);
    const changeDir = path.join(this.dir, id);
    return withFileLocks(
      rec.files.map((f) => f.path),
      async () => {
        const now = await Promise.all(rec.files.map((f) => readOrNull(f.path)));
        const drifted = rec.files.filter((f, i) => {
          const cur = now[i] ?? null;
          return f.afterSha256 === null ? cur !== null : cur === null || sha256(cur.bytes) !== f.afterSha256;
        });
        if (drifted.length > 0 && !opts.force) {
          throw new ChangeError(
            `${drifted.map((f) => f.path).join(', ')} changed after change ${id}; undoing would discard those edits (use --force to undo anyway)`,
          );
        }
        for (const [i, f] of rec.files.entries()) {
          const cur = now[i];
          if (cur) await writeFile(path.join(changeDir, `file-${i}.pre-undo`), cur.bytes, { mode: 0o600 });
          if (f.existed && f.backup) {
            const bytes = await readFile(path.join(changeDir, f.backup));
            await writeFileKeepingMode(f.path, bytes, f.mode);
            if (f.mode !== null) await chmod(f.path, f.mode);
          } else {
            await unlink(f.path).catch(() => undefined);
          }
        }
        const done: ChangeRecord = { ...rec, undoneAt: new Date(this.now()).toISOString() };
        await this.saveRecord(done);
        return done;
      },
    );
  }
}
