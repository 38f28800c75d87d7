/**
 * The dashboard v2 client: the one contract plus the v2 methods and push events (proxy/src/contract-v2.ts). Until
 * the core serves them (next round's wiring), a transport may lack them: every view checks `has(api, method)` and
 * keeps working on the v1 contract, saying what is not served yet.
 */
import type { DashboardApiV2, DashboardV2Subscriptions } from '../../proxy/src/contract-v2';
import type { DashboardClient } from './api';

export type DashboardClientV2 = DashboardClient & Partial<DashboardApiV2> & Partial<DashboardV2Subscriptions>;

/** Narrows the client to one that serves `method`. */
export function has<K extends keyof DashboardApiV2>(api: DashboardClientV2, method: K): api is DashboardClientV2 & Pick<DashboardApiV2, K> {
  return typeof api[method] === 'function';
}

export const NOT_SERVED = 'This proxy does not serve this view yet (update the proxy core).';
