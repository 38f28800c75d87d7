import type { Response } from 'express';
import type { ProxyCore } from '../../core.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Minimal status page served at / when the dashboard build is absent. */
export async function statusPage(core: ProxyCore, res: Response): Promise<void> {
  const status = await core.getStatus();
  const accounts = await core.listAccounts();
  const rows = accounts
    .map((a) => `<li>${esc(a.email ?? a.accountId)} — ${esc(a.plan ?? 'unknown plan')}${a.active ? ' (active)' : ''} — ${esc(a.status)}</li>`)
    .join('');
  res
    .status(200)
    .set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .type('html')
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><title>Codex Claude Proxy</title><link rel="icon" href="data:,">` +
        `<style>body{font:14px system-ui;margin:2rem;max-width:40rem}</style></head><body>` +
        `<h1>Codex Claude Proxy</h1><p>${status.enabled ? 'Running' : 'Off'} on ${esc(status.host)}:${status.port} · version ${esc(status.version)} · ${status.requestsServed} requests served</p>` +
        `<h2>Accounts</h2>${rows ? `<ul>${rows}</ul>` : '<p>No account yet: run <code>codex-claude-proxy accounts import</code>.</p>'}` +
        `<p>Point Claude Code at <code>ANTHROPIC_BASE_URL=http://${esc(status.host)}:${status.port}</code>.</p></body></html>`,
    );
}
