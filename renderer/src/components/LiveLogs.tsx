/** Live logs: request records as they finish (time, model → upstream model, account, tokens, outcome). */
import type { AccountSummary, RequestRecord } from '../../../proxy/src/contract';
import { clockTime, count, isoTime } from '../format';

function outcome(r: RequestRecord): string {
  if (r.outcome === 'ok') return `${r.status}`;
  if (r.outcome === 'aborted') return 'aborted';
  return `${r.status}${r.errorType ? ` ${r.errorType}` : ''}`;
}

export function LiveLogs({ records, accounts }: { records: readonly RequestRecord[]; accounts: AccountSummary[] | null }) {
  const names = new Map((accounts ?? []).map((a) => [a.id, a.email ?? a.accountId]));
  return (
    <section className="card" aria-labelledby="logs-title">
      <h2 id="logs-title">Live logs</h2>
      {records.length === 0 ? (
        <p className="muted">No requests yet. They appear here as Claude Code sends them.</p>
      ) : (
        <div className="scroll">
          <table className="table table--logs" aria-labelledby="logs-title">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Model</th>
                <th scope="col">Account</th>
                <th scope="col">Tokens in / out / cached</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.id} className={`log log--${r.outcome}`} data-testid="log-row">
                  <td>
                    <time dateTime={isoTime(r.startedAt)}>{clockTime(r.startedAt)}</time>
                  </td>
                  <td>
                    <code>{r.clientModel}</code> → <code>{r.upstreamModel ?? '—'}</code>
                    {r.lane === 'haiku' && <span className="badge">haiku lane</span>}
                    {r.fallback && <span className="badge">fallback</span>}
                  </td>
                  <td>{r.accountId ? (names.get(r.accountId) ?? r.accountId) : '—'}</td>
                  <td>
                    {count(r.inputTokens)} / {count(r.outputTokens)} / {count(r.cachedTokens)}
                  </td>
                  <td>
                    <span className={`outcome outcome--${r.outcome}`}>{outcome(r)}</span>{' '}
                    <span className="muted small">{count(r.durationMs)} ms</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
