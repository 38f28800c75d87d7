/**
 * A cross-process lock beside a file (`<file>.ccp.lock`), so concurrent configure / fix / undo calls — from the CLI,
 * the dashboard, two terminals — run one at a time and never interleave a read-modify-write.
 */
import path from 'node:path';
import { withFileLock as withLockFile, type LockOptions } from '../file-lock.js';

export { LockTimeoutError, type LockOptions } from '../file-lock.js';

export function lockPathFor(file: string): string {
  return `${file}.ccp.lock`;
}

export function withFileLock<T>(file: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  return withLockFile(lockPathFor(file), fn, {
    timeoutMs: 10_000,
    staleMs: 30_000,
    pollMs: 20,
    timeoutMessage: `${path.basename(file)} is locked by another codex-claude-proxy process (${lockPathFor(file)}); try again`,
    ...opts,
  });
}

/** Locks several files in a fixed (sorted) order, so two multi-file operations cannot deadlock. */
export async function withFileLocks<T>(files: string[], fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const sorted = [...new Set(files.map((f) => path.resolve(f)))].sort();
  const run = (i: number): Promise<T> => (i >= sorted.length ? fn() : withFileLock(sorted[i] as string, () => run(i + 1), opts));
  return run(0);
}
