/** The compatibility sentinel: request parts this proxy does not know (names and counts only). */
import type { DashboardClient } from '../api';
import { clockTime, count } from '../format';
import { useLoad } from '../hooks/useLoad';

const GROUPS = [
  ['fields', 'Request fields'],
  ['blockTypes', 'Content block types'],
  ['betas', 'Beta values'],
] as const;

export function CompatPanel({ api, refreshKey }: { api: DashboardClient; refreshKey: number }) {
  const compat = useLoad(() => api.getCompat(), [api, refreshKey]);
  const c = compat.data;
  const empty = c ? GROUPS.every(([k]) => Object.keys(c[k]).length === 0) : true;
  return (
    <section className="card" aria-labelledby="compat-title">
      <h2 id="compat-title">Compatibility sentinel</h2>
      {!c ? (
        <p className="muted">{compat.loading ? 'Loading…' : 'Unknown.'}</p>
      ) : empty ? (
        <p data-testid="compat-empty">Nothing unknown seen since the proxy started.</p>
      ) : (
        <>
          {GROUPS.map(([key, title]) =>
            Object.keys(c[key]).length === 0 ? null : (
              <div key={key}>
                <h3>{title}</h3>
                <ul className="counts" aria-label={title}>
                  {Object.entries(c[key])
                    .sort((a, b) => b[1] - a[1])
                    .map(([name, n]) => (
                      <li key={name}>
                        <code>{name}</code> <span className="muted">× {count(n)}</span>
                      </li>
                    ))}
                </ul>
              </div>
            ),
          )}
          {c.lastSeenAt !== null && <p className="muted small">Last seen at {clockTime(c.lastSeenAt)}.</p>}
        </>
      )}
    </section>
  );
}
