import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountSummary, ProxyStatus } from '../../proxy/src/contract';
import type { DashboardClient } from '../../renderer/src/api';
import { App } from '../../renderer/src/App';

afterEach(cleanup);

/** (no jest-dom here) */
const isChecked = (el: Element | undefined): boolean => (el as HTMLInputElement | undefined)?.checked === true;

const baseStatus: ProxyStatus = {
  enabled: true,
  listening: true,
  host: '127.0.0.1',
  port: 8081,
  activeAccountId: 'a',
  requestsServed: 42,
  version: '0.1.0',
};

const baseAccounts: AccountSummary[] = [
  { id: 'a', email: 'work@example.com', accountId: 'acct-a', plan: 'pro', active: true, status: 'ok', source: 'login' },
  { id: 'b', email: null, accountId: 'acct-b', plan: null, active: false, status: 'needs_login', source: 'codex-import' },
];

const emptyLane = () => ({ requests: 0, ok: 0, failures: 0, fallbacks: 0, aborted: 0, medianLatencyMs: null, inputTokens: 0, outputTokens: 0, cachedTokens: 0 });

/** An in-memory DashboardApi with spies, like ProxyCore would behave. */
function fakeApi(overrides: Partial<DashboardClient> = {}) {
  let status = { ...baseStatus };
  let accounts = baseAccounts.map((a) => ({ ...a }));
  const api = {
    getStatus: vi.fn(async () => status),
    listAccounts: vi.fn(async () => accounts),
    setEnabled: vi.fn(async (enabled: boolean) => (status = { ...status, enabled, listening: enabled })),
    switchAccount: vi.fn(async (id: string) => {
      accounts = accounts.map((a) => ({ ...a, active: a.id === id }));
      return (status = { ...status, activeAccountId: id });
    }),
    getLaneStats: vi.fn(async () => ({ since: null, lanes: { codex: emptyLane(), haiku: emptyLane() } })),
    ...overrides,
  };
  return api;
}

async function renderApp(api: DashboardClient) {
  render(<App api={api} pollMs={0} />);
  await screen.findByText('work@example.com');
}

describe('<App>', () => {
  it('renders status and accounts from the api', async () => {
    await renderApp(fakeApi());
    expect(isChecked(screen.getByRole('switch'))).toBe(true);
    expect(screen.getByText('Proxy on')).toBeTruthy();
    expect(screen.getByTestId('port').textContent).toBe('8081');
    expect(screen.getByTestId('requests-served').textContent).toBe('42');
    expect(screen.getByText('http://127.0.0.1:8081')).toBeTruthy();
    expect(screen.getByText('v0.1.0')).toBeTruthy();

    const radios = within(screen.getByRole('radiogroup')).getAllByRole('radio');
    expect(radios.map((r) => [(r as HTMLInputElement).value, (r as HTMLInputElement).checked])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(screen.getByText('acct-b')).toBeTruthy(); // no email → account id
    expect(screen.getByText('pro')).toBeTruthy();
    expect(screen.getByText('needs login')).toBeTruthy();
  });

  it('toggling the switch calls setEnabled and shows the new state', async () => {
    const api = fakeApi();
    await renderApp(api);
    fireEvent.click(screen.getByRole('switch'));
    await waitFor(() => expect(screen.getByText('Proxy off')).toBeTruthy());
    expect(api.setEnabled).toHaveBeenCalledWith(false);
    expect(isChecked(screen.getByRole('switch'))).toBe(false);
    expect(screen.getByText('not listening')).toBeTruthy();
  });

  it('clicking an account calls switchAccount and checks it', async () => {
    const api = fakeApi();
    await renderApp(api);
    const [, second] = within(screen.getByRole('radiogroup')).getAllByRole('radio');
    fireEvent.click(second!);
    await waitFor(() => expect(isChecked(second)).toBe(true));
    expect(api.switchAccount).toHaveBeenCalledWith('b');
    expect(api.listAccounts).toHaveBeenCalledTimes(2); // reloaded after the switch
  });

  it('shows an API error to the user instead of swallowing it, and keeps the old state', async () => {
    const api = fakeApi({
      switchAccount: vi.fn(async () => {
        throw new Error("Error invoking remote method 'dashboard:switchAccount': Error: account b needs to log in again");
      }),
    });
    await renderApp(api);
    fireEvent.click(within(screen.getByRole('radiogroup')).getAllByRole('radio')[1]!);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('account b needs to log in again');
    expect(alert.textContent).not.toContain('Error invoking remote method');
    expect(isChecked(within(screen.getByRole('radiogroup')).getAllByRole('radio')[0])).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Dismiss error' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a load failure', async () => {
    const api = fakeApi({ getStatus: vi.fn(async () => Promise.reject(new Error('Cannot reach the proxy (fetch failed)'))) });
    render(<App api={api} pollMs={0} />);
    expect((await screen.findByRole('alert')).textContent).toContain('Cannot reach the proxy (fetch failed)');
  });

  it('a failed toggle is reported and the switch stays as it was', async () => {
    const api = fakeApi({ setEnabled: vi.fn(async () => Promise.reject(new Error('port 8081 is in use'))) });
    await renderApp(api);
    fireEvent.click(screen.getByRole('switch'));
    expect((await screen.findByRole('alert')).textContent).toContain('port 8081 is in use');
    expect(isChecked(screen.getByRole('switch'))).toBe(true);
  });

  it('follows pushed status changes and unsubscribes on unmount', async () => {
    let push: ((s: ProxyStatus) => void) | undefined;
    const unsubscribe = vi.fn();
    const api = fakeApi({
      onChanged: vi.fn((listener: (s: ProxyStatus) => void) => {
        push = listener;
        return unsubscribe;
      }),
    });
    render(<App api={api} pollMs={0} />);
    await screen.findByText('work@example.com');
    act(() => push!({ ...baseStatus, requestsServed: 43 }));
    await waitFor(() => expect(screen.getByTestId('requests-served').textContent).toBe('43'));
    cleanup();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('polls the status when the api has no push channel', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const getStatus = vi.fn(async () => baseStatus);
      render(<App api={fakeApi({ getStatus })} pollMs={1000} />);
      await screen.findByText('work@example.com');
      getStatus.mockResolvedValue({ ...baseStatus, requestsServed: 100 });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1000);
      });
      await waitFor(() => expect(screen.getByTestId('requests-served').textContent).toBe('100'));
    } finally {
      vi.useRealTimers();
    }
  });

  it('says so when there are no accounts', async () => {
    render(<App api={fakeApi({ listAccounts: vi.fn(async () => []) })} pollMs={0} />);
    expect(await screen.findByText(/No accounts yet/)).toBeTruthy();
  });
});
