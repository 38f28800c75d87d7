/**
 * Adding an account, four ways: browser sign-in (open the authorize URL; the proxy's callback listener finishes
 * it), paste-the-callback-URL (for when the callback cannot reach this machine), device code (show the code and
 * the URL; the proxy polls), and import from the Codex app. Pending sign-ins are polled through loginStatus.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { DeviceLoginStart, LoginStart } from '../../../proxy/src/contract';
import type { DashboardClient } from '../api';
import { useAction, useAlive } from '../hooks/useAction';
import { useReport } from '../hooks/useReport';

type Flow =
  | { kind: 'browser'; login: LoginStart }
  | { kind: 'paste'; login: LoginStart }
  | { kind: 'device'; login: DeviceLoginStart };

export const LOGIN_POLL_MS = 2_000;

export function AddAccount({ api, onAdded, pollMs = LOGIN_POLL_MS }: { api: DashboardClient; onAdded(): Promise<void>; pollMs?: number }) {
  const { busy, run } = useAction();
  const report = useReport();
  const alive = useAlive();
  const [flow, setFlow] = useState<Flow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pasted, setPasted] = useState('');

  const finished = async (message: string): Promise<void> => {
    setFlow(null);
    setPasted('');
    setNotice(message);
    await onAdded();
  };

  // Browser and device sign-ins finish on the proxy's side: poll until done or failed.
  const loginId = flow && flow.kind !== 'paste' ? flow.login.loginId : null;
  useEffect(() => {
    if (!loginId) return undefined;
    let stopped = false;
    const timer = setInterval(() => {
      api.loginStatus(loginId).then(
        (s) => {
          if (stopped || !alive.current) return;
          if (s.status === 'done') {
            stopped = true;
            void finished(`Added ${s.email ?? s.accountId ?? 'the account'}.`);
          } else if (s.status === 'failed' || s.status === 'unknown') {
            stopped = true;
            setFlow(null);
            report(new Error(s.message ?? 'The sign-in was abandoned; start it again.'));
          }
        },
        (err: unknown) => {
          if (stopped || !alive.current) return;
          stopped = true;
          setFlow(null);
          report(err);
        },
      );
    }, pollMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
    // `finished` closes over stable setters and `onAdded` (the caller's stable reload), so it is left out.
  }, [api, loginId, pollMs]);

  const start = (kind: 'browser' | 'paste') =>
    void run(async () => {
      setNotice(null);
      const login = await api.startLogin(kind);
      setFlow({ kind, login });
    });

  const startDevice = () =>
    void run(async () => {
      setNotice(null);
      setFlow({ kind: 'device', login: await api.startDeviceLogin() });
    });

  const importCodex = () =>
    void run(async () => {
      setNotice(null);
      const a = await api.importCodexAccount();
      await finished(`Imported ${a.email ?? a.accountId} from the Codex app.`);
    });

  const submitPaste = (e: FormEvent) => {
    e.preventDefault();
    const input = pasted.trim();
    if (!input) return;
    void run(async () => {
      const a = await api.completeLogin(input);
      await finished(`Added ${a.email ?? a.accountId}.`);
    });
  };

  return (
    <div className="add-account" aria-labelledby="add-account-title" role="region">
      <h3 id="add-account-title">Add an account</h3>
      <div className="toolbar">
        <button type="button" disabled={busy} onClick={() => start('browser')}>
          Sign in with browser
        </button>
        <button type="button" disabled={busy} onClick={() => start('paste')}>
          Paste callback URL
        </button>
        <button type="button" disabled={busy} onClick={startDevice}>
          Device code
        </button>
        <button type="button" disabled={busy} onClick={importCodex}>
          Import from Codex app
        </button>
      </div>

      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}

      {flow?.kind === 'browser' && (
        <div className="flow" role="status" aria-live="polite">
          <p>
            <a href={flow.login.url} target="_blank" rel="noreferrer noopener">
              Open the ChatGPT sign-in page
            </a>{' '}
            and sign in. This page updates when the sign-in is done.
          </p>
          <p className="muted">
            Sign-in URL: <code className="wrap" data-testid="login-url">{flow.login.url}</code>
          </p>
          <button type="button" onClick={() => setFlow(null)}>
            Cancel
          </button>
        </div>
      )}

      {flow?.kind === 'paste' && (
        <form className="flow" onSubmit={submitPaste}>
          <p>
            1.{' '}
            <a href={flow.login.url} target="_blank" rel="noreferrer noopener">
              Open the ChatGPT sign-in page
            </a>{' '}
            on any machine and sign in.
          </p>
          <p className="muted">
            Sign-in URL: <code className="wrap" data-testid="login-url">{flow.login.url}</code>
          </p>
          <label className="field">
            <span>
              2. Paste the address the browser ends on (<code>{flow.login.redirectUri}?code=…</code>; the page may fail to load):
            </span>
            <input type="text" value={pasted} onChange={(e) => setPasted(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <div className="toolbar">
            <button type="submit" disabled={busy || !pasted.trim()}>
              Add account
            </button>
            <button type="button" onClick={() => setFlow(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}

      {flow?.kind === 'device' && (
        <div className="flow" role="status" aria-live="polite">
          <p>
            On any device, open{' '}
            <a href={flow.login.verificationUrl} target="_blank" rel="noreferrer noopener">
              {flow.login.verificationUrl}
            </a>{' '}
            and enter the code:
          </p>
          <p className="device-code" data-testid="device-code">
            {flow.login.userCode}
          </p>
          <p className="muted">Waiting for approval… (the code expires in 15 minutes)</p>
          <button type="button" onClick={() => setFlow(null)}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
