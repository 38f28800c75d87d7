/**
 * Settings: port and bind address (loopback warning), rotation, transport, keep-alive and timeouts, request-log
 * retention, "show content" default, theme; validated here (shape) and by the proxy (rules), saved, applied live
 * where possible — the answer says which keys need a restart. The client API key has its own panel.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { SettingsPatch, SettingsUpdateResult, SettingsView } from '../../../proxy/src/contract-v2';
import { useAction } from '../hooks/useAction';
import { useLoad } from '../hooks/useLoad';
import { has, NOT_SERVED, type DashboardClientV2 } from '../v2';
import { ClientKeyPanel } from './ClientKeyPanel';

type Draft = Record<keyof SettingsPatch, string>;
const NUMBER_KEYS = ['port', 'keepAliveMs', 'commitDeadlineMs', 'idleTimeoutMs', 'requestLogRetentionDays', 'requestLogMaxEntries'] as const;
const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

function toDraft(s: SettingsView): Draft {
  return {
    port: String(s.port),
    host: s.host,
    rotation: s.rotation,
    keepAliveMs: String(s.keepAliveMs),
    commitDeadlineMs: String(s.commitDeadlineMs),
    idleTimeoutMs: String(s.idleTimeoutMs),
    requestLogRetentionDays: String(s.requestLogRetentionDays),
    requestLogMaxEntries: String(s.requestLogMaxEntries),
    showContentDefault: String(s.showContentDefault),
    theme: s.theme,
    transport: s.transport,
  };
}

/** The changed keys as a patch, or the first field error. */
export function draftPatch(draft: Draft, saved: SettingsView): { patch: SettingsPatch } | { field: keyof Draft; error: string } {
  const base = toDraft(saved);
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(draft) as (keyof Draft)[]) {
    if (draft[k] === base[k]) continue;
    if ((NUMBER_KEYS as readonly string[]).includes(k)) {
      const n = Number(draft[k]);
      if (!draft[k].trim() || !Number.isInteger(n) || n < 0) return { field: k, error: 'Enter a whole number.' };
      if (k === 'port' && (n < 1 || n > 65535)) return { field: k, error: 'A port is between 1 and 65535.' };
      patch[k] = n;
    } else if (k === 'showContentDefault') patch[k] = draft[k] === 'true';
    else if (k === 'host' && !draft.host.trim()) return { field: k, error: 'Enter an address to bind, e.g. 127.0.0.1.' };
    else patch[k] = draft[k].trim();
  }
  return { patch: patch as SettingsPatch };
}

export function Settings({ api, onSaved }: { api: DashboardClientV2; onSaved(s: SettingsView): void }) {
  const settings = useLoad(async () => (has(api, 'getSettings') ? api.getSettings() : null), [api]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [result, setResult] = useState<SettingsUpdateResult | null>(null);
  const { busy, run } = useAction();
  const s = settings.data;
  useEffect(() => {
    if (s) setDraft(toDraft(s));
  }, [s]);

  if (!has(api, 'getSettings') || !has(api, 'updateSettings')) {
    return (
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <p className="muted">{NOT_SERVED}</p>
      </section>
    );
  }
  const update = api.updateSettings.bind(api);
  if (!s || !draft) {
    return (
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <p className="muted">{settings.loading ? 'Loading…' : 'The settings could not be loaded.'}</p>
      </section>
    );
  }

  const field = (k: keyof Draft) => ({
    value: draft[k],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value }),
    'aria-invalid': error?.field === k ? true : undefined,
    'aria-describedby': error?.field === k ? 'settings-error' : undefined,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = draftPatch(draft, s);
    if ('error' in p) return setError({ field: p.field, message: p.error });
    setError(null);
    if (Object.keys(p.patch).length === 0) return setResult(null);
    void (async () => {
      try {
        const r = await update(p.patch);
        setResult(r);
        settings.set(r.settings);
        onSaved(r.settings);
      } catch (err) {
        setError({ field: null, message: (err as Error).message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') });
      }
    })();
  };
  const offLoopback = !LOOPBACK.includes(draft.host.trim().toLowerCase());

  return (
    <>
      <section className="card card--wide" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <form className="form form--grid" onSubmit={submit} noValidate aria-describedby={error ? 'settings-error' : undefined}>
          <label className="field">
            <span>Port</span>
            <input type="text" inputMode="numeric" {...field('port')} />
          </label>
          <label className="field">
            <span>Bind address</span>
            <input type="text" spellCheck={false} {...field('host')} />
          </label>
          {offLoopback && (
            <p className="warn span-all" role="status">
              Not a loopback address: other machines on the network can reach the proxy and your ChatGPT accounts. Set a client API key below.
            </p>
          )}
          <label className="field">
            <span>Rotation</span>
            <select {...field('rotation')}>
              <option value="sticky">sticky (one account until it is limited)</option>
              <option value="round-robin">round-robin</option>
              <option value="quota-aware">quota-aware (most quota left)</option>
            </select>
          </label>
          <label className="field">
            <span>Upstream transport</span>
            <select {...field('transport')}>
              <option value="sse">HTTP (SSE)</option>
              <option value="websocket">WebSocket</option>
            </select>
          </label>
          <label className="field">
            <span>Keep-alive ping (ms)</span>
            <input type="text" inputMode="numeric" {...field('keepAliveMs')} />
          </label>
          <label className="field">
            <span>Commit deadline (ms)</span>
            <input type="text" inputMode="numeric" {...field('commitDeadlineMs')} />
          </label>
          <label className="field">
            <span>Idle timeout (ms)</span>
            <input type="text" inputMode="numeric" {...field('idleTimeoutMs')} />
          </label>
          <label className="field">
            <span>Request log: keep days</span>
            <input type="text" inputMode="numeric" {...field('requestLogRetentionDays')} />
          </label>
          <label className="field">
            <span>Request log: keep at most</span>
            <input type="text" inputMode="numeric" {...field('requestLogMaxEntries')} />
          </label>
          <label className="field">
            <span>Show request content by default</span>
            <select {...field('showContentDefault')}>
              <option value="false">no (lengths only)</option>
              <option value="true">yes</option>
            </select>
          </label>
          <label className="field">
            <span>Theme</span>
            <select {...field('theme')}>
              <option value="system">system</option>
              <option value="light">light</option>
              <option value="dark">dark</option>
            </select>
          </label>
          {error && (
            <p id="settings-error" className="outcome outcome--error span-all" role="alert">
              {error.message}
            </p>
          )}
          <div className="toolbar span-all">
            <button type="submit" disabled={busy}>
              Save settings
            </button>
            <button type="button" onClick={() => (setDraft(toDraft(s)), setError(null))}>
              Discard changes
            </button>
          </div>
        </form>
        {result && (
          <div className="notice" role="status" data-testid="settings-result">
            <p>Saved.{result.applied.length ? ` Applied now: ${result.applied.join(', ')}.` : ''}</p>
            {result.restartNeeded.length > 0 && <p className="warn">Restart needed for: {result.restartNeeded.join(', ')}.</p>}
            {result.warning && <p className="warn">{result.warning}</p>}
          </div>
        )}
        {s.pendingRestart.length > 0 && !result && <p className="warn">Restart needed for: {s.pendingRestart.join(', ')}.</p>}
      </section>
      {has(api, 'setClientKey') && <ClientKeyPanel api={api} hasKey={s.hasClientKey} onChange={(hasClientKey) => settings.set({ ...s, hasClientKey })} run={run} busy={busy} />}
    </>
  );
}
