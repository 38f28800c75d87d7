import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { accountLabel, trayErrorTemplate, trayTemplate, type TrayActions } from '../../../main/tray-menu.js';
import { makeAccount, makeStatus, makeTrayState, quotaUsed } from './fixtures.js';

function fakeActions() {
  return {
    switchAccount: vi.fn<(id: string) => void>(),
    setEnabled: vi.fn<(enabled: boolean) => void>(),
    openDashboard: vi.fn<() => void>(),
    quit: vi.fn<() => void>(),
    addAccount: vi.fn<() => void>(),
    signInAgain: vi.fn<(id: string) => void>(),
    configureClaude: vi.fn<() => void>(),
    revertClaude: vi.fn<() => void>(),
    useClaudeDirect: vi.fn<() => void>(),
    copyBaseUrl: vi.fn<() => void>(),
    setLaunchAtLogin: vi.fn<(on: boolean) => void>(),
    setShowQuotaInTitle: vi.fn<(on: boolean) => void>(),
    revealLogs: vi.fn<() => void>(),
  } satisfies TrayActions;
}

const byId = (t: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions => {
  const item = t.find((i) => i.id === id);
  if (!item) throw new Error(`no menu item ${id}`);
  return item;
};
const ids = (t: MenuItemConstructorOptions[]) => t.filter((i) => i.id).map((i) => i.id);

/** Electron calls click(menuItem, window, event); the template only reads `checked` from the item. */
const click = (item: MenuItemConstructorOptions, checked?: boolean): void => item.click!({ checked } as never, undefined, {} as never);

const accounts = [makeAccount({ id: 'a', email: 'work@example.com', plan: 'pro' }), makeAccount({ id: 'b', email: 'me@example.com', active: true })];
const NOW = Date.UTC(2026, 0, 10, 12, 0);

describe('trayTemplate', () => {
  it('without accounts: a placeholder, no radio items, and every fixed entry in order', () => {
    const t = trayTemplate(makeTrayState({ status: makeStatus({ activeAccountId: null }) }), fakeActions());
    expect(byId(t, 'accounts:empty')).toMatchObject({ label: 'No accounts yet', enabled: false });
    expect(t.some((i) => i.type === 'radio')).toBe(false);
    expect(ids(t)).toEqual([
      'status', 'requests', 'toggle', 'accounts:header', 'accounts:empty', 'add-account', 'configure-claude', 'revert-claude',
      'copy-base-url', 'open-dashboard', 'show-quota', 'launch-at-login', 'reveal-logs', 'quit',
    ]);
  });

  it('several accounts: radio items with plan, quota and reset, the active one checked; click switches', () => {
    const actions = fakeActions();
    const list = [
      makeAccount({ id: 'a', email: 'work@example.com', plan: 'pro', quota: quotaUsed(42, Math.floor(NOW / 1000) + 3600) }),
      makeAccount({ id: 'b', email: 'me@example.com', active: true }),
    ];
    const t = trayTemplate(makeTrayState({ accounts: list }), actions, NOW, 'UTC');
    expect(t.filter((i) => i.type === 'radio').map((r) => [r.id, r.label, r.checked])).toEqual([
      ['account:a', 'work@example.com (pro) · 5h 42% used, resets 13:00', false],
      ['account:b', 'me@example.com (plus)', true],
    ]);
    click(byId(t, 'account:a'), true);
    expect(actions.switchAccount).toHaveBeenCalledWith('a');
    click(byId(t, 'account:b'), true); // already active: no redundant switch
    expect(actions.switchAccount).toHaveBeenCalledTimes(1);
  });

  it('status rows: address, requests today and the last error', () => {
    const t = trayTemplate(makeTrayState({ requestsToday: 1234, lastError: 'usage limit (429)' }), fakeActions());
    expect(byId(t, 'status')).toMatchObject({ label: 'Proxy on · http://127.0.0.1:8081', enabled: false });
    expect(byId(t, 'requests')).toMatchObject({ label: '1,234 requests today', enabled: false });
    expect(byId(t, 'last-error')).toMatchObject({ label: 'Last error: usage limit (429)', enabled: false });
    expect(ids(trayTemplate(makeTrayState(), fakeActions()))).not.toContain('last-error');
    expect(byId(trayTemplate(makeTrayState({ status: makeStatus({ listening: false }) }), fakeActions()), 'status').label).toBe('Proxy starting…');
  });

  it('proxy off: unchecked toggle, "Proxy off", and "Use Claude directly" when Claude Code points at the proxy', () => {
    const actions = fakeActions();
    const off = makeTrayState({ status: makeStatus({ enabled: false, listening: false }), claude: { pointsAtProxy: true, revertable: true } });
    const t = trayTemplate(off, actions);
    expect(byId(t, 'status').label).toBe('Proxy off');
    expect(byId(t, 'toggle')).toMatchObject({ type: 'checkbox', checked: false });
    click(byId(t, 'toggle'), true); // Electron has already flipped `checked` when click runs
    expect(actions.setEnabled).toHaveBeenLastCalledWith(true);
    click(byId(t, 'use-claude-direct'));
    expect(actions.useClaudeDirect).toHaveBeenCalledOnce();
    // On, or Claude Code not pointed at the proxy: nothing to escape from.
    expect(ids(trayTemplate({ ...off, status: makeStatus() }, actions))).not.toContain('use-claude-direct');
    expect(ids(trayTemplate({ ...off, claude: { pointsAtProxy: false, revertable: false } }, actions))).not.toContain('use-claude-direct');
    click(byId(trayTemplate(makeTrayState(), actions), 'toggle'), false);
    expect(actions.setEnabled).toHaveBeenLastCalledWith(false);
  });

  it('an account needing login gets a "Sign in again…" item that re-logs it in (and its radio still only switches)', () => {
    const actions = fakeActions();
    const list = [makeAccount({ id: 'y', status: 'needs_login', plan: null }), makeAccount({ id: 'z', active: true })];
    const t = trayTemplate(makeTrayState({ accounts: list }), actions);
    expect(byId(t, 'account:y')).toMatchObject({ label: 'y@example.com — needs login', enabled: true });
    expect(ids(t).indexOf('relogin:y')).toBe(ids(t).indexOf('account:y') + 1);
    click(byId(t, 'relogin:y'));
    expect(actions.signInAgain).toHaveBeenCalledWith('y');
    expect(ids(t)).not.toContain('relogin:z');
  });

  it('low quota and other states are labelled: tightest window of any family, disabled, cooling down', () => {
    const extra = { ...quotaUsed(10), additional: { spark: { name: 'Spark', primary: { usedPercent: 97, windowMinutes: 300, resetsAt: null }, secondary: null } } };
    const now = 1_000_000;
    const t = trayTemplate(
      makeTrayState({
        accounts: [
          makeAccount({ id: 'c', plan: null, quota: extra }),
          makeAccount({ id: 'x', status: 'disabled', email: null, accountId: 'acct-x', plan: null }),
          makeAccount({ id: 'w', status: 'cooldown', cooldownUntil: now + 5 * 60_000 + 1, plan: null }),
        ],
      }),
      fakeActions(),
      now,
    );
    expect(byId(t, 'account:c').label).toBe('c@example.com · Spark 5h 97% used');
    expect(byId(t, 'account:x')).toMatchObject({ label: 'acct-x — disabled', enabled: false });
    expect(byId(t, 'account:w').label).toBe('w@example.com — cooling down, 6 min');
    expect(accountLabel(makeAccount({ id: 'q', status: 'cooldown', cooldownUntil: null, plan: null }))).toBe('q@example.com — cooling down');
  });

  it('error: the start failure is the status line', () => {
    const t = trayTemplate(makeTrayState({ startError: 'Port 8081 is already in use.' }), fakeActions());
    expect(byId(t, 'status').label).toBe('Proxy not running: Port 8081 is already in use.');
  });

  it('every other action calls its own handler', () => {
    const actions = fakeActions();
    const t = trayTemplate(makeTrayState({ accounts, claude: { pointsAtProxy: false, revertable: true } }), actions);
    click(byId(t, 'add-account'));
    click(byId(t, 'configure-claude'));
    click(byId(t, 'revert-claude'));
    click(byId(t, 'copy-base-url'));
    click(byId(t, 'open-dashboard'));
    click(byId(t, 'show-quota'), false);
    click(byId(t, 'launch-at-login'), true);
    click(byId(t, 'reveal-logs'));
    click(byId(t, 'quit'));
    expect(actions.addAccount).toHaveBeenCalledOnce();
    expect(actions.configureClaude).toHaveBeenCalledOnce();
    expect(actions.revertClaude).toHaveBeenCalledOnce();
    expect(actions.copyBaseUrl).toHaveBeenCalledOnce();
    expect(actions.openDashboard).toHaveBeenCalledOnce();
    expect(actions.setShowQuotaInTitle).toHaveBeenCalledWith(false);
    expect(actions.setLaunchAtLogin).toHaveBeenCalledWith(true);
    expect(actions.revealLogs).toHaveBeenCalledOnce();
    expect(actions.quit).toHaveBeenCalledOnce();
    expect(byId(t, 'quit')).toMatchObject({ label: 'Quit Codex Claude Proxy', accelerator: 'Command+Q' });
  });

  it('Configure is shown done (and disabled) when Claude Code already uses the proxy; Revert only when there is a change to undo', () => {
    const done = trayTemplate(makeTrayState({ claude: { pointsAtProxy: true, revertable: false } }), fakeActions());
    expect(byId(done, 'configure-claude')).toMatchObject({ label: 'Claude Code uses this proxy ✓', enabled: false });
    expect(byId(done, 'revert-claude').enabled).toBe(false);
    expect(byId(trayTemplate(makeTrayState({ claude: null }), fakeActions()), 'configure-claude')).toMatchObject({ label: 'Configure Claude Code', enabled: true });
  });

  it('checkboxes reflect the launch-at-login and title settings', () => {
    const t = trayTemplate(makeTrayState({ launchAtLogin: true, showQuotaInTitle: false }), fakeActions());
    expect(byId(t, 'launch-at-login')).toMatchObject({ type: 'checkbox', checked: true });
    expect(byId(t, 'show-quota')).toMatchObject({ type: 'checkbox', checked: false });
  });

  it('the error template still offers the dashboard, the logs and quit', () => {
    const actions = fakeActions();
    const t = trayErrorTemplate('boom', actions);
    expect(byId(t, 'status').label).toBe('Proxy error: boom');
    click(byId(t, 'reveal-logs'));
    click(byId(t, 'quit'));
    expect(actions.revealLogs).toHaveBeenCalledOnce();
    expect(actions.quit).toHaveBeenCalledOnce();
  });
});
