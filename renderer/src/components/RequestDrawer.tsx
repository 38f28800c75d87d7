/**
 * The request detail drawer (a modal dialog): the translated upstream request (secrets always redacted; text shown
 * only with "Show content"), the timeline of upstream and client events, the prefix diff against the session's
 * previous request, the failover chain and the error mapping applied.
 */
import { useEffect, useRef, useState } from 'react';
import type { DashboardApiV2, DashboardRecord } from '../../../proxy/src/contract-v2';
import { useLoad } from '../hooks/useLoad';

export interface RequestDrawerProps {
  api: Pick<DashboardApiV2, 'getRequestDetail'>;
  id: string;
  record: DashboardRecord | null;
  accountName(id: string | null): string;
  showContentDefault: boolean;
  onClose(): void;
}

export function RequestDrawer({ api, id, record, accountName, showContentDefault, onClose }: RequestDrawerProps) {
  const [showContent, setShowContent] = useState(showContentDefault);
  const detail = useLoad(() => api.getRequestDetail(id, { showContent }), [api, id, showContent]);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const d = detail.data;
  return (
    <div className="drawer" role="dialog" aria-modal="true" aria-labelledby="drawer-title">
      <div className="drawer__head">
        <h3 id="drawer-title">
          Request <span className="mono">{id}</span>
        </h3>
        <button ref={closeRef} type="button" onClick={onClose} aria-label="Close the request detail">
          Close
        </button>
      </div>
      <label className="check">
        <input type="checkbox" checked={showContent} onChange={(e) => setShowContent(e.target.checked)} /> Show content (prompts and completions)
      </label>
      {record?.chain && record.chain.length > 0 && (
        <>
          <h4>Attempts</h4>
          <ol className="chain" aria-label="Failover chain" data-testid="drawer-chain">
            {record.chain.map((a, i) => (
              <li key={i} className={`chain__step chain__step--${a.outcome}`}>
                {a.upstream} · {accountName(a.accountId)} · {a.model ?? '—'} · {a.outcome}
                {a.status ? ` ${a.status}` : ''}
                {a.errorType ? ` ${a.errorType}` : ''}
              </li>
            ))}
          </ol>
        </>
      )}
      {detail.loading && !d ? (
        <p className="muted">Loading…</p>
      ) : !d ? (
        <p className="muted">No detail kept for this request (rejected before translation, or older than the detail store keeps).</p>
      ) : (
        <>
          {d.errorMapping && (
            <>
              <h4>Error mapping</h4>
              <p data-testid="error-mapping">
                upstream {d.errorMapping.upstream.status ?? '—'} {d.errorMapping.upstream.code ?? ''} → client {d.errorMapping.client.status} {d.errorMapping.client.type}
                {d.errorMapping.note ? ` (${d.errorMapping.note})` : ''}
              </p>
            </>
          )}
          <h4>Timeline</h4>
          <ol className="timeline" data-testid="timeline">
            {d.timeline.map((e, i) => (
              <li key={i}>
                <span className="mono">+{e.t} ms</span> {e.kind.replace(/_/g, ' ')}
                {e.detail ? ` · ${e.detail}` : ''}
              </li>
            ))}
          </ol>
          <h4>Prefix against the session’s previous request</h4>
          {d.prefixDiff === null || d.prefixDiff.previousRequestId === null ? (
            <p className="muted">First request of its session (or no session id): nothing to compare.</p>
          ) : (
            <p data-testid="prefix-diff">
              {d.prefixDiff.commonItems} of {d.prefixDiff.previousItems} previous input items reused
              {d.prefixDiff.firstDifferenceAt === null ? ' (the previous input is a prefix: cache-friendly)' : `; first difference at item ${d.prefixDiff.firstDifferenceAt}`}
              {d.prefixDiff.instructionsChanged ? '; instructions changed' : ''}
              {d.prefixDiff.toolsChanged ? '; tools changed' : ''}.
            </p>
          )}
          <h4>Upstream request {d.contentShown ? '' : '(content hidden)'}</h4>
          <pre className="code" data-testid="upstream-request" tabIndex={0}>
            {JSON.stringify(d.upstreamRequest, null, 2)}
          </pre>
        </>
      )}
    </div>
  );
}
