/** The cross-process lock (O_EXCL lock file with stale detection). */
import { mkdtempSync, rmSync, writeFileSync, utimesSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockTimeoutError, withFileLock } from '../../../proxy/src/file-lock.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'ccp-lock-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('withFileLock', () => {
  it('runs critical sections one at a time and removes the lock afterwards', async () => {
    const lock = path.join(dir, 'locks', 'a.lock');
    let inside = 0;
    let max = 0;
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        withFileLock(lock, async () => {
          inside++;
          max = Math.max(max, inside);
          await new Promise((r) => setTimeout(r, 10));
          order.push(n);
          inside--;
        }, { pollMs: 5 }),
      ),
    );
    expect(max).toBe(1);
    expect(order).toHaveLength(5);
    expect(existsSync(lock)).toBe(false);
  });

  it('releases the lock when the section throws', async () => {
    const lock = path.join(dir, 'b.lock');
    await expect(withFileLock(lock, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose owner process is gone, or that is too old', async () => {
    const dead = path.join(dir, 'dead.lock');
    writeFileSync(dead, JSON.stringify({ pid: 2 ** 22 + 12345, at: new Date().toISOString() }));
    await expect(withFileLock(dead, async () => 'ok', { timeoutMs: 1000 })).resolves.toBe('ok');
    const old = path.join(dir, 'old.lock');
    writeFileSync(old, JSON.stringify({ pid: process.ppid }));
    const past = new Date(Date.now() - 120_000);
    utimesSync(old, past, past);
    await expect(withFileLock(old, async () => 'ok', { timeoutMs: 1000 })).resolves.toBe('ok');
  });

  it('waits for a live holder and times out clearly', async () => {
    const held = path.join(dir, 'held.lock');
    writeFileSync(held, JSON.stringify({ pid: process.ppid }));
    await expect(withFileLock(held, async () => 'never', { timeoutMs: 150, pollMs: 10 })).rejects.toThrow(LockTimeoutError);
  });
});
