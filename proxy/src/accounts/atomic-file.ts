/** Atomic (temp + fsync + rename) JSON writes with 0600 permissions, and a read that tells missing from corrupt. */
import { readFile, rename, stat } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export async function writeJsonAtomic(file: string, value: unknown, mode = 0o600): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, { mode, fsync: true });
}

export type JsonRead = { kind: 'missing' } | { kind: 'ok'; value: unknown; mtimeMs: number; stamp: FileStamp } | { kind: 'corrupt'; error: string };

/** What tells one version of a file from the next without reading it: its mtime and size. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export async function readJsonFile(file: string): Promise<JsonRead> {
  return (await readJsonFileIfChanged(file, null)) as JsonRead;
}

/**
 * Like readJsonFile, but only stats the file when it still has the stamp of the copy the caller holds
 * (`unchanged`: no read, no parse) — the cheap "did another process write it?" check.
 */
export async function readJsonFileIfChanged(file: string, known: FileStamp | null): Promise<JsonRead | { kind: 'unchanged' }> {
  let text: string;
  let stamp: FileStamp;
  try {
    const st = await stat(file);
    stamp = { mtimeMs: st.mtimeMs, size: st.size };
    if (known && known.mtimeMs === stamp.mtimeMs && known.size === stamp.size) return { kind: 'unchanged' };
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw e;
  }
  try {
    return { kind: 'ok', value: JSON.parse(text), mtimeMs: stamp.mtimeMs, stamp };
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
