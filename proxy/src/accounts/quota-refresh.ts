/** On-demand quota: GET /wham/usage for one account (refreshing its token once on a 401), recorded in the book. */
import type { QuotaSnapshot } from '../contract.js';
import { fetchUsage, UsageFetchError } from '../codex/usage-endpoint.js';
import type { CredentialProvider } from './credentials.js';
import type { QuotaBook } from './quota.js';

export interface QuotaRefreshDeps {
  credentials: CredentialProvider;
  book: QuotaBook;
  chatgptBaseUrl: () => string;
  now: () => number;
}

export async function refreshQuotaFromUsage(deps: QuotaRefreshDeps, id: string): Promise<QuotaSnapshot> {
  let creds = await deps.credentials.get(id);
  let snap: QuotaSnapshot;
  try {
    snap = await fetchUsage(deps.chatgptBaseUrl(), creds, deps.now());
  } catch (e) {
    if (!(e instanceof UsageFetchError) || e.status !== 401) throw e;
    creds = await deps.credentials.refreshAfterRejection(id, creds.accessToken);
    snap = await fetchUsage(deps.chatgptBaseUrl(), creds, deps.now());
  }
  deps.book.record(id, snap);
  return snap;
}
