/**
 * Requests (the log): every request — finished, rejected, in flight (live duration) — with model → upstream model,
 * effort, lane, account, transport, status, TTFT, duration, tokens, cache-hit % and the failover chain; filters;
 * a row opens the detail drawer. Served by `queryRequests` (v2); on a v1 proxy the pushed records, unfiltered.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountSummary, RequestRecord } from '../../../proxy/src/contract';
import type { DashboardRecord, InFlightRequest, RequestFilter } from '../../../proxy/src/contract-v2';
import { clockTime, count, isoTime, percentText, shortMs } from '../format';
import { useNow } from '../hooks/useNow';
import { useReport } from '../hooks/useReport';
import { has, type DashboardClientV2 } from '../v2';
import { RequestDrawer } from './RequestDrawer';

function outcomeText(r: RequestRecord): string {
  if (r.outcome === 'ok') return `${r.status}`;
  if (r.outcome === 'aborted') return 'aborted';
  return `${r.status}${r.errorType ? ` ${r.errorType}` : ''}`;
}

const cacheHit = (r: RequestRecord): number | null => (r.inputTokens > 0 ? (r.cachedTokens / r.inputTokens) * 100 : null);

export interface RequestsProps {
  api: DashboardClientV2;
  /** The pushed / polled records (v1 path, and the trigger to re-query on v2). */
  records: readonly RequestRecord[];
  accounts: AccountSummary[] | null;
  showContentDefault: boolean;
  /** A request to open in the drawer (from the Overview or the Playground). */
  openId: string | null;
  onOpen(id: string | null): void;
}

export function Requests({ api, records, accounts, showContentDefault, openId, onOpen }: RequestsProps) {
  const report = useReport();
  const names = new Map((accounts ?? []).map((a) => [a.id, a.email ?? a.accountId]));
  const name = (id: string | null) => (id ? (names.get(id) ?? id) : '—');
  const [filter, setFilter] = useState<RequestFilter>({});
  const [page, setPage] = useState<{ records: DashboardRecord[]; inFlight: InFlightRequest[] } | null>(null);
  const v2 = has(api, 'queryRequests');
  const pending = useRef(false);

  const query = useCallback(async () => {
    if (!has(api, 'queryRequests')) return;
    try {
      const p = await api.queryRequests({ ...filter, limit: 200 });
      setPage({ records: [...p.records].reverse(), inFlight: p.inFlight });
    } catch (err) {
      report(err);
    }
  }, [api, filter, report]);

  useEffect(() => {
    void query();
  }, [query, records]);
  useEffect(() => {
    if (!api.onInflight) return undefined;
    return api.onInflight(() => {
      if (pending.current) return;
      pending.current = true;
      setTimeout(() => {
        pending.current = false;
        void query();
      }, 100);
    });
  }, [api, query]);

  const rows: DashboardRecord[] = v2 ? (page?.records ?? []) : [...records];
  const inFlight = v2 ? (page?.inFlight ?? []) : [];
  const now = useNow(inFlight.length ? 250 : 60_000);
  const set = (patch: Partial<RequestFilter>) => setFilter((f) => Object.fromEntries(Object.entries({ ...f, ...patch }).filter(([, v]) => v !== '' && v !== undefined)) as RequestFilter);

  return (
    <section className="card card--wide" aria-labelledby="logs-title">
      <h2 id="logs-title">Requests</h2>
      {v2 && (
        <form className="filters" aria-label="Filter requests" onSubmit={(e) => e.preventDefault()}>
          <label className="field field--inline">
            <span>Status</span>
            <select value={filter.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as RequestFilter['status'] })}>
              <option value="">all</option>
              <option value="ok">ok</option>
              <option value="error">error</option>
              <option value="rejected">rejected</option>
              <option value="aborted">aborted</option>
              <option value="failover">failed over</option>
            </select>
          </label>
          <label className="field field--inline">
            <span>Model</span>
            <input type="search" value={filter.model ?? ''} onChange={(e) => set({ model: e.target.value || undefined })} placeholder="e.g. opus" />
          </label>
          <label className="field field--inline">
            <span>Account</span>
            <select value={filter.accountId ?? ''} onChange={(e) => set({ accountId: e.target.value || undefined })}>
              <option value="">all</option>
              {(accounts ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.email ?? a.accountId}
                </option>
              ))}
            </select>
          </label>
          <label className="field field--inline">
            <span>Lane</span>
            <select value={filter.lane ?? ''} onChange={(e) => set({ lane: (e.target.value || undefined) as RequestFilter['lane'] })}>
              <option value="">all</option>
              <option value="codex">Codex</option>
              <option value="haiku">Haiku lane</option>
            </select>
          </label>
        </form>
      )}
      {rows.length === 0 && inFlight.length === 0 ? (
        <p className="muted">{Object.keys(filter).length ? 'No request matches these filters.' : 'No requests yet. They appear here as Claude Code sends them.'}</p>
      ) : (
        <div className="scroll">
          <table className="table table--logs" aria-labelledby="logs-title">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Model</th>
                <th scope="col">Account</th>
                <th scope="col">Status</th>
                <th scope="col">TTFT</th>
                <th scope="col">Duration</th>
                <th scope="col">Tokens in / out / cached</th>
                <th scope="col">Cache</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {inFlight.map((r) => (
                <tr key={`run-${r.id}`} className="log log--running" data-testid="inflight-row">
                  <td>
                    <time dateTime={isoTime(r.startedAt)}>{clockTime(r.startedAt)}</time>
                  </td>
                  <td>
                    <span className="mono">{r.clientModel}</span> → <span className="mono">{r.upstreamModel ?? '…'}</span>
                    {r.lane === 'haiku' && <span className="badge">haiku lane</span>}
                  </td>
                  <td>{name(r.accountId)}</td>
                  <td>
                    <span className="outcome outcome--running">running</span>
                  </td>
                  <td>—</td>
                  <td data-testid="live-duration">{shortMs(Math.max(r.durationMs, now - r.startedAt))}</td>
                  <td>—</td>
                  <td>—</td>
                  <td>—</td>
                </tr>
              ))}
              {rows.map((r) => (
                <tr key={r.id} className={`log log--${r.outcome}`} data-testid="log-row">
                  <td>
                    <button type="button" className="link" onClick={() => onOpen(r.id)} aria-label={`Details of the request at ${clockTime(r.startedAt)}`}>
                      <time dateTime={isoTime(r.startedAt)}>{clockTime(r.startedAt)}</time>
                    </button>
                  </td>
                  <td>
                    <span className="mono">{r.clientModel || '—'}</span> → <span className="mono">{r.upstreamModel ?? '—'}</span>
                    {r.effort && <span className="badge">{r.effort}</span>}
                    {r.lane === 'haiku' && <span className="badge">haiku lane</span>}
                    {r.fallback && <span className="badge">fallback</span>}
                    {r.transport === 'websocket' && <span className="badge">ws</span>}
                  </td>
                  <td>{name(r.accountId)}</td>
                  <td>
                    <span className={`outcome outcome--${r.outcome}`}>{outcomeText(r)}</span>
                    {r.attempts === 0 && r.outcome === 'error' && <span className="badge">rejected</span>}
                  </td>
                  <td>{shortMs(r.ttftMs)}</td>
                  <td>{count(r.durationMs)} ms</td>
                  <td>
                    {count(r.inputTokens)} / {count(r.outputTokens)} / {count(r.cachedTokens)}
                  </td>
                  <td>{percentText(cacheHit(r))}</td>
                  <td>
                    {r.chain && r.chain.length > 1 ? (
                      <ol className="chain" aria-label="Failover chain">
                        {r.chain.map((a, i) => (
                          <li key={i} className={`chain__step chain__step--${a.outcome}`}>
                            {name(a.accountId)} {a.outcome === 'ok' ? 'ok' : `${a.status ?? ''} ${a.errorType ?? a.outcome}`.trim()}
                          </li>
                        ))}
                      </ol>
                    ) : (
                      r.attempts
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {openId && has(api, 'getRequestDetail') && (
        <RequestDrawer api={api} id={openId} record={rows.find((r) => r.id === openId) ?? null} accountName={name} showContentDefault={showContentDefault} onClose={() => onOpen(null)} />
      )}
    </section>
  );
}
