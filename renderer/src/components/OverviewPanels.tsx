/** The Overview's panels over the v2 overview data: active account with pace, today, in flight, last errors. */
import type { AccountSummary } from '../../../proxy/src/contract';
import type { ActiveAccountView, InFlightRequest, RecentError, Totals } from '../../../proxy/src/contract-v2';
import { clockTime, compactTokens, count, needsLoginText, paceText, percentText, shortMs, windowLabel } from '../format';
import { useNow } from '../hooks/useNow';
import { QuotaBars } from './QuotaBars';

export function ActiveAccountPanel({ view, accounts, onRelogin }: { view: ActiveAccountView | null; accounts: AccountSummary[] | null; onRelogin(): void }) {
  const now = useNow(15_000);
  const active = accounts?.find((a) => a.active) ?? null;
  if (!active) {
    return (
      <section className="card" aria-labelledby="active-title">
        <h2 id="active-title">Active account</h2>
        <p className="muted">{accounts === null ? 'Loading…' : 'No account is active: pick one on the Accounts tab.'}</p>
      </section>
    );
  }
  const name = active.email ?? active.accountId;
  return (
    <section className="card" aria-labelledby="active-title" data-testid="active-account">
      <h2 id="active-title">Active account</h2>
      <p className="account__name">
        {name} {active.plan && <span className="badge">{active.plan}</span>}
      </p>
      {active.status === 'needs_login' && (
        <div className="notice notice--warn" role="status">
          <p>{needsLoginText(active.needsLoginReason)}</p>
          <button type="button" onClick={onRelogin}>
            Sign in again
          </button>
        </div>
      )}
      <QuotaBars quota={active.quota} now={now} owner={name} />
      {view && view.windows.length > 0 && (
        <ul className="pace" aria-label="Quota pace">
          {view.windows.map((w) => (
            <li key={w.key} data-testid={`pace-${w.key}`}>
              {paceText(w.pace, w.family ? `${w.family} ${windowLabel(w.windowMinutes, w.key)}` : windowLabel(w.windowMinutes, w.key), now)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function TodayPanel({ today }: { today: Totals }) {
  return (
    <section className="card" aria-labelledby="today-title">
      <h2 id="today-title">Today</h2>
      <dl className="stats" data-testid="today">
        <div>
          <dt>Requests</dt>
          <dd>{count(today.requests)}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd>{count(today.errors + today.rejected)}</dd>
        </div>
        <div>
          <dt>Failovers</dt>
          <dd>{count(today.failovers)}</dd>
        </div>
        <div>
          <dt>Tokens in / out</dt>
          <dd>
            {compactTokens(today.inputTokens)} / {compactTokens(today.outputTokens)}
          </dd>
        </div>
        <div>
          <dt>Cache hit</dt>
          <dd>{percentText(today.cacheHitPercent)}</dd>
        </div>
      </dl>
    </section>
  );
}

export function InFlightPanel({ inFlight }: { inFlight: InFlightRequest[] }) {
  const now = useNow(250);
  return (
    <section className="card" aria-labelledby="inflight-title">
      <h2 id="inflight-title">In flight</h2>
      {inFlight.length === 0 ? (
        <p className="muted">No request is running.</p>
      ) : (
        <ul className="plain" data-testid="inflight">
          {inFlight.map((r) => (
            <li key={r.id}>
              <span className="mono">{r.clientModel}</span> · {shortMs(Math.max(r.durationMs, now - r.startedAt))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function LastErrorsPanel({ errors, open }: { errors: RecentError[]; open(id: string): void }) {
  return (
    <section className="card" aria-labelledby="errors-title">
      <h2 id="errors-title">Last errors</h2>
      {errors.length === 0 ? (
        <p className="muted">No errors. Failed and rejected requests appear here with what to do.</p>
      ) : (
        <ul className="plain errors" data-testid="last-errors">
          {errors.map((e) => (
            <li key={e.id}>
              <p>
                <time dateTime={new Date(e.at).toISOString()}>{clockTime(e.at)}</time> ·{' '}
                <span className="outcome outcome--error">
                  {e.status} {e.errorType ?? ''}
                </span>
                {e.rejected && <span className="badge">rejected</span>}{' '}
                <button type="button" className="link" onClick={() => open(e.id)} aria-label={`Open request ${e.id}`}>
                  Details
                </button>
              </p>
              <p className="muted small">{e.advice}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
