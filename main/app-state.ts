/**
 * The state the tray renders (TrayState), gathered from the core and the app's own preferences, plus the few
 * figures only the shell keeps: requests today (since local midnight), the last error, a start failure.
 * No Electron import: the launch-at-login reading is injected.
 */
import type { AccountSummary, ClaudeConfigStatus, DashboardApi, RequestRecord } from '../proxy/src/contract.js';
import type { AppPrefs } from './app-prefs.js';
import type { TrayState } from './tray-state.js';

/** Local calendar day of a Unix-ms time, e.g. "2026-1-10". Pure. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** A short, secret-free description of a failed request, e.g. "rate_limit_error (429)". Pure. */
export function describeFailure(r: RequestRecord): string | null {
  if (r.outcome !== 'error') return null;
  return `${r.errorType ?? 'error'} (${r.status})`;
}

export interface AppStateDeps {
  core: Pick<DashboardApi, 'getStatus' | 'listAccounts' | 'getClaudeConfig'>;
  prefs: AppPrefs;
  launchAtLogin(): boolean;
  now?: () => number;
}

export class AppState {
  private day = '';
  private today = 0;
  lastError: string | null = null;
  startError: string | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: AppStateDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Every finished request. */
  observeRecord(r: RequestRecord): void {
    const day = localDay(this.now());
    if (day !== this.day) {
      this.day = day;
      this.today = 0;
    }
    this.today++;
    this.lastError = describeFailure(r) ?? this.lastError;
  }

  get requestsToday(): number {
    return this.day === localDay(this.now()) ? this.today : 0;
  }

  async snapshot(accounts?: AccountSummary[]): Promise<TrayState> {
    const [status, list, claude] = await Promise.all([
      this.deps.core.getStatus(),
      accounts ?? this.deps.core.listAccounts(),
      this.deps.core.getClaudeConfig().then(
        (c: ClaudeConfigStatus) => ({ pointsAtProxy: c.pointsAtProxy, revertable: c.revertable !== null }),
        () => null,
      ),
    ]);
    return {
      status,
      accounts: list,
      requestsToday: this.requestsToday,
      lastError: this.lastError,
      startError: this.startError,
      claude,
      launchAtLogin: this.deps.launchAtLogin(),
      showQuotaInTitle: this.deps.prefs.get('showQuotaInTitle'),
    };
  }
}
