/** The doctor: what would make Claude Code bypass or fail against the proxy, each with a fix that can be undone. */
import { useState } from 'react';
import type { DoctorFixResult } from '../../../proxy/src/contract';
import type { DashboardClient } from '../api';
import { useAction } from '../hooks/useAction';
import { useLoad } from '../hooks/useLoad';

export function DoctorPanel({ api }: { api: DashboardClient }) {
  const report = useLoad(() => api.runDoctor(), [api]);
  const { busy, run } = useAction();
  const [fixes, setFixes] = useState<DoctorFixResult[]>([]);

  const fix = (id: string) =>
    void run(async () => {
      const result = await api.applyDoctorFix(id);
      setFixes((f) => [result, ...f.filter((x) => x.changeId !== result.changeId)]);
      await report.reload();
    });

  const undo = (changeId: string) =>
    void run(async () => {
      await api.undoDoctorFix(changeId, {});
      setFixes((f) => f.filter((x) => x.changeId !== changeId));
      await report.reload();
    });

  const r = report.data;
  return (
    <section className="card" aria-labelledby="doctor-title">
      <div className="card__head">
        <h2 id="doctor-title">Doctor</h2>
        <button type="button" disabled={busy || report.loading} onClick={() => void report.reload()}>
          Run again
        </button>
      </div>
      {!r ? (
        <p className="muted">{report.loading ? 'Checking…' : 'No report.'}</p>
      ) : r.findings.length === 0 ? (
        <p>No problems found.</p>
      ) : (
        <ul className="findings" aria-label="Findings">
          {r.findings.map((f) => (
            <li key={f.id} className={`finding finding--${f.severity}`} data-testid={`finding-${f.id}`}>
              <div className="finding__head">
                <span className={`badge badge--${f.severity}`}>{f.severity}</span>
                <strong>{f.title}</strong>
              </div>
              <p>{f.detail}</p>
              {f.advice && <p className="muted">{f.advice}</p>}
              {f.fix && (
                <button type="button" disabled={busy} onClick={() => fix(f.id)}>
                  Fix: {f.fix.label}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {fixes.length > 0 && (
        <div className="flow" role="status">
          <h3>Applied fixes</h3>
          <ul className="fixes">
            {fixes.map((x) => (
              <li key={x.changeId}>
                {x.message}{' '}
                <button type="button" disabled={busy} onClick={() => undo(x.changeId)}>
                  Undo
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
