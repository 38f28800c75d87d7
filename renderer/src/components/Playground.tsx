/**
 * Playground: one request through /v1/messages as Claude Code would send it (model, system prompt, message,
 * thinking), streamed back with its TTFT, tokens and a link to the request's detail.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { PlaygroundEvent } from '../../../proxy/src/contract-v2';
import { count, shortMs } from '../format';
import { useAction } from '../hooks/useAction';
import { useLoad } from '../hooks/useLoad';
import { has, NOT_SERVED, type DashboardClientV2 } from '../v2';

interface Run {
  runId: string;
  text: string;
  thinking: string;
  ttftMs: number | null;
  done: Extract<PlaygroundEvent, { kind: 'done' }> | null;
  error: string | null;
}

export function Playground({ api, openRequest }: { api: DashboardClientV2; openRequest(id: string): void }) {
  const models = useLoad(() => api.getModels(), [api]);
  const ids = models.data ? [...new Set([...models.data.mapping.filter((m) => m.kind === 'family' && m.clientModel !== '*').map((m) => m.clientModel), ...models.data.advertised])] : [];
  const [model, setModel] = useState('');
  const [system, setSystem] = useState('');
  const [message, setMessage] = useState('');
  const [thinking, setThinking] = useState(false);
  const [run, setRun] = useState<Run | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const action = useAction();
  const chosen = model || ids[0] || '';
  const runId = run?.runId ?? null;

  useEffect(() => {
    if (!api.onPlayground || !runId) return undefined;
    return api.onPlayground((e) => {
      if (e.runId !== runId) return;
      setRun((r) => {
        if (!r) return r;
        if (e.kind === 'text') return { ...r, text: r.text + e.text, ttftMs: r.ttftMs ?? e.ttftMs };
        if (e.kind === 'thinking') return { ...r, thinking: r.thinking + e.text, ttftMs: r.ttftMs ?? e.ttftMs };
        if (e.kind === 'done') return { ...r, done: e, ttftMs: e.ttftMs ?? r.ttftMs };
        if (e.kind === 'error') return { ...r, error: e.message };
        return r;
      });
    });
  }, [api, runId]);

  if (!has(api, 'startPlayground') || !api.onPlayground) {
    return (
      <section className="card" aria-labelledby="pg-title">
        <h2 id="pg-title">Playground</h2>
        <p className="muted">{NOT_SERVED}</p>
      </section>
    );
  }
  const start = api.startPlayground.bind(api);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!message.trim()) return setInvalid('Type a message first.');
    if (!chosen) return setInvalid('Pick a model.');
    setInvalid(null);
    void action.run(async () => {
      const { runId: id } = await start({ model: chosen, system, message, thinking });
      setRun({ runId: id, text: '', thinking: '', ttftMs: null, done: null, error: null });
    });
  };
  const running = run !== null && !run.done && !run.error;

  return (
    <section className="card card--wide" aria-labelledby="pg-title">
      <h2 id="pg-title">Playground</h2>
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span>Model (the id Claude Code sends)</span>
          <select value={chosen} onChange={(e) => setModel(e.target.value)}>
            {ids.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>System prompt (optional)</span>
          <textarea rows={2} value={system} onChange={(e) => setSystem(e.target.value)} />
        </label>
        <label className="field">
          <span>Message</span>
          <textarea rows={4} value={message} onChange={(e) => setMessage(e.target.value)} aria-invalid={invalid ? true : undefined} aria-describedby={invalid ? 'pg-invalid' : undefined} />
        </label>
        {invalid && (
          <p id="pg-invalid" className="warn" role="alert">
            {invalid}
          </p>
        )}
        <label className="check">
          <input type="checkbox" checked={thinking} onChange={(e) => setThinking(e.target.checked)} /> Extended thinking
        </label>
        <div className="toolbar">
          <button type="submit" disabled={action.busy || running}>
            {running ? 'Streaming…' : 'Send'}
          </button>
        </div>
      </form>
      {run && (
        <div className="pg-result" aria-live="polite" data-testid="pg-result">
          {run.thinking && (
            <details open>
              <summary>Thinking</summary>
              <p className="pg-thinking">{run.thinking}</p>
            </details>
          )}
          <p className="pg-text" data-testid="pg-text">
            {run.text || (running ? 'Waiting for the first token…' : '')}
          </p>
          {run.error && (
            <p className="outcome outcome--error" role="alert">
              {run.error}
            </p>
          )}
          <p className="muted small" data-testid="pg-figures">
            TTFT {shortMs(run.ttftMs)}
            {run.done && ` · ${shortMs(run.done.durationMs)} · tokens ${count(run.done.inputTokens)} in / ${count(run.done.outputTokens)} out / ${count(run.done.cachedTokens)} cached · ${run.done.stopReason ?? ''}`}
          </p>
          {run.done?.requestId && (
            <button type="button" className="link" onClick={() => openRequest(run.done!.requestId!)}>
              Open the request’s detail
            </button>
          )}
        </div>
      )}
    </section>
  );
}
