/** One bar per quota window an account reports (primary, secondary, additional families), with reset times. */
import type { QuotaSnapshot } from '../../../proxy/src/contract';
import { isoTime, quotaWindows, resetText } from '../format';

export function QuotaBars({ quota, now, owner }: { quota: QuotaSnapshot | null | undefined; now: number; owner: string }) {
  const windows = quotaWindows(quota);
  if (!quota || windows.length === 0) return <p className="muted quota__none">No quota data yet.</p>;
  return (
    <div className="quota" data-testid="quota">
      {windows.map((w) => {
        const used = Math.round(w.usedPercent);
        const level = used >= 90 ? 'high' : used >= 70 ? 'mid' : 'low';
        return (
          <div className="quota__row" key={w.key}>
            <span className="quota__label">{w.label}</span>
            <div
              className="quota__bar"
              role="progressbar"
              aria-label={`${owner}: ${w.label} quota used`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={used}
              aria-valuetext={`${used}% used`}
            >
              <div className={`quota__fill quota__fill--${level}`} style={{ width: `${w.usedPercent}%` }} />
            </div>
            <span className="quota__text">
              {used}% used ·{' '}
              <span title={w.resetsAt === null ? undefined : isoTime(w.resetsAt * 1000)}>{resetText(w.resetsAt, now)}</span>
            </span>
          </div>
        );
      })}
      {quota.credits && (
        <p className="muted quota__credits">
          Credits: {quota.credits.unlimited ? 'unlimited' : quota.credits.hasCredits ? (quota.credits.balance ?? 'available') : 'none'}
        </p>
      )}
    </div>
  );
}
