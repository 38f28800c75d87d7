/** The Accounts tab: list, quota bars, actions, and the four ways to add an account. */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DashboardClient } from '../../renderer/src/api';
import { App } from '../../renderer/src/App';
import { AddAccount } from '../../renderer/src/components/AddAccount';
import { ReportContext } from '../../renderer/src/hooks/useReport';
import { fakeApi } from './fake-api';

afterEach(cleanup);

const isChecked = (el: Element | undefined): boolean => (el as HTMLInputElement | undefined)?.checked === true;

async function openAccounts(api: DashboardClient) {
  render(<App api={api} pollMs={0} initialTab="accounts" />);
  await screen.findByText('work@example.com');
}

describe('Accounts list', () => {
  it('lists accounts with plan, status, the active one checked, and the reason a login is needed', async () => {
    await openAccounts(fakeApi().api);
    const radios = screen.getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((r) => [r.value, r.checked])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(screen.getByText('acct-b')).toBeTruthy(); // no email → account id
    expect(screen.getByText('pro')).toBeTruthy();
    expect(screen.getByText('needs login')).toBeTruthy();
    expect(screen.getByText('refresh_token_reused: sign in again')).toBeTruthy();
  });

  it('shows a quota bar for every window the account reports, with reset times', async () => {
    await openAccounts(fakeApi().api);
    const bars = within(screen.getByTestId('account-a')).getAllByRole('progressbar');
    expect(bars.map((b) => [b.getAttribute('aria-label'), b.getAttribute('aria-valuenow')])).toEqual([
      ['work@example.com: 5h quota used', '42'],
      ['work@example.com: weekly quota used', '91'],
      ['work@example.com: Spark 5h quota used', '5'],
    ]);
    const text = screen.getByTestId('account-a').textContent!;
    expect(text).toMatch(/42% used · resets in 2 h [45] min/);
    expect(text).toMatch(/91% used · resets in 3 d/);
    expect(text).toContain('5% used · reset time unknown');
    expect((bars[1]!.firstChild as HTMLElement).className).toContain('quota__fill--high');
    expect(within(screen.getByTestId('account-b')).getByText('No quota data yet.')).toBeTruthy();
  });

  it('switches, refreshes, refreshes the quota, disables and (after confirming) removes', async () => {
    const { api } = fakeApi();
    await openAccounts(api);
    fireEvent.click(screen.getAllByRole('radio')[1]!);
    await waitFor(() => expect(isChecked(screen.getAllByRole('radio')[1])).toBe(true));
    expect(api.switchAccount).toHaveBeenCalledWith('b');

    const actionsOf = (id: string) => within(screen.getByRole('group', { name: `Actions for ${id}` }));
    // buttons are disabled while an action runs: wait until one is usable before clicking it
    const clickWhenEnabled = async (id: string, name: string) => {
      await waitFor(() => expect(actionsOf(id).getByRole('button', { name }).hasAttribute('disabled')).toBe(false));
      fireEvent.click(actionsOf(id).getByRole('button', { name }));
    };
    await clickWhenEnabled('work@example.com', 'Refresh');
    await waitFor(() => expect(api.refreshAccount).toHaveBeenCalledWith('a'));
    await clickWhenEnabled('work@example.com', 'Refresh quota');
    await waitFor(() => expect(api.refreshQuota).toHaveBeenCalledWith('a'));
    await clickWhenEnabled('work@example.com', 'Disable');
    await screen.findByText('disabled');
    expect(api.setAccountDisabled).toHaveBeenCalledWith('a', true);
    await clickWhenEnabled('work@example.com', 'Enable');
    await waitFor(() => expect(api.setAccountDisabled).toHaveBeenLastCalledWith('a', false));

    await clickWhenEnabled('acct-b', 'Remove');
    expect(api.removeAccount).not.toHaveBeenCalled();
    fireEvent.click(actionsOf('acct-b').getByRole('button', { name: 'Confirm remove' }));
    await waitFor(() => expect(screen.queryByText('acct-b')).toBeNull());
    expect(api.removeAccount).toHaveBeenCalledWith('b');
  });

  it('refresh all and refresh quotas act on every account', async () => {
    const { api } = fakeApi();
    await openAccounts(api);
    fireEvent.click(screen.getByRole('button', { name: 'Refresh all' }));
    await waitFor(() => expect(api.refreshAllAccounts).toHaveBeenCalled());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Refresh quotas' }).hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh quotas' }));
    await waitFor(() => expect(api.refreshQuota).toHaveBeenCalledWith());
  });

  it('reports a failed action and keeps the old state', async () => {
    const { api } = fakeApi({ switchAccount: vi.fn(async () => Promise.reject(new Error('account b needs to log in again'))) });
    await openAccounts(api);
    fireEvent.click(screen.getAllByRole('radio')[1]!);
    expect((await screen.findByRole('alert')).textContent).toContain('account b needs to log in again');
    expect(isChecked(screen.getAllByRole('radio')[0])).toBe(true);
  });

  it('says so when there are no accounts', async () => {
    render(<App api={fakeApi({ listAccounts: vi.fn(async () => []) }).api} pollMs={0} initialTab="accounts" />);
    expect(await screen.findByText(/No accounts yet/)).toBeTruthy();
  });
});

describe('Adding an account', () => {
  function renderAdd(api: DashboardClient) {
    const onAdded = vi.fn(async () => undefined);
    const report = vi.fn();
    render(
      <ReportContext.Provider value={report}>
        <AddAccount api={api} onAdded={onAdded} pollMs={20} />
      </ReportContext.Provider>,
    );
    return { onAdded, report };
  }

  it('browser sign-in shows the authorize URL as a link and finishes when the proxy reports it done', async () => {
    const { api } = fakeApi();
    const { onAdded } = renderAdd(api);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with browser' }));
    const link = (await screen.findByRole('link', { name: 'Open the ChatGPT sign-in page' })) as HTMLAnchorElement;
    expect(link.href).toBe('https://auth.openai.com/oauth/authorize?client_id=app&state=s1');
    expect(link.target).toBe('_blank');
    expect(link.rel).toContain('noopener');
    expect(api.startLogin).toHaveBeenCalledWith('browser');
    await waitFor(() => expect(api.loginStatus).toHaveBeenCalledWith('login-browser'));
    api.loginStatus.mockResolvedValue({ loginId: 'login-browser', status: 'done', accountId: 'c', email: 'new@example.com' } as never);
    expect((await screen.findByText('Added new@example.com.')).getAttribute('role')).toBe('status');
    expect(onAdded).toHaveBeenCalled();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('a failed sign-in is reported', async () => {
    const { api } = fakeApi();
    const { report } = renderAdd(api);
    api.loginStatus.mockResolvedValue({ loginId: 'login-browser', status: 'failed', message: 'State mismatch' } as never);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with browser' }));
    await waitFor(() => expect(report).toHaveBeenCalledWith(expect.objectContaining({ message: 'State mismatch' })));
  });

  it('paste mode completes the sign-in with the pasted callback URL', async () => {
    const { api } = fakeApi();
    const { onAdded } = renderAdd(api);
    fireEvent.click(screen.getByRole('button', { name: 'Paste callback URL' }));
    const input = await screen.findByRole('textbox', { name: /Paste the address the browser ends on/ });
    expect(screen.getByTestId('login-url').textContent).toContain('https://auth.openai.com/oauth/authorize');
    fireEvent.change(input, { target: { value: '  http://localhost:1455/auth/callback?code=c&state=s1 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    await screen.findByText('Added new@example.com.');
    expect(api.completeLogin).toHaveBeenCalledWith('http://localhost:1455/auth/callback?code=c&state=s1');
    expect(onAdded).toHaveBeenCalled();
    expect(api.loginStatus).not.toHaveBeenCalled(); // paste mode is finished by the paste, not polled
  });

  it('device code shows the code and the URL, then polls until approved', async () => {
    const { api } = fakeApi();
    renderAdd(api);
    fireEvent.click(screen.getByRole('button', { name: 'Device code' }));
    expect((await screen.findByTestId('device-code')).textContent).toBe('ABCD-EFGH');
    expect((screen.getByRole('link', { name: 'https://auth.openai.com/codex/device' }) as HTMLAnchorElement).href).toBe('https://auth.openai.com/codex/device');
    await waitFor(() => expect(api.loginStatus).toHaveBeenCalledWith('device-1'));
    api.loginStatus.mockResolvedValue({ loginId: 'device-1', status: 'done', accountId: 'c', email: 'dev@example.com' } as never);
    await screen.findByText('Added dev@example.com.');
  });

  it('imports the Codex app login', async () => {
    const { api } = fakeApi();
    renderAdd(api);
    fireEvent.click(screen.getByRole('button', { name: 'Import from Codex app' }));
    await screen.findByText('Imported codex@example.com from the Codex app.');
    expect(api.importCodexAccount).toHaveBeenCalledWith();
  });

  it('a refused start is reported', async () => {
    const { api } = fakeApi({ startDeviceLogin: vi.fn(async () => Promise.reject(new Error('Device-code sign-in is not available'))) });
    const { report } = renderAdd(api);
    fireEvent.click(screen.getByRole('button', { name: 'Device code' }));
    await waitFor(() => expect(report).toHaveBeenCalledWith(expect.objectContaining({ message: 'Device-code sign-in is not available' })));
    await act(async () => undefined);
    expect(screen.queryByTestId('device-code')).toBeNull();
  });
});
