/** Models: the Claude → Codex mapping as the router resolves it, and the active account's live catalog. */
import type { DashboardClient } from '../api';
import { compactTokens } from '../format';
import { useLoad } from '../hooks/useLoad';

export function Models({ api }: { api: DashboardClient }) {
  const models = useLoad(() => api.getModels(), [api]);
  const view = models.data;
  return (
    <section className="card" aria-labelledby="models-title">
      <div className="card__head">
        <h2 id="models-title">Model mapping</h2>
        <button type="button" disabled={models.loading} onClick={() => void models.reload()}>
          Reload
        </button>
      </div>
      {!view ? (
        <p className="muted">{models.loading ? 'Loading…' : 'No model information.'}</p>
      ) : (
        <>
          <table className="table" aria-labelledby="models-title">
            <thead>
              <tr>
                <th scope="col">Claude model</th>
                <th scope="col">Codex model</th>
                <th scope="col">Effort</th>
                <th scope="col">Context</th>
              </tr>
            </thead>
            <tbody>
              {view.mapping.map((r) => (
                <tr key={`${r.kind}:${r.name}`} data-testid={`route-${r.name}`}>
                  <th scope="row">
                    {r.kind === 'family' ? r.name : <code>{r.name}</code>}
                    {r.kind === 'family' && r.clientModel !== '*' && <div className="muted small">{r.clientModel}</div>}
                  </th>
                  <td>
                    <code>{r.codexModel}</code>
                    {r.substituted && (
                      <div className="warn small" title={r.substituted.reason}>
                        instead of {r.substituted.wanted}
                      </div>
                    )}
                  </td>
                  <td>{r.defaultEffort}</td>
                  <td>{compactTokens(r.contextWindow)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2 id="catalog-title" className="section-title">Active account’s catalog</h2>
          {view.catalog === null ? (
            <p className="muted">Unknown (no active account, or the catalog could not be fetched).</p>
          ) : view.catalog.length === 0 ? (
            <p className="muted">The catalog is empty.</p>
          ) : (
            <table className="table" aria-labelledby="catalog-title">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Context</th>
                  <th scope="col">Efforts</th>
                </tr>
              </thead>
              <tbody>
                {view.catalog.map((m) => (
                  <tr key={m.slug}>
                    <th scope="row">
                      <code>{m.slug}</code>
                      {m.displayName !== m.slug && <div className="muted small">{m.displayName}</div>}
                      {!m.visible && <div className="muted small">hidden</div>}
                    </th>
                    <td>{compactTokens(m.contextWindow)}</td>
                    <td>{m.efforts.map((e) => (e === m.defaultEffort ? `${e} (default)` : e)).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
