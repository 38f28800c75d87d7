import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  accountLabel,
  trayErrorTemplate,
  trayIconFile,
  trayTemplate,
  trayTooltip,
  type TrayActions,
} from '../../../main/tray-menu.js';
import { makeAccount, makeStatus } from './fixtures.js';

function fakeActions() {
  return {
    switchAccount: vi.fn<(id: string) => void>(),
    setEnabled: vi.fn<(enabled: boolean) => void>(),
    openDashboard: vi.fn<() => void>(),
    quit: vi.fn<() => void>(),
    addAccount: vi.fn<() => void>(),
    configureClaude: vi.fn<() => void>(),
  } satisfies TrayActions;
}

const byId = (t: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions => {
  const item = t.find((i) => i.id === id);
  if (!item) throw new Error(`no menu item ${id}`);
  return item;
};

/** Electron calls click(menuItem, window, event); the template only reads `checked` from the item. */
const click = (item: MenuItemConstructorOptions, checked?: boolean): void =>
  item.click!({ checked } as never, undefined, {} as never);

const accounts = [
  makeAccount({ id: 'a', email: 'work@example.com', plan: 'pro' }),
  makeAccount({ id: 'b', email: 'me@example.com', active: true }),
];

describe('trayTemplate', () => {
  it('lists accounts as radio items with the active one checked', () => {
    const t = trayTemplate(makeStatus(), accounts, fakeActions());
    expect(t.filter((i) => i.type === 'radio').map((r) => [r.id, r.label, r.checked])).toEqual([
      ['account:a', 'work@example.com (pro)', false],
      ['account:b', 'me@example.com (plus)', true],
    ]);
  });

  it('switches account on click, and does nothing for the already active account', () => {
    const actions = fakeActions();
    const t = trayTemplate(makeStatus(), accounts, actions);
    click(byId(t, 'account:a'), true);
    expect(actions.switchAccount).toHaveBeenCalledWith('a');
    click(byId(t, 'account:b'), true);
    expect(actions.switchAccount).toHaveBeenCalledTimes(1);
  });

  it('toggle is a checkbox reflecting enabled; its click passes the flipped state', () => {
    const actions = fakeActions();
    const on = byId(trayTemplate(makeStatus({ enabled: true }), accounts, actions), 'toggle');
    expect(on).toMatchObject({ type: 'checkbox', checked: true });
    click(on, false); // Electron has already flipped `checked` when click runs
    expect(actions.setEnabled).toHaveBeenLastCalledWith(false);

    const off = byId(trayTemplate(makeStatus({ enabled: false, listening: false }), accounts, actions), 'toggle');
    expect(off.checked).toBe(false);
    click(off, true);
    expect(actions.setEnabled).toHaveBeenLastCalledWith(true);
  });

  it('shows status, address and request count as disabled info rows', () => {
    const t = trayTemplate(makeStatus({ requestsServed: 1234 }), accounts, fakeActions());
    expect(byId(t, 'status')).toMatchObject({ label: 'Proxy on · 127.0.0.1:8081', enabled: false });
    expect(byId(t, 'requests')).toMatchObject({ label: '1,234 requests served', enabled: false });
    expect(byId(trayTemplate(makeStatus({ enabled: false }), [], fakeActions()), 'status').label).toBe('Proxy off');
    expect(byId(trayTemplate(makeStatus({ listening: false }), [], fakeActions()), 'status').label).toBe('Proxy starting…');
  });

  it('shows a placeholder without accounts, and no radio items', () => {
    const t = trayTemplate(makeStatus({ activeAccountId: null }), [], fakeActions());
    expect(byId(t, 'accounts:empty')).toMatchObject({ label: 'No accounts yet', enabled: false });
    expect(t.some((i) => i.type === 'radio')).toBe(false);
  });

  it('wires add account, configure Claude Code, open dashboard and quit', () => {
    const actions = fakeActions();
    const t = trayTemplate(makeStatus(), accounts, actions);
    click(byId(t, 'add-account'));
    click(byId(t, 'configure-claude'));
    click(byId(t, 'open-dashboard'));
    click(byId(t, 'quit'));
    expect(actions.addAccount).toHaveBeenCalledOnce();
    expect(actions.configureClaude).toHaveBeenCalledOnce();
    expect(actions.openDashboard).toHaveBeenCalledOnce();
    expect(actions.quit).toHaveBeenCalledOnce();
    expect(byId(t, 'add-account').label).toBe('Add account…');
    expect(byId(t, 'configure-claude').label).toBe('Configure Claude Code');
    expect(t.at(-1)?.id).toBe('quit');
  });

  it('shows each account’s tightest quota window (any family) next to its plan and status', () => {
    const w = (usedPercent: number, windowMinutes: number) => ({ usedPercent, windowMinutes, resetsAt: null });
    const quota = (primary: number, secondary: number, extra?: number) => ({
      plan: 'pro',
      primary: w(primary, 300),
      secondary: w(secondary, 10080),
      ...(extra === undefined ? {} : { additional: { spark: { name: 'Spark', primary: w(extra, 300), secondary: null } } }),
      credits: null,
      observedAt: 0,
      source: 'headers' as const,
    });
    const t = trayTemplate(
      makeStatus(),
      [
        makeAccount({ id: 'a', email: 'a@example.com', plan: 'pro', quota: quota(12.4, 61) }),
        makeAccount({ id: 'b', email: 'b@example.com', plan: 'plus', quota: quota(80, 10), status: 'needs_login' }),
        makeAccount({ id: 'c', email: 'c@example.com', plan: null, quota: quota(10, 10, 97) }),
        makeAccount({ id: 'd', email: 'd@example.com', plan: null, quota: null }),
      ],
      fakeActions(),
    );
    expect(byId(t, 'account:a').label).toBe('a@example.com (pro) · weekly 61% used');
    expect(byId(t, 'account:b').label).toBe('b@example.com (plus) · 5h 80% used — needs login');
    expect(byId(t, 'account:c').label).toBe('c@example.com · Spark 5h 97% used');
    expect(byId(t, 'account:d').label).toBe('d@example.com');
  });

  it('disables accounts that are disabled and labels accounts that need attention', () => {
    const now = 1_000_000;
    const t = trayTemplate(
      makeStatus(),
      [
        makeAccount({ id: 'x', status: 'disabled', email: null, accountId: 'acct-x', plan: null }),
        makeAccount({ id: 'y', status: 'needs_login', plan: null }),
        makeAccount({ id: 'z', status: 'cooldown', cooldownUntil: now + 5 * 60_000 + 1, plan: null }),
      ],
      fakeActions(),
      now,
    );
    expect(byId(t, 'account:x')).toMatchObject({ label: 'acct-x — disabled', enabled: false });
    expect(byId(t, 'account:y')).toMatchObject({ label: 'y@example.com — needs login', enabled: true });
    expect(byId(t, 'account:z').label).toBe('z@example.com — cooling down, 6 min');
    expect(accountLabel(makeAccount({ id: 'q', status: 'cooldown', cooldownUntil: null, plan: null }))).toBe(
      'q@example.com — cooling down',
    );
  });

  it('error template still offers the dashboard and quit', () => {
    const actions = fakeActions();
    const t = trayErrorTemplate('boom', actions);
    expect(byId(t, 'status').label).toBe('Proxy error: boom');
    click(byId(t, 'quit'));
    expect(actions.quit).toHaveBeenCalledOnce();
  });
});

describe('tray icon and tooltip', () => {
  it('uses the "on" template only while enabled and listening', () => {
    expect(trayIconFile(makeStatus())).toBe('trayTemplate.png');
    expect(trayIconFile(makeStatus({ listening: false }))).toBe('trayOffTemplate.png');
    expect(trayIconFile(makeStatus({ enabled: false }))).toBe('trayOffTemplate.png');
    expect(trayIconFile(null)).toBe('trayOffTemplate.png');
  });

  it('tooltip names the app and the state', () => {
    expect(trayTooltip(makeStatus())).toBe('Codex Claude Proxy — Proxy on · 127.0.0.1:8081');
    expect(trayTooltip(null)).toBe('Codex Claude Proxy');
  });
});
