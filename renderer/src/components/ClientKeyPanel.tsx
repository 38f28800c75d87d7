/** The client API key: generate (shown once, with copy), rotate, remove. The proxy never shows it again. */
import { useState } from 'react';
import type { DashboardApiV2 } from '../../../proxy/src/contract-v2';
import type { Action } from '../hooks/useAction';
import { CopyButton } from './CopyButton';

export function ClientKeyPanel({ api, hasKey, onChange, run, busy }: { api: Pick<DashboardApiV2, 'setClientKey'>; hasKey: boolean; onChange(has: boolean): void; run: Action['run']; busy: boolean }) {
  const [shown, setShown] = useState<string | null>(null);
  const act = (action: 'generate' | 'remove') =>
    void run(async () => {
      const r = await api.setClientKey(action);
      setShown(r.key);
      onChange(r.hasClientKey);
    });
  return (
    <section className="card" aria-labelledby="key-title">
      <h2 id="key-title">Client API key</h2>
      <p className="muted">{hasKey ? 'Set: clients must send it (x-api-key or Authorization: Bearer).' : 'Not set: any client on this machine may use the proxy.'}</p>
      {shown && (
        <div className="notice" role="status">
          <p>Your new key (shown only now; “Configure” on the Claude Code tab installs it for Claude Code):</p>
          <p className="with-action">
            <code className="mono wrap" data-testid="new-key">
              {shown}
            </code>
            <CopyButton text={shown} label="Copy the client API key" />
          </p>
        </div>
      )}
      <div className="toolbar">
        <button type="button" disabled={busy} onClick={() => act('generate')}>
          {hasKey ? 'Rotate key' : 'Generate key'}
        </button>
        {hasKey && (
          <button type="button" className="danger" disabled={busy} onClick={() => act('remove')}>
            Remove key
          </button>
        )}
      </div>
    </section>
  );
}
