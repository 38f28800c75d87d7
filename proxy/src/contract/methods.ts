/**
 * The dashboard contract as one table, for the proxy and main: per DashboardApi method its name, IPC channel,
 * zod argument schema, HTTP routes + client request, and whether it is a read. Assembled from the three halves
 * that bundle separately (the preload takes only the channel names from contract.ts, the renderer only the
 * dependency-free http-routes.ts); each half is keyed by DashboardMethod and type-checked against DashboardApi
 * where it is declared, so the table has every method exactly once. The push events: dashboardEventChannels.
 */
import { dashboardChannels, type DashboardApi, type DashboardMethod } from '../contract.js';
import { httpMethods, type HttpMethod } from './http-routes.js';
import { argSchemas } from './schemas.js';

export interface MethodEntry<K extends DashboardMethod> {
  name: K;
  channel: (typeof dashboardChannels)[K];
  args: (typeof argSchemas)[K];
  http: HttpMethod<Parameters<DashboardApi[K]>>;
  read: boolean;
}

export type MethodTable = { readonly [K in DashboardMethod]: MethodEntry<K> };

function entry<K extends DashboardMethod>(name: K): MethodEntry<K> {
  return { name, channel: dashboardChannels[name], args: argSchemas[name], http: httpMethods[name], read: httpMethods[name].read };
}

export const dashboardMethodNames = Object.keys(dashboardChannels) as DashboardMethod[];

// Object.fromEntries loses the per-key types; entry() built each one typed.
export const dashboardMethods = Object.fromEntries(dashboardMethodNames.map((name) => [name, entry(name)])) as unknown as MethodTable;
