/** Claude Code's settings.json: its state, configure (or "use Claude directly") with a diff preview, and revert. */
import { useState } from 'react';
import type { ClaudeConfigResult, ClaudeConfigStatus } from '../../../proxy/src/contract';
import type { DashboardClient } from '../api';
import { useAction } from '../hooks/useAction';
import { useLoad } from '../hooks/useLoad';
import { DiffView } from './DiffView';

type Mode = 'configure' | 'direct';
interface Preview {
  mode: Mode;
  result: ClaudeConfigResult;
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

export function ClaudeConfigPanel({ api }: { api: DashboardClient }) {
  const config = useLoad(() => api.getClaudeConfig(), [api]);
  const { busy, run } = useAction();
  const [statusLine, setStatusLine] = useState(true);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [done, setDone] = useState<{ title: string; result: ClaudeConfigResult } | null>(null);

  const apply = (mode: Mode, dryRun: boolean) =>
    void run(async () => {
      const result = mode === 'configure' ? await api.configureClaude({ dryRun, statusLine }) : await api.useClaudeDirect({ dryRun });
      if (dryRun) {
        setDone(null);
        setPreview({ mode, result });
        return;
      }
      setPreview(null);
      config.set(result.status);
      setDone({ title: result.changed ? (mode === 'configure' ? 'Claude Code now uses this proxy.' : 'Claude Code now talks to Anthropic directly.') : 'Nothing changed.', result });
    });

  const revert = () =>
    void run(async () => {
      const result = await api.revertClaudeConfig({});
      setPreview(null);
      config.set(result.status);
      setDone({ title: result.changed ? 'The last change was reverted.' : 'Nothing to revert.', result });
    });

  const s = config.data;
  return (
    <section className="card" aria-labelledby="claude-config-title">
      <div className="card__head">
        <h2 id="claude-config-title">Claude Code settings</h2>
        <button type="button" disabled={config.loading} onClick={() => void config.reload()}>
          Reload
        </button>
      </div>
      {s ? <ConfigState s={s} /> : <p className="muted">{config.loading ? 'Loading…' : 'Unknown.'}</p>}

      <label className="check">
        <input type="checkbox" checked={statusLine} onChange={(e) => setStatusLine(e.target.checked)} />
        <span>Also install the status line</span>
      </label>
      <div className="toolbar">
        <button type="button" disabled={busy} onClick={() => apply('configure', true)}>
          Preview configure
        </button>
        <button type="button" disabled={busy} onClick={() => apply('direct', true)}>
          Preview “use Anthropic directly”
        </button>
        <button type="button" disabled={busy || !s?.revertable} onClick={revert} title={s?.revertable?.description}>
          Revert last change
        </button>
      </div>

      {preview && (
        <div className="flow" role="region" aria-label="Preview">
          {preview.result.changed ? (
            <>
              <p>
                {preview.mode === 'configure' ? 'Configure' : 'Use Anthropic directly'} would change <code>{preview.result.settingsPath}</code>{' '}
                (a backup is kept; revert undoes it):
              </p>
              <DiffView diff={preview.result.diff} label="Changes to settings.json" />
              <div className="toolbar">
                <button type="button" className="primary" disabled={busy} onClick={() => apply(preview.mode, false)}>
                  Apply
                </button>
                <button type="button" onClick={() => setPreview(null)}>
                  Cancel
                </button>
              </div>
            </>
          ) : (
            <p>
              Nothing to change: <code>{preview.result.settingsPath}</code> is already set up.{' '}
              <button type="button" onClick={() => setPreview(null)}>
                Close
              </button>
            </p>
          )}
        </div>
      )}

      {done && (
        <div className="flow" role="status">
          <p>{done.title}</p>
          {done.result.changed && done.result.diff && <DiffView diff={done.result.diff} label="Applied changes" />}
        </div>
      )}
    </section>
  );
}

function ConfigState({ s }: { s: ClaudeConfigStatus }) {
  return (
    <>
      {s.error && (
        <p className="warn" role="note">
          settings.json cannot be read, so it is never written: {s.error}
        </p>
      )}
      <dl className="facts" data-testid="claude-config">
        <dt>File</dt>
        <dd>
          <code className="wrap">{s.settingsPath}</code> {s.exists ? '' : '(does not exist yet)'}
        </dd>
        <dt>Uses this proxy</dt>
        <dd>{yesNo(s.pointsAtProxy)}</dd>
        <dt>Up to date</dt>
        <dd>{yesNo(s.upToDate)}</dd>
        <dt>Key helper</dt>
        <dd>{s.apiKeyHelper === 'proxy' ? 'this proxy' : s.apiKeyHelper === 'other' ? 'another helper' : 'none'}</dd>
        <dt>Status line</dt>
        <dd>{s.statusLineInstalled ? 'installed' : 'not installed'}</dd>
        {s.outdated.length > 0 && (
          <>
            <dt>Outdated</dt>
            <dd>{s.outdated.join(', ')}</dd>
          </>
        )}
        {s.conflicts.length > 0 && (
          <>
            <dt>Conflicts</dt>
            <dd className="warn">{s.conflicts.join(', ')}</dd>
          </>
        )}
      </dl>
    </>
  );
}
