/** Claude Code backups: every change configure / direct / doctor made, newest first, each restorable once. */
import { useState } from 'react';
import type { DashboardApiV2, RestoreResult } from '../../../proxy/src/contract-v2';
import { useAction } from '../hooks/useAction';
import { useLoad } from '../hooks/useLoad';

export function BackupsPanel({ api, refreshKey, onRestored }: { api: Pick<DashboardApiV2, 'listClaudeBackups' | 'restoreClaudeBackup'>; refreshKey: number; onRestored(r: RestoreResult): void }) {
  const backups = useLoad(() => api.listClaudeBackups(), [api, refreshKey]);
  const { busy, run } = useAction();
  const [restored, setRestored] = useState<RestoreResult | null>(null);
  const restore = (id: string) =>
    void run(async () => {
      const r = await api.restoreClaudeBackup(id);
      setRestored(r);
      onRestored(r);
      await backups.reload();
    });
  const list = backups.data;
  return (
    <section className="card" aria-labelledby="backups-title">
      <h2 id="backups-title">Backups</h2>
      {restored && (
        <p className="notice" role="status">
          Restored {restored.files.join(', ')}. Doctor: {restored.doctor.ok ? 'no problems' : `${restored.doctor.findings.length} finding(s)`}.
        </p>
      )}
      {!list ? (
        <p className="muted">{backups.loading ? 'Loading…' : 'The backups could not be listed.'}</p>
      ) : list.length === 0 ? (
        <p className="muted">No backups yet: every change the proxy makes to Claude Code’s files is backed up here first.</p>
      ) : (
        <ul className="plain backups" data-testid="backups">
          {list.map((b) => (
            <li key={b.id}>
              <span>
                <time dateTime={b.createdAt}>{new Date(b.createdAt).toLocaleString('en-GB')}</time> · {b.kind} · {b.description}
                <span className="muted small"> ({b.files.join(', ')})</span>
              </span>
              {b.undone ? (
                <span className="badge">restored</span>
              ) : (
                <button type="button" disabled={busy} onClick={() => restore(b.id)} aria-label={`Restore the backup of ${new Date(b.createdAt).toLocaleString('en-GB')}`}>
                  Restore
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
