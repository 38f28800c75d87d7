/** Atomic (temp + fsync + rename) JSON writes with 0600 permissions, and a read that tells missing from corrupt. */
import { readFile, rename, stat } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export async function writeJsonAtomic(file: string, value: unknown, mode = 0o600): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, { mode, fsync: true });
}

export type JsonRead = { kind: 'missing' } | { kind: 'ok'; value: unknown; mtimeMs: number } | { kind: 'corrupt'; error: string };

export async function readJsonFile(file: string): Promise<JsonRead> {
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(file)).mtimeMs;
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw e;
  }
  try {
    return { kind: 'ok', value: JSON.parse(text), mtimeMs };
  } catch (e) {
    return { kind: 'corrupt', error: (e as Error).message };
  }
}

/** Moves a corrupt file aside (never deletes it) and returns the new path. */
export async function keepAside(file: string, now = Date.now()): Promise<string> {
  const aside = `${file}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  await rename(file, aside);
  return aside;
}
