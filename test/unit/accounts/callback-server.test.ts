/** The one-shot callback listener (docs/codex-backend.md §2.3). Always on a random port, never 1455. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { portInUseMessage, startCallbackListener } from '../../../proxy/src/accounts/oauth/callback-server.js';

const get = (url: string) => fetch(url).then(async (r) => ({ status: r.status, text: await r.text() }));

describe('callback listener', () => {
  it('400 "State mismatch" on a wrong state, keeps waiting, then completes with the right one', async () => {
    const codes: string[] = [];
    const l = await startCallbackListener({ port: 0, state: 'good', timeoutMs: 5000, onCode: async (c) => (codes.push(c), 'Signed in as a@b.c') });
    expect(l.redirectUri).toBe(`http://127.0.0.1:${l.port}/auth/callback`);
    const bad = await get(`${l.redirectUri}?code=c1&state=evil`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('State mismatch');
    expect((await get(`http://127.0.0.1:${l.port}/other`)).status).toBe(404);
    const ok = await get(`${l.redirectUri}?code=c2&state=good`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Signed in as a@b.c');
    await expect(l.result).resolves.toBe('Signed in as a@b.c');
    expect(codes).toEqual(['c2']);
  });

  it('an issuer error ends the login with its reason (missing_codex_entitlement explained)', async () => {
    const l = await startCallbackListener({ port: 0, state: 's', timeoutMs: 5000, onCode: async () => 'x' });
    await get(`${l.redirectUri}?state=s&error=access_denied&error_description=missing_codex_entitlement`);
    await expect(l.result).rejects.toThrow(/Codex is not enabled for this ChatGPT workspace/);
  });

  it('/cancel aborts; a timeout ends the wait', async () => {
    const l = await startCallbackListener({ port: 0, state: 's', timeoutMs: 5000, onCode: async () => 'x' });
    await get(`http://127.0.0.1:${l.port}/cancel`);
    await expect(l.result).rejects.toThrow(/cancelled/);
    const t = await startCallbackListener({ port: 0, state: 's', timeoutMs: 50, onCode: async () => 'x' });
    await expect(t.result).rejects.toThrow(/timed out/);
  });

  it('a failed exchange is shown to the browser and ends the login', async () => {
    const l = await startCallbackListener({ port: 0, state: 's', timeoutMs: 5000, onCode: async () => Promise.reject(new Error('invalid_grant')) });
    const page = await get(`${l.redirectUri}?state=s&code=c`);
    expect(page.text).toContain('invalid_grant');
    await expect(l.result).rejects.toThrow('invalid_grant');
  });

  it('a taken port gives the clear "is codex login running?" message', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startCallbackListener({ port, state: 's', timeoutMs: 1000, onCode: async () => 'x' })).rejects.toThrow(portInUseMessage(port));
      expect(portInUseMessage(1455)).toMatch(/^port 1455 is in use — is `codex login` running\?/);
    } finally {
      blocker.close();
    }
  });
});
