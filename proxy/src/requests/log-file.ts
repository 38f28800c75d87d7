/**
 * The persisted request log: `<data dir>/requests.jsonl`, one redacted record per line (0600). Only the known
 * record fields are kept (a whitelist schema: no content, no secrets, strings capped); loaded at start, appended as
 * requests finish, compacted (rewritten atomically) when it holds more lines than the retention allows.
 * Retention: records older than `days` and beyond the newest `maxEntries` are dropped.
 */
import { appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RequestLogSink, RequestRecord } from '../logs/request-log.js';
import type { DashboardRecord } from './record.js';

export interface Retention {
  days: number;
  maxEntries: number;
}

const str = z.string().max(200);
const chainSchema = z.object({
  upstream: z.enum(['codex', 'chat']),
  accountId: str.nullable(),
  model: str.nullable(),
  outcome: z.enum(['ok', 'failed', 'aborted']),
  status: z.number().int().optional(),
  errorType: str.optional(),
  transport: z.enum(['sse', 'websocket']).optional(),
});

/** The whitelist: what may be written to disk. Unknown fields are stripped. */
export const persistedRecordSchema = z.object({
  id: str,
  startedAt: z.number(),
  durationMs: z.number(),
  route: str,
  clientModel: str,
  upstreamModel: str.nullable(),
  accountId: str.nullable(),
  stream: z.boolean(),
  status: z.number().int(),
  outcome: z.enum(['ok', 'error', 'aborted']),
  errorType: str.optional(),
  attempts: z.number().int().min(0),
  inputTokens: z.number().min(0),
  outputTokens: z.number().min(0),
  cachedTokens: z.number().min(0),
  lane: z.enum(['codex', 'haiku']).optional(),
  fallback: z.boolean().optional(),
  chain: z.array(chainSchema).max(20).optional(),
  ttftMs: z.number().nullable().optional(),
  effort: str.nullable().optional(),
  transport: z.enum(['sse', 'websocket']).optional(),
});

/** The record as it may be persisted, or null when it does not fit the whitelist. */
export function redactRecord(r: unknown): DashboardRecord | null {
  const parsed = persistedRecordSchema.safeParse(r);
  return parsed.success ? (parsed.data as DashboardRecord) : null;
}

/** Pure: the records retention keeps, oldest first. */
export function applyRetention<R extends { startedAt: number }>(records: readonly R[], retention: Retention, nowMs: number): R[] {
  const cutoff = nowMs - retention.days * 86_400_000;
  const fresh = records.filter((r) => r.startedAt >= cutoff);
  return fresh.slice(-Math.max(0, retention.maxEntries));
}

export class JsonlRequestLogFile implements RequestLogSink {
  private kept: DashboardRecord[] = [];
  private lines = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly retention: () => Retention,
    private readonly now: () => number = Date.now,
  ) {}

  load(): RequestRecord[] {
    let text = '';
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const all: DashboardRecord[] = [];
    let lines = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      lines++;
      try {
        const r = redactRecord(JSON.parse(line));
        if (r) all.push(r);
      } catch {
        // a torn last line or a corrupt one: skipped, and dropped by the compaction below
      }
    }
    this.kept = applyRetention(all.sort((a, b) => a.startedAt - b.startedAt), this.retention(), this.now());
    this.lines = lines;
    if (lines !== this.kept.length) this.compact();
    return [...this.kept];
  }

  append(r: RequestRecord): void {
    const safe = redactRecord(r);
    if (!safe) return;
    this.kept.push(safe);
    this.lines++;
    const { maxEntries } = this.retention();
    if (this.lines > maxEntries + Math.max(50, Math.ceil(maxEntries / 4))) return this.compact();
    this.enqueue(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, `${JSON.stringify(safe)}\n`, { mode: 0o600 });
    });
  }

  /** Applies the retention now (e.g. after the setting changed) and rewrites the file. */
  compact(): void {
    this.kept = applyRetention(this.kept, this.retention(), this.now());
    this.lines = this.kept.length;
    const body = this.kept.map((r) => `${JSON.stringify(r)}\n`).join('');
    this.enqueue(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, body, { mode: 0o600 });
      await rename(tmp, this.file);
    });
  }

  flush(): Promise<void> {
    return this.chain;
  }

  private enqueue(job: () => Promise<void>): void {
    // One write at a time, in order; a failed write (disk full) never stops the proxy nor later writes.
    this.chain = this.chain.then(job).catch(() => undefined);
  }
}
