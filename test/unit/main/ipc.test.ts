import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { dashboardChangedChannel, dashboardChannels, dashboardEventChannels, type DashboardApi } from '../../../proxy/src/contract.js';
import { isTrustedFrame, registerDashboardIpc, sendChanged, sendEvent, type DashboardIpcMain } from '../../../main/ipc.js';
import { ContractError } from '../../../proxy/src/contract/errors.js';
import { makeAccount, makeLaneStats, makeStatus, markerApi } from './fixtures.js';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** A fake ipcMain recording handlers by channel (ipcMain is injected, so no vi.mock('electron') is needed). */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipc = {
    handle: vi.fn((channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  const invoke = (channel: string, frame: { url: string; parent: unknown } | null, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ senderFrame: frame } as unknown as IpcMainInvokeEvent, ...args);
  };
  return { ipc: ipc as unknown as DashboardIpcMain & typeof ipc, handlers, invoke };
}

function fakeApi() {
  const status = makeStatus();
  return {
    ...markerApi(),
    getStatus: vi.fn(async () => status),
    listAccounts: vi.fn(async () => [makeAccount({ id: 'a' })]),
    switchAccount: vi.fn(async (id: string) => ({ ...status, activeAccountId: id })),
    setEnabled: vi.fn(async (enabled: boolean) => ({ ...status, enabled })),
    getLaneStats: vi.fn(async () => makeLaneStats()),
  } satisfies DashboardApi;
}


const dashboard = { url: 'app://dashboard/index.html', parent: null };

describe('isTrustedFrame', () => {
  it('accepts only the top-level app://dashboard frame (and the dev server when given)', () => {
    expect(isTrustedFrame(dashboard)).toBe(true);
    expect(isTrustedFrame({ url: 'app://dashboard/', parent: null })).toBe(true);
    expect(isTrustedFrame({ url: 'http://localhost:5173/', parent: null }, 'http://localhost:5173')).toBe(true);
  });

  it('rejects iframes, foreign pages, look-alikes, missing frames and the dev server in production', () => {
    const iframe = { url: 'app://dashboard/index.html', parent: dashboard } as never;
    for (const frame of [
      null,
      undefined,
      iframe,
      { url: 'https://evil.example/', parent: null },
      { url: 'app://evil/index.html', parent: null },
      { url: 'app://dashboard.evil/index.html', parent: null },
      { url: 'file:///Applications/x/index.html', parent: null },
      { url: 'http://localhost:5173/', parent: null },
      { url: 'not a url', parent: null },
    ]) {
      expect(isTrustedFrame(frame), JSON.stringify(frame)).toBe(false);
    }
    expect(isTrustedFrame({ url: 'http://localhost:5174/', parent: null }, 'http://localhost:5173')).toBe(false);
  });
});

describe('registerDashboardIpc', () => {
  it('registers one handler per DashboardApi method, on the contract channels', () => {
    const { ipc, handlers } = fakeIpcMain();
    registerDashboardIpc(ipc, fakeApi());
    expect([...handlers.keys()].sort()).toEqual(Object.values(dashboardChannels).sort());
  });

  it('delegates to the api with validated arguments', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const api = fakeApi();
    registerDashboardIpc(ipc, api);

    await expect(invoke(dashboardChannels.getStatus, dashboard)).resolves.toMatchObject({ port: 8081 });
    await expect(invoke(dashboardChannels.listAccounts, dashboard)).resolves.toHaveLength(1);
    await expect(invoke(dashboardChannels.switchAccount, dashboard, 'a')).resolves.toMatchObject({ activeAccountId: 'a' });
    await expect(invoke(dashboardChannels.setEnabled, dashboard, false)).resolves.toMatchObject({ enabled: false });
    await expect(invoke(dashboardChannels.getLaneStats, dashboard)).resolves.toMatchObject({ since: null });
    expect(api.switchAccount).toHaveBeenCalledWith('a');
    expect(api.setEnabled).toHaveBeenCalledWith(false);
  });

  it('rejects an untrusted sender without touching the api', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const api = fakeApi();
    registerDashboardIpc(ipc, api);
    const evil = { url: 'https://evil.example/', parent: null };
    for (const channel of Object.values(dashboardChannels)) {
      await expect(invoke(channel, evil, 'a'), channel).rejects.toThrow(/untrusted sender/);
    }
    await expect(invoke(dashboardChannels.setEnabled, null, true)).rejects.toThrow(/untrusted sender/);
    await expect(invoke(dashboardChannels.setEnabled, null, true)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      invoke(dashboardChannels.getStatus, { url: dashboard.url, parent: dashboard }),
    ).rejects.toThrow(/untrusted sender/);
    for (const fn of Object.values(api)) expect(fn).not.toHaveBeenCalled();
  });

  it('allows the dev server only when configured', async () => {
    const { ipc, invoke } = fakeIpcMain();
    registerDashboardIpc(ipc, fakeApi(), 'http://localhost:5173');
    await expect(invoke(dashboardChannels.getStatus, { url: 'http://localhost:5173/', parent: null })).resolves.toBeTruthy();
  });

  it('validators reject bad arguments before the api is called', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const api = fakeApi();
    registerDashboardIpc(ipc, api);
    const bad: [string, unknown[]][] = [
      [dashboardChannels.switchAccount, []],
      [dashboardChannels.switchAccount, [42]],
      [dashboardChannels.switchAccount, ['']],
      [dashboardChannels.switchAccount, ['x'.repeat(129)]],
      [dashboardChannels.switchAccount, ['a\nb']],
      [dashboardChannels.switchAccount, [{ toString: () => 'a' }]],
      [dashboardChannels.switchAccount, ['a', 'b']],
      [dashboardChannels.setEnabled, []],
      [dashboardChannels.setEnabled, ['true']],
      [dashboardChannels.setEnabled, [1]],
      [dashboardChannels.setEnabled, [null]],
      [dashboardChannels.getStatus, ['extra']],
      [dashboardChannels.listAccounts, [{}]],
      [dashboardChannels.getLaneStats, ['codex']],
      [dashboardChannels.listRequests, [0]],
      [dashboardChannels.listRequests, [501]],
      [dashboardChannels.listRequests, [2.5]],
      [dashboardChannels.listRequests, ['10']],
      [dashboardChannels.getModels, [true]],
      [dashboardChannels.startLogin, []],
      [dashboardChannels.startLogin, ['device']],
      [dashboardChannels.startDeviceLogin, ['now']],
      [dashboardChannels.loginStatus, ['../x']],
      [dashboardChannels.loginStatus, ['']],
      [dashboardChannels.completeLogin, ['   ']],
      [dashboardChannels.completeLogin, ['x'.repeat(8193)]],
      [dashboardChannels.completeLogin, [{ url: 'x' }]],
      [dashboardChannels.importCodexAccount, ['/etc/passwd']],
      [dashboardChannels.importCodexAccount, ['/home/u/.codex/auth.json.bak']],
      [dashboardChannels.importCodexAccount, [42]],
      [dashboardChannels.removeAccount, []],
      [dashboardChannels.removeAccount, ['a\u0000']],
      [dashboardChannels.setAccountDisabled, ['a']],
      [dashboardChannels.setAccountDisabled, ['a', 'yes']],
      [dashboardChannels.refreshAccount, [null]],
      [dashboardChannels.refreshQuota, [7]],
      [dashboardChannels.refreshAllAccounts, ['a']],
      [dashboardChannels.configureClaude, []],
      [dashboardChannels.configureClaude, [null]],
      [dashboardChannels.configureClaude, [[]]],
      [dashboardChannels.configureClaude, [{ dryRun: 'yes' }]],
      [dashboardChannels.configureClaude, [{ dryRun: true, settingsPath: '/etc/x' }]],
      [dashboardChannels.useClaudeDirect, [{ statusLine: true }]],
      [dashboardChannels.revertClaudeConfig, [{ force: 1 }]],
      [dashboardChannels.applyDoctorFix, ['a b']],
      [dashboardChannels.applyDoctorFix, [{}]],
      [dashboardChannels.undoDoctorFix, ['not-a-change-id', {}]],
      [dashboardChannels.undoDoctorFix, ['20260101T000000000Z-doctor-abcdef']],
      [dashboardChannels.undoDoctorFix, ['20260101T000000000Z-doctor-abcdef', { force: 'yes' }]],
      [dashboardChannels.getClaudeConfig, [{}]],
      [dashboardChannels.runDoctor, ['x']],
      [dashboardChannels.getCompat, [1]],
      [dashboardChannels.getStatusline, [null]],
    ];
    for (const [channel, args] of bad) {
      const err = await invoke(channel, dashboard, ...args).then(() => null, (e: unknown) => e);
      expect(err, `${channel} ${JSON.stringify(args)}`).toBeInstanceOf(ContractError);
      expect(err, `${channel} ${JSON.stringify(args)}`).toMatchObject({ code: 'invalid_argument' });
    }
    for (const fn of Object.values(api)) expect(fn).not.toHaveBeenCalled();
  });

  it('passes api errors through as rejections', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const api = fakeApi();
    api.switchAccount.mockRejectedValueOnce(new Error('unknown account'));
    registerDashboardIpc(ipc, api);
    await expect(invoke(dashboardChannels.switchAccount, dashboard, 'nope')).rejects.toThrow('unknown account');
  });

  it('rejects with the api’s ContractError code, and with `internal` for an error no rule knows', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const api = fakeApi();
    api.switchAccount.mockRejectedValueOnce(new ContractError('not_found', 'No account nope'));
    api.setEnabled.mockRejectedValueOnce(new RangeError('boom'));
    registerDashboardIpc(ipc, api);
    const notFound = await invoke(dashboardChannels.switchAccount, dashboard, 'nope').catch((e: unknown) => e);
    expect(notFound).toMatchObject({ code: 'not_found', message: 'No account nope' });
    // What Electron forwards to the renderer is String(error): the code travels in it.
    expect(String(notFound)).toBe('ContractError[not_found]: No account nope');
    await expect(invoke(dashboardChannels.setEnabled, dashboard, true)).rejects.toMatchObject({ code: 'internal', message: 'boom' });
  });

  it('returns a disposer that removes every handler', () => {
    const { ipc, handlers } = fakeIpcMain();
    const dispose = registerDashboardIpc(ipc, fakeApi());
    dispose();
    expect(handlers.size).toBe(0);
    expect(ipc.removeHandler.mock.calls.map(([c]) => c).sort()).toEqual(Object.values(dashboardChannels).sort());
    registerDashboardIpc(ipc, fakeApi()); // registering again after disposal works
    expect(handlers.size).toBe(Object.keys(dashboardChannels).length);
  });
});

describe('sendEvent', () => {
  it('pushes each typed event on its own channel', () => {
    const alive = { send: vi.fn(), isDestroyed: () => false };
    const record = { id: 'r1' } as never;
    sendEvent(alive, 'record', record);
    sendEvent(alive, 'changed', makeStatus());
    expect(alive.send.mock.calls).toEqual([
      [dashboardEventChannels.record, record],
      [dashboardEventChannels.changed, makeStatus()],
    ]);
    expect(dashboardEventChannels).toEqual({ changed: 'dashboard:changed', record: 'dashboard:record', heartbeat: 'dashboard:heartbeat' });
  });
});

describe('sendChanged', () => {
  it('pushes the status on the changed channel, unless the window is gone', () => {
    const status = makeStatus();
    const alive = { send: vi.fn(), isDestroyed: () => false };
    sendChanged(alive, status);
    expect(alive.send).toHaveBeenCalledWith(dashboardChangedChannel, status);

    const dead = { send: vi.fn(), isDestroyed: () => true };
    sendChanged(dead, status);
    sendChanged(undefined, status);
    expect(dead.send).not.toHaveBeenCalled();
  });
});
