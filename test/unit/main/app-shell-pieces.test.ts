import { describe, expect, it, vi } from 'vitest';
import type { Dispatcher } from 'undici';
import type { ResealableStore } from '../../../main/token-vault.js';
import { NoticeCenter } from '../../../proxy/src/notices/notice-center.js';
import { makeAccount } from './fixtures.js';

const fakes = await vi.hoisted(async () => (await import('./electron-fakes.js')).createFakes());
vi.mock('electron', () => fakes.electron);
const { showNotice } = await import('../../../main/notifications.js');
const { sealPlaintextTokens } = await import('../../../main/token-vault.js');
const { chooseUpstreamProxy, parsePacResult, useUpstreamProxy } = await import('../../../main/upstream-proxy.js');

describe('Keychain sealing of CLI-imported tokens at start', () => {
  it('re-seals every plain: account with the vault, leaves sealed ones alone, reports failures', async () => {
    const accounts = [
      { id: 'cli', sealed: { idToken: 'plain:i', accessToken: 'plain:a', refreshToken: 'plain:r' } },
      { id: 'app', sealed: { idToken: 'ss1:x', accessToken: 'ss1:y', refreshToken: 'ss1:z' } },
      { id: 'broken', sealed: { idToken: 'plain:i2', accessToken: 'plain:a2', refreshToken: 'plain:r2' } },
    ];
    const update = vi.fn(async () => undefined);
    const store: ResealableStore = {
      list: async () => accounts,
      open: async (acc) => {
        if (acc.sealed.idToken === 'plain:i2') throw new Error('Keychain locked');
        return { idToken: acc.sealed.idToken.slice(6), accessToken: acc.sealed.accessToken.slice(6), refreshToken: acc.sealed.refreshToken.slice(6) };
      },
      seal: async (t) => ({ idToken: `ss1:${t.idToken}`, accessToken: `ss1:${t.accessToken}`, refreshToken: `ss1:${t.refreshToken}` }),
      update,
    };
    const report = vi.fn();
    await expect(sealPlaintextTokens(store, report)).resolves.toEqual(['cli']);
    expect(update).toHaveBeenCalledOnce();
    expect(update).toHaveBeenCalledWith('cli', { sealed: { idToken: 'ss1:i', accessToken: 'ss1:a', refreshToken: 'ss1:r' } });
    expect(report).toHaveBeenCalledWith('broken', expect.objectContaining({ message: 'Keychain locked' }));
  });
});

describe('upstream proxy', () => {
  it('environment first, then the system answer; DIRECT or an error means no proxy', async () => {
    const sys = vi.fn(async () => 'PROXY proxy.corp:3128; DIRECT');
    expect(await chooseUpstreamProxy({ HTTPS_PROXY: 'http://env:8080' }, sys, 'https://chatgpt.com')).toEqual({ kind: 'env' });
    expect(sys).not.toHaveBeenCalled();
    expect(await chooseUpstreamProxy({}, sys, 'https://chatgpt.com')).toEqual({ kind: 'url', url: 'http://proxy.corp:3128' });
    expect(await chooseUpstreamProxy({}, async () => 'DIRECT', 'https://chatgpt.com')).toEqual({ kind: 'direct' });
    expect(await chooseUpstreamProxy({}, () => Promise.reject(new Error('x')), 'https://chatgpt.com')).toEqual({ kind: 'direct' });
    expect(parsePacResult('HTTPS secure.corp:443')).toBe('https://secure.corp:443');
  });

  it('installs a dispatcher only when there is a proxy', async () => {
    const install = vi.fn((_d: Dispatcher) => undefined);
    await useUpstreamProxy({}, async () => 'DIRECT', undefined, install);
    expect(install).not.toHaveBeenCalled();
    await useUpstreamProxy({}, async () => 'PROXY p:1', undefined, install);
    expect(install).toHaveBeenCalledOnce();
  });
});

describe('notifications', () => {
  it('each admitted notice fires one native notification whose button performs the notice action; repeats are rate-limited', () => {
    const shown: { title: string; body: string; actions: unknown[] }[] = [];
    const listeners: Record<string, () => void> = {};
    const create = vi.fn((o: { title: string; body: string; actions: { type: 'button'; text: string }[]; silent: boolean }) => {
      shown.push(o);
      return { on: (e: 'action' | 'click', l: () => void) => void (listeners[e] = l), show: vi.fn() };
    });
    const perform = vi.fn();
    let now = 0;
    const center = new NoticeCenter({ now: () => now });
    center.on((n) => showNotice(create, n, perform));
    const ok = [makeAccount({ id: 'a', active: true })];
    const needs = [makeAccount({ id: 'a', active: true, status: 'needs_login' })];
    center.observeAccounts(ok);
    center.observeAccounts(needs);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ title: 'a@example.com needs to sign in again', actions: [{ type: 'button', text: 'Sign in again…' }] });
    listeners.action!();
    expect(perform).toHaveBeenCalledWith({ kind: 'sign-in-again', accountId: 'a', label: 'Sign in again…' });
    now += 1000;
    center.observeAccounts(ok);
    center.observeAccounts(needs);
    expect(shown).toHaveLength(1); // same key within the rate-limit window
    center.startFailed('Port 8081 is already in use.');
    expect(shown).toHaveLength(2);
  });
});
