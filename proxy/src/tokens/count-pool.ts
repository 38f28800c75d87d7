/**
 * The process-wide token-counting pool: count_tokens requests are counted in worker threads (see worker-pool.ts).
 * The worker module is found next to this one: `count-worker.js` beside the built CLI (dist/proxy/, also when this
 * code sits in dist/proxy/chunks/), or `count-worker.ts` run through tsx from the sources (tests, `npm start`).
 * When neither exists (a bundle that did not emit the worker), counting falls back to this thread — still linear.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CountTokensRequest } from '../anthropic/request.js';
import { countRequestTokens } from '../translate/count-tokens.js';
import { PoolError, WorkerPool } from './worker-pool.js';

export type CountInput = Pick<CountTokensRequest, 'system' | 'messages' | 'tools'>;

/** Time budget of one count, ms (a 64 MB body of text counts in a few seconds). */
export const COUNT_BUDGET_MS = 15_000;
/** Requests waiting for a worker, at most. */
export const COUNT_QUEUE_LIMIT = 64;

function workerModule(): { file: URL; execArgv: string[] } | null {
  for (const rel of ['./count-worker.js', '../count-worker.js']) {
    const file = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(file))) return { file, execArgv: [] };
  }
  const source = new URL('./count-worker.ts', import.meta.url);
  if (existsSync(fileURLToPath(source))) return { file: source, execArgv: ['--import', 'tsx'] };
  return null;
}

export function poolSize(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

let shared: WorkerPool<CountInput, number> | null | undefined;

/** The shared pool (created on first use); null when no worker module can be found. */
export function tokenCountPool(): WorkerPool<CountInput, number> | null {
  if (shared !== undefined) return shared;
  const mod = workerModule();
  shared = mod ? new WorkerPool<CountInput, number>({ ...mod, size: poolSize(), queueLimit: COUNT_QUEUE_LIMIT, budgetMs: COUNT_BUDGET_MS }) : null;
  return shared;
}

/** Counts off the event loop when a worker is available. Rejects with a PoolError (timeout, aborted, overloaded). */
export function countOffThread(req: CountInput, signal?: AbortSignal): Promise<number> {
  const pool = tokenCountPool();
  if (!pool) return Promise.resolve(countRequestTokens(req));
  return pool.run({ system: req.system, messages: req.messages, tools: req.tools }, { signal }).catch((e: unknown) => {
    // A worker that could not start or crashed: count here (linear) rather than fail the request.
    if (e instanceof PoolError && e.kind === 'failed') return countRequestTokens(req);
    throw e;
  });
}
