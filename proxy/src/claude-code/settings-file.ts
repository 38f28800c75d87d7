/** Reads Claude Code's settings.json (or .claude.json) as text + object; an unparseable file is an error, never `{}`. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export class ClaudeSettingsError extends Error {
  override name = 'ClaudeSettingsError';
}

export interface JsonDoc {
  /** null when the file does not exist. */
  text: string | null;
  data: Record<string, unknown>;
}

/** Parses a document's text; the error names the file and the position, never the content (it may hold secrets). */
export function parseJsonDoc(text: string | null, file: string): JsonDoc {
  if (text === null) return { text: null, data: {} };
  if (text.trim() === '') return { text, data: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec((e as Error).message)?.[1];
    const where = pos !== undefined ? ` (${lineCol(text, Number(pos))})` : '';
    throw new ClaudeSettingsError(
      `${file} is not valid JSON${where}; it was left unchanged — fix it or move it aside, then try again`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ClaudeSettingsError(`${file} does not hold a JSON object; it was left unchanged`);
  }
  return { text, data: value as Record<string, unknown> };
}

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `line ${line}, column ${col}`;
}

export async function readTextOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export async function readJsonDoc(file: string): Promise<JsonDoc> {
  return parseJsonDoc(await readTextOrNull(file), file);
}

/** `~/x` form for messages. */
export function tildify(file: string, home: string): string {
  const rel = path.relative(home, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `~/${rel}` : file;
}

export function envOf(data: Record<string, unknown>): Record<string, unknown> {
  const env = data.env;
  return typeof env === 'object' && env !== null && !Array.isArray(env) ? (env as Record<string, unknown>) : {};
}
