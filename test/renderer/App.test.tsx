/** The dashboard shell and its Overview tab: tabs, status, lane statistics, push vs poll, errors. */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProxyStatus } from '../../proxy/src/contract';
import type { DashboardClient } from '../../renderer/src/api';
import { App } from '../../renderer/src/App';
import { baseStatus, fakeApi } from './fake-api';

afterEach(cleanup);

const isChecked = (el: Element | undefined): boolean => (el as HTMLInputElement | undefined)?.checked === true;

async function renderApp(api: DashboardClient) {
  render(<App api={api} pollMs={0} />);
  await screen.findByText('Proxy on');
}

describe('<App> shell', () => {
  it('has five tabs with the Overview selected, and switches panels by click and arrow keys', async () => {
    await renderApp(fakeApi().api);
    const tabs = within(screen.getByRole('tablist', { name: 'Dashboard sections' })).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Overview', 'Accounts1', 'Models', 'Live logs', 'Claude Code']);
    expect(tabs[0]!.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-overview');

    fireEvent.click(screen.getByRole('tab', { name: /Accounts/ }));
    expect(await screen.findByRole('heading', { name: 'Accounts' })).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('tab', { name: /Accounts/ }), { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Models' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Models' }));
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Models' }), { key: 'End' });
    expect(screen.getByRole('tab', { name: 'Claude Code' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Claude Code' }), { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
  });

  it('badges the Accounts tab with the number of accounts that need a login', async () => {
    await renderApp(fakeApi().api);
    expect(screen.getByRole('tab', { name: /Accounts/ }).querySelector('.tabs__badge')?.textContent).toBe('1');
  });

  it('shows a load failure instead of swallowing it, and lets the user dismiss it', async () => {
    const { api } = fakeApi({ getStatus: vi.fn(async () => Promise.reject(new Error('Cannot reach the proxy (fetch failed)'))) });
    render(<App api={api} pollMs={0} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Cannot reach the proxy (fetch failed)');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss error' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('strips Electron’s remote-method prefix from errors', async () => {
    const { api } = fakeApi({
      setEnabled: vi.fn(async () => {
        throw new Error("Error invoking remote method 'dashboard:setEnabled': Error: port 8081 is in use");
      }),
    });
    await renderApp(api);
    fireEvent.click(screen.getByRole('switch'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('port 8081 is in use');
    expect(alert.textContent).not.toContain('Error invoking remote method');
    expect(isChecked(screen.getByRole('switch'))).toBe(true);
  });
});

describe('Overview', () => {
  it('shows on/off, address, port, requests served and version', async () => {
    await renderApp(fakeApi().api);
    expect(isChecked(screen.getByRole('switch'))).toBe(true);
    expect(screen.getByTestId('port').textContent).toBe('8081');
    expect(screen.getByTestId('requests-served').textContent).toBe('42');
    expect(screen.getByText('http://127.0.0.1:8081')).toBeTruthy();
    expect(screen.getByText('v0.1.0')).toBeTruthy();
  });

  it('shows per-lane statistics', async () => {
    await renderApp(fakeApi().api);
    const codex = await screen.findByTestId('lane-codex');
    expect([...codex.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['3', '2', '1', '0', '850 ms', '12k / 300 / 9k']);
    expect(screen.getByTestId('lane-haiku').querySelectorAll('td')[4]!.textContent).toBe('—');
  });

  it('the switch calls setEnabled and shows the new state', async () => {
    const { api } = fakeApi();
    await renderApp(api);
    fireEvent.click(screen.getByRole('switch'));
    await waitFor(() => expect(screen.getByText('Proxy off')).toBeTruthy());
    expect(api.setEnabled).toHaveBeenCalledWith(false);
    expect(screen.getByText('not listening')).toBeTruthy();
  });

  it('follows pushed status changes (reloading lane stats and accounts), and unsubscribes on unmount', async () => {
    const fake = fakeApi();
    render(<App api={fake.withPush()} pollMs={0} />);
    await screen.findByText('Proxy on');
    await waitFor(() => expect(fake.api.getLaneStats).toHaveBeenCalledTimes(1));
    act(() => fake.push('changed', { ...baseStatus, requestsServed: 43 } satisfies ProxyStatus));
    await waitFor(() => expect(screen.getByTestId('requests-served').textContent).toBe('43'));
    await waitFor(() => expect(fake.api.getLaneStats).toHaveBeenCalledTimes(2));
    expect(fake.api.listAccounts).toHaveBeenCalledTimes(2);
    cleanup();
    expect(fake.listenerCount()).toBe(0);
  });

  it('polls without a push channel, and says when the proxy cannot be reached', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const fake = fakeApi();
      render(<App api={fake.api} pollMs={1000} />);
      await screen.findByText('Proxy on');
      fake.setStatus({ requestsServed: 100 });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1000);
      });
      await waitFor(() => expect(screen.getByTestId('requests-served').textContent).toBe('100'));
      fake.api.getStatus.mockRejectedValueOnce(new Error('Cannot reach the proxy (fetch failed)'));
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1000);
      });
      expect((await screen.findByText(/Lost contact with the proxy/)).textContent).toContain('fetch failed');
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1000);
      });
      await waitFor(() => expect(screen.queryByText(/Lost contact/)).toBeNull());
    } finally {
      vi.useRealTimers();
    }
  });
});
