/**
 * One call of a DashboardApi method from outside the process (IPC or HTTP): validate the raw arguments with the
 * method's schema, call the implementation, and turn any failure into a ContractError. Both transports use it,
 * so validation and error codes cannot drift between them.
 */
import type { DashboardApi, DashboardMethod } from '../contract.js';
import type { Logger } from '../logs/logger.js';
import { toContractError } from './classify.js';
import type { ContractError } from './errors.js';
import { parseArgs } from './schemas.js';

/** An implementation of the contract, with a logger for internal failures when it has one (ProxyCore does). */
export type ContractImpl = DashboardApi & { logger?: Pick<Logger, 'error'> };

/** Validates `raw` with the method's schema and calls the implementation; throws ContractError only. */
export async function callMethod<K extends DashboardMethod>(impl: DashboardApi, method: K, raw: readonly unknown[]): Promise<unknown> {
  const args = parseArgs(method, raw);
  // The tuple is exactly Parameters<DashboardApi[K]>; TS cannot correlate it through the union of names.
  return (impl[method] as (...a: unknown[]) => Promise<unknown>).apply(impl, args);
}

/** The ContractError to answer with; an `internal` one is logged with the original message first. */
export function failureOf(e: unknown, logger: Pick<Logger, 'error'> | undefined, where: string): ContractError {
  const ce = toContractError(e);
  if (ce.code === 'internal') logger?.error({ err: e instanceof Error ? e.message : String(e), where }, 'dashboard call failed');
  return ce;
}
