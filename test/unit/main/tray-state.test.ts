import { describe, expect, it } from 'vitest';
import { baseUrl, trayIconFile, trayTitle, trayTooltip } from '../../../main/tray-state.js';
import { makeAccount, makeStatus, makeTrayState, quotaUsed } from './fixtures.js';

describe('tray icon, title and tooltip', () => {
  it('picks on / off / error / low-quota template icons', () => {
    const active = (o: Parameters<typeof makeAccount>[0]) => makeTrayState({ accounts: [makeAccount({ active: true, ...o })] });
    expect(trayIconFile(null)).toBe('trayOffTemplate.png');
    expect(trayIconFile(active({ id: 'a' }))).toBe('trayTemplate.png');
    expect(trayIconFile(makeTrayState({ status: makeStatus({ enabled: false }) }))).toBe('trayOffTemplate.png');
    expect(trayIconFile(makeTrayState({ status: makeStatus({ listening: false }) }))).toBe('trayOffTemplate.png');
    expect(trayIconFile(makeTrayState({ startError: 'port taken', status: makeStatus({ listening: false }) }))).toBe('trayErrorTemplate.png');
    expect(trayIconFile(active({ id: 'a', status: 'needs_login' }))).toBe('trayErrorTemplate.png');
    expect(trayIconFile(active({ id: 'a', status: 'cooldown', cooldownUntil: Date.now() + 60_000 }))).toBe('trayErrorTemplate.png'); // none left
    expect(trayIconFile(active({ id: 'a', quota: quotaUsed(95) }))).toBe('trayLowTemplate.png');
    expect(trayIconFile(active({ id: 'a', quota: quotaUsed(89) }))).toBe('trayTemplate.png');
  });

  it('the title is the active account\'s tightest remaining quota, hidden by the setting or when off', () => {
    const state = makeTrayState({ accounts: [makeAccount({ id: 'a', active: true, quota: quotaUsed(28) }), makeAccount({ id: 'b', quota: quotaUsed(99) })] });
    expect(trayTitle(state)).toBe('72%');
    expect(trayTitle({ ...state, showQuotaInTitle: false })).toBe('');
    expect(trayTitle({ ...state, status: makeStatus({ enabled: false }) })).toBe('');
    expect(trayTitle(makeTrayState())).toBe('');
  });

  it('tooltip and base URL', () => {
    expect(trayTooltip(makeTrayState())).toBe('Codex Claude Proxy — Proxy on · http://127.0.0.1:8081');
    expect(trayTooltip(null)).toBe('Codex Claude Proxy');
    expect(baseUrl(makeStatus({ host: '0.0.0.0', port: 9000 }))).toBe('http://127.0.0.1:9000');
  });
});
