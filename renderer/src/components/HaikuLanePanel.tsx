/** The Haiku lane: enable, model, base URL, API key (set / clear, never shown), and its statistics. */
import { useEffect, useState, type FormEvent } from 'react';
import type { DashboardApiV2, HaikuLanePatch } from '../../../proxy/src/contract-v2';
import { compactTokens, count } from '../format';
import { useLoad } from '../hooks/useLoad';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/^Error invoking remote method '[^']+': (Error: )?/, '');

export function HaikuLanePanel({ api }: { api: Pick<DashboardApiV2, 'getHaikuLane' | 'updateHaikuLane'> }) {
  const panel = useLoad(() => api.getHaikuLane(), [api]);
  const p = panel.data;
  const [enabled, setEnabled] = useState(false);
  const [model, setModel] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!p) return;
    setEnabled(p.lane.enabled);
    setModel(p.lane.model ?? '');
    setBaseUrl(p.lane.baseUrl);
  }, [p]);

  const save = (patch: HaikuLanePatch) => {
    setError(null);
    setSaved(false);
    api.updateHaikuLane(patch).then(
      (next) => {
        panel.set(next);
        setKey('');
        setSaved(true);
      },
      (e: unknown) => setError(errorText(e)),
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (enabled && !model.trim()) return setError('Set the model (e.g. an OpenRouter model id) before enabling the lane.');
    if (baseUrl.trim() && !/^https?:\/\/[^/\s]+/i.test(baseUrl.trim())) return setError('The base URL must start with http:// or https://.');
    save({ enabled, model: model.trim() || null, baseUrl: baseUrl.trim() || null, ...(key.trim() ? { apiKey: key.trim() } : {}) });
  };

  return (
    <section className="card" aria-labelledby="lane-title">
      <h2 id="lane-title">Haiku lane</h2>
      {!p ? (
        <p className="muted">{panel.loading ? 'Loading…' : 'Unavailable.'}</p>
      ) : (
        <>
          <form className="form" onSubmit={submit} noValidate>
            <label className="check">
              <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Send haiku-family requests to an OpenAI-compatible upstream
            </label>
            <label className="field">
              <span>Model</span>
              <input type="text" value={model} onChange={(e) => setModel(e.target.value)} spellCheck={false} />
            </label>
            <label className="field">
              <span>Base URL</span>
              <input type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} spellCheck={false} />
            </label>
            <label className="field">
              <span>API key {p.lane.hasApiKey ? '(set; type a new one to replace it)' : '(not set)'}</span>
              <input type="password" value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" />
            </label>
            {error && (
              <p className="outcome outcome--error" role="alert">
                {error}
              </p>
            )}
            {saved && <p role="status">Saved: the next haiku request uses it.</p>}
            <div className="toolbar">
              <button type="submit">Save lane</button>
              {p.lane.hasApiKey && (
                <button type="button" className="danger" onClick={() => save({ apiKey: null })}>
                  Clear key
                </button>
              )}
            </div>
          </form>
          <dl className="stats" data-testid="lane-stats">
            <div>
              <dt>Requests</dt>
              <dd>{count(p.stats.lanes.haiku.requests)}</dd>
            </div>
            <div>
              <dt>Failures</dt>
              <dd>{count(p.stats.lanes.haiku.failures)}</dd>
            </div>
            <div>
              <dt>Fell back to Codex</dt>
              <dd>{count(p.stats.lanes.haiku.fallbacks)}</dd>
            </div>
            <div>
              <dt>Tokens in / out</dt>
              <dd>
                {compactTokens(p.stats.lanes.haiku.inputTokens)} / {compactTokens(p.stats.lanes.haiku.outputTokens)}
              </dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
