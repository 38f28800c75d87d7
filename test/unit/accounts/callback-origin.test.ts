/** The callback page says where to return: the dashboard, the app or the terminal (where the sign-in started). */
import { describe, expect, it } from 'vitest';
import { returnHint, startCallbackListener, type LoginOrigin } from '../../../proxy/src/accounts/oauth/callback-server.js';

describe('callback page text', () => {
  it.each<[LoginOrigin | undefined, string]>([
    ['dashboard', 'return to the dashboard'],
    ['app', 'return to the Codex Claude Proxy app'],
    ['cli', 'return to the terminal'],
    [undefined, 'return to the terminal'],
  ])('origin %s → "%s"', async (origin, expected) => {
    expect(returnHint(origin)).toBe(`You can close this window and ${expected}.`);
    const l = await startCallbackListener({ port: 0, state: 's', timeoutMs: 5000, onCode: async () => 'Signed in as a@b.c', ...(origin ? { origin } : {}) });
    const text = await fetch(`${l.redirectUri}?state=s&code=c`).then((r) => r.text());
    expect(text).toContain(`Signed in as a@b.c. You can close this window and ${expected}.`);
    await l.result;
  });
});
