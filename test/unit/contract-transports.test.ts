/**
 * Both transports, one contract: a list of bad arguments goes through HTTP (a real app and ProxyCore from
 * test/helpers/stack.ts, the request built by the contract's own client encoding) and through IPC (the real
 * handlers of main/ipc.ts over the same core, Electron mocked) — each is refused with the same error code, before
 * the core acts. Domain failures (an unknown account, nothing to revert) carry the same code on both too, and the
 * HTTP status is the code's. Plus the heartbeat push event on both transports.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dashboardChannels, dashboardEventChannels, type DashboardMethod } from '../../proxy/src/contract.js';
import { httpMethods } from '../../proxy/src/contract/http-routes.js';
import { ContractError, HTTP_STATUS, type ContractErrorCode } from '../../proxy/src/contract/errors.js';
import { registerDashboardIpc, startHeartbeat, type DashboardIpcMain } from '../../main/ipc.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { sampleArgs } from './main/fixtures.js';

vi.mock('electron', () => ({ ipcMain: {}, app: {} }));

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;
const dashboardFrame = { senderFrame: { url: 'app://dashboard/index.html', parent: null } } as unknown as IpcMainInvokeEvent;

let stack: Stack;
const handlers = new Map<string, Handler>();

beforeAll(async () => {
  stack = await startStack({ accounts: 1 });
  const ipc = { handle: (c: string, h: Handler) => void handlers.set(c, h), removeHandler: (c: string) => void handlers.delete(c) };
  registerDashboardIpc(ipc as unknown as DashboardIpcMain, stack.core);
});
afterAll(async () => stack?.close());

async function viaIpc(method: DashboardMethod, args: unknown[]): Promise<ContractErrorCode | 'ok'> {
  try {
    await handlers.get(dashboardChannels[method])!(dashboardFrame, ...args);
    return 'ok';
  } catch (e) {
    expect(e, `${method} over IPC`).toBeInstanceOf(ContractError);
    return (e as ContractError).code;
  }
}

async function viaHttp(method: DashboardMethod, args: unknown[]): Promise<ContractErrorCode | 'ok'> {
  const req = (httpMethods[method].request as (...a: unknown[]) => { verb: string; path: string; body?: unknown })(...args);
  const res = await fetch(`${stack.baseUrl}/api${req.path}`, {
    method: req.verb,
    headers: req.body === undefined ? {} : { 'content-type': 'application/json' },
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
  });
  if (res.ok) return 'ok';
  const body = (await res.json()) as { error: { code: ContractErrorCode; message: string } };
  expect(typeof body.error.message, `${method} over HTTP`).toBe('string');
  expect(res.status, `${method} over HTTP: status of ${body.error.code}`).toBe(HTTP_STATUS[body.error.code]);
  return body.error.code;
}

/** Bad arguments that survive JSON and URL encoding unchanged, so both transports see the same values. */
const badArguments: [DashboardMethod, unknown[]][] = [
  ['switchAccount', [42]],
  ['switchAccount', ['']],
  ['switchAccount', ['x'.repeat(129)]],
  ['switchAccount', ['a\nb']],
  ['setEnabled', ['true']],
  ['setEnabled', [null]],
  ['listRequests', [0]],
  ['listRequests', [501]],
  ['listRequests', [2.5]],
  ['startLogin', ['device']],
  ['loginStatus', ['../x']],
  ['loginStatus', ['a b']],
  ['completeLogin', ['   ']],
  ['completeLogin', ['x'.repeat(8193)]],
  ['completeLogin', [{ url: 'x' }]],
  ['importCodexAccount', ['/etc/passwd']],
  ['importCodexAccount', [42]],
  ['removeAccount', ['a\u0000']],
  ['setAccountDisabled', ['a\u0000', true]],
  ['refreshAccount', ['x'.repeat(200)]],
  ['refreshQuota', [7]],
  ['configureClaude', [{ dryRun: 'yes' }]],
  ['configureClaude', [{ dryRun: true, settingsPath: '/etc/x' }]],
  ['useClaudeDirect', [{ statusLine: true }]],
  ['revertClaudeConfig', [{ force: 1 }]],
  ['applyDoctorFix', ['a b']],
  ['applyDoctorFix', [{}]],
  ['undoDoctorFix', ['not-a-change-id', {}]],
  ['undoDoctorFix', ['20260101T000000000Z-doctor-abcdef', { force: 'yes' }]],
];

describe('bad arguments are refused the same way over IPC and HTTP', () => {
  it.each(badArguments)('%s %j → invalid_argument on both', async (method, args) => {
    const spy = vi.spyOn(stack.core, method);
    try {
      expect(await viaIpc(method, args)).toBe('invalid_argument');
      expect(await viaHttp(method, args)).toBe('invalid_argument');
      expect(spy, `${method} reached the core`).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('the list reaches every method that takes arguments', () => {
    const withArgs = (Object.keys(sampleArgs) as DashboardMethod[]).filter((m) => sampleArgs[m].length > 0);
    expect([...new Set(badArguments.map(([m]) => m))].sort()).toEqual(withArgs.sort());
  });
});

describe('domain failures carry the same code over IPC and HTTP', () => {
  const cases: [DashboardMethod, unknown[], ContractErrorCode][] = [
    ['switchAccount', ['nobody@example.com'], 'not_found'],
    ['removeAccount', ['nobody'], 'not_found'],
    ['setAccountDisabled', ['nobody', true], 'not_found'],
    ['refreshAccount', ['nobody'], 'not_found'],
    ['refreshQuota', ['nobody'], 'not_found'],
    ['completeLogin', ['http://localhost:1455/auth/callback?code=c&state=s'], 'invalid_argument'],
  ];
  it.each(cases)('%s %j → %s on both', async (method, args, code) => {
    expect(await viaIpc(method, args)).toBe(code);
    expect(await viaHttp(method, args)).toBe(code);
  });

  it('a valid call succeeds on both', async () => {
    expect(await viaIpc('listRequests', [5])).toBe('ok');
    expect(await viaHttp('listRequests', [5])).toBe('ok');
  });
});

describe('the heartbeat push event', () => {
  afterEach(() => void vi.useRealTimers());

  it('GET /api/events sends a heartbeat {t} every second (two within 2.5 s)', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const res = await fetch(`${stack.baseUrl}/api/events`, { signal: ac.signal });
    const reader = res.body!.getReader();
    const beats: { t: number }[] = [];
    let text = '';
    const deadline = setTimeout(() => ac.abort(), 2_500);
    try {
      while (beats.length < 2) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
        beats.splice(0, beats.length, ...[...text.matchAll(/event: heartbeat\ndata: (.*)\n\n/g)].map((m) => JSON.parse(m[1]!) as { t: number }));
      }
    } catch {
      // aborted at the deadline: the assertion below says what was missing
    } finally {
      clearTimeout(deadline);
      ac.abort();
    }
    expect(beats.length, text).toBeGreaterThanOrEqual(2);
    expect(beats[0]!.t).toBeGreaterThanOrEqual(started);
    expect(beats[1]!.t).toBeGreaterThan(beats[0]!.t);
  });

  it('IPC: startHeartbeat sends {t} on the heartbeat channel every second to the current window, until stopped', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const send = vi.fn();
    let contents: { send: typeof send; isDestroyed: () => boolean } | undefined;
    const stop = startHeartbeat(() => contents);
    vi.advanceTimersByTime(1_000); // no window yet: nothing to send to
    contents = { send, isDestroyed: () => false };
    vi.advanceTimersByTime(2_000);
    expect(send.mock.calls).toEqual([
      [dashboardEventChannels.heartbeat, { t: 1_002_000 }],
      [dashboardEventChannels.heartbeat, { t: 1_003_000 }],
    ]);
    stop();
    vi.advanceTimersByTime(5_000);
    expect(send).toHaveBeenCalledTimes(2);
  });
});
