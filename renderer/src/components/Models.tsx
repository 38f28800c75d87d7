/**
 * Models: the Claude → Codex mapping as the router resolves it (editable against the active account's live
 * catalog when the proxy serves `updateModelMapping`), aliases, the catalog, and the Haiku lane's settings.
 */
import { useState } from 'react';
import type { ModelRouteView } from '../../../proxy/src/contract';
import { compactTokens } from '../format';
import { useLoad } from '../hooks/useLoad';
import { has, type DashboardClientV2 } from '../v2';
import { HaikuLanePanel } from './HaikuLanePanel';
import { MappingEditor } from './MappingEditor';

const FAMILIES = ['opus', 'sonnet', 'haiku', 'unknown'] as const;
type Family = (typeof FAMILIES)[number];
const isFamily = (n: string): n is Family => (FAMILIES as readonly string[]).includes(n);

export function Models({ api }: { api: DashboardClientV2 }) {
  const models = useLoad(() => api.getModels(), [api]);
  const view = models.data;
  const [editing, setEditing] = useState<string | null>(null);
  const editable = has(api, 'updateModelMapping') && !!view?.catalog?.length;
  const removeAlias = (alias: string) => {
    if (!has(api, 'updateModelMapping')) return;
    api.updateModelMapping({ kind: 'remove-alias', alias }).then(models.set, () => void models.reload());
  };
  const editor = (r: ModelRouteView | null) =>
    has(api, 'updateModelMapping') && view?.catalog ? (
      <MappingEditor
        api={api}
        catalog={view.catalog}
        target={r && r.kind === 'family' && isFamily(r.name) ? { kind: 'family', family: r.name } : { kind: 'alias', alias: r ? r.name : null }}
        model={r?.configuredModel ?? view.catalog[0]?.slug ?? ''}
        effort={r?.configuredEffort ?? null}
        onSaved={(v) => {
          models.set(v);
          setEditing(null);
        }}
        onCancel={() => setEditing(null)}
      />
    ) : null;
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
                {editable && <th scope="col">Edit</th>}
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
                  {editable && (
                    <td>
                      {editing === `${r.kind}:${r.name}` ? (
                        editor(r)
                      ) : (
                        <div className="toolbar">
                          <button type="button" onClick={() => setEditing(`${r.kind}:${r.name}`)} aria-label={`Edit ${r.name}`}>
                            Edit
                          </button>
                          {r.kind === 'alias' && (
                            <button type="button" className="danger" onClick={() => removeAlias(r.name)} aria-label={`Remove alias ${r.name}`}>
                              Remove
                            </button>
                          )}
                        </div>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {editable &&
            (editing === 'new-alias' ? (
              editor(null)
            ) : (
              <button type="button" onClick={() => setEditing('new-alias')}>
                Add an alias
              </button>
            ))}

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
      {has(api, 'getHaikuLane') && has(api, 'updateHaikuLane') && <HaikuLanePanel api={api} />}
    </section>
  );
}
