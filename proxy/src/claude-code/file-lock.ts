/**
 * A cross-process lock beside a file (`<file>.ccp.lock`, created with O_EXCL), so concurrent configure / fix / undo
 * calls — from the CLI, the dashboard, two terminals — run one at a time and never interleave a read-modify-write.
 * A lock older than `staleMs` (a crashed writer) is broken.
 */
import { mkdirSync } from 'node:fs';
import { open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

export interface LockOptions {
  timeoutMs?: number;
  staleMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function lockPathFor(file: string): string {
  return `${file}.ccp.lock`;
}

export async function withFileLock<T>(file: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const lock = lockPathFor(file);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const staleMs = opts.staleMs ?? 30_000;
  mkdirSync(path.dirname(lock), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const h = await open(lock, 'wx', 0o600);
      try {
        await h.writeFile(`${process.pid}\n`);
      } finally {
        await h.close();
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        const st = await stat(lock);
        if (Date.now() - st.mtimeMs > staleMs) {
          await unlink(lock).catch(() => undefined);
          continue;
        }
      } catch {
        continue; // released between open and stat
      }
      if (Date.now() > deadline) throw new LockTimeoutError(`${path.basename(file)} is locked by another codex-claude-proxy process (${lock}); try again`);
      await sleep(10 + Math.floor(Math.random() * 30));
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

/** Locks several files in a fixed (sorted) order, so two multi-file operations cannot deadlock. */
export async function withFileLocks<T>(files: string[], fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const sorted = [...new Set(files.map((f) => path.resolve(f)))].sort();
  const run = (i: number): Promise<T> => (i >= sorted.length ? fn() : withFileLock(sorted[i] as string, () => run(i + 1), opts));
  return run(0);
}
