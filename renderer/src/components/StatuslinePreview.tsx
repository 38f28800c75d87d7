/** What Claude Code's status line shows (the `statusline` command's data), as a preview. */
import type { DashboardClient } from '../api';
import { compactTokens } from '../format';
import { useLoad } from '../hooks/useLoad';

export function StatuslinePreview({ api, refreshKey }: { api: DashboardClient; refreshKey: number }) {
  const data = useLoad(() => api.getStatusline(), [api, refreshKey]);
  const d = data.data;
  const line = !d
    ? null
    : [
        d.enabled ? 'proxy on' : 'proxy off',
        d.account ? `${d.account.email ?? d.account.id}${d.account.plan ? ` (${d.account.plan})` : ''}` : 'no account',
        d.quota ? `${d.quota.window} ${Math.round(d.quota.usedPercent)}% used` : null,
        d.lastTurn ? `${d.lastTurn.upstreamModel ?? d.lastTurn.model} · ${compactTokens(d.lastTurn.inputTokens)} in / ${compactTokens(d.lastTurn.outputTokens)} out` : null,
      ]
        .filter(Boolean)
        .join(' · ');
  return (
    <section className="card" aria-labelledby="sl-title">
      <h2 id="sl-title">Status line preview</h2>
      {line === null ? <p className="muted">{data.loading ? 'Loading…' : 'Unavailable.'}</p> : <p className="statusline mono" data-testid="statusline">{line}</p>}
    </section>
  );
}
