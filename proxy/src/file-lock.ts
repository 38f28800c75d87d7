/**
 * A cross-process lock from node built-ins: an O_EXCL lock file holding `{pid, at}`. A lock whose owner process is
 * gone, or that is older than `staleMs`, is taken over. Used so two proxy processes (the app and a CLI, or two
 * CLIs) never refresh the same token chain at once, and never interleave edits of Claude Code's settings.
 */
import { open, readFile, rm, stat } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export interface LockOptions {
  /** A lock older than this is considered abandoned. Default 60 s (longer than any refresh). */
  staleMs?: number;
  /** Give up waiting after this long. Default 45 s. */
  timeoutMs?: number;
  /** Poll interval while waiting. Default 50 ms. */
  pollMs?: number;
  /** Message of the LockTimeoutError. */
  timeoutMessage?: string;
}

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(file: string, staleMs: number): Promise<boolean> {
  try {
    const [info, text] = await Promise.all([stat(file), readFile(file, 'utf8')]);
    if (Date.now() - info.mtimeMs > staleMs) return true;
    let pid = NaN;
    try {
      pid = Number((JSON.parse(text) as { pid?: unknown }).pid);
    } catch {
      // a half-written lock file: young, so treat it as held
      return false;
    }
    // no readable owner: held until it ages out
    if (!Number.isInteger(pid) || pid <= 0) return false;
    return pid !== process.pid && !processAlive(pid);
  } catch (e) {
    // vanished between our attempt and the check: not stale, just retry
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

async function tryAcquire(file: string): Promise<boolean> {
  try {
    const fh = await open(file, 'wx', 0o600);
    try {
      await fh.writeFile(JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
    } finally {
      await fh.close();
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** Runs `fn` while holding the lock file `file` (created, then removed). */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, o: LockOptions = {}): Promise<T> {
  const staleMs = o.staleMs ?? 60_000;
  const deadline = Date.now() + (o.timeoutMs ?? 45_000);
  const pollMs = o.pollMs ?? 50;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  for (;;) {
    if (await tryAcquire(file)) break;
    if (await isStale(file, staleMs)) {
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new LockTimeoutError(o.timeoutMessage ?? `Timed out waiting for ${path.basename(file)} (held by another codex-claude-proxy process)`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
