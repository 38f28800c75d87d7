/** The Models, Live logs and Claude Code tabs. */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DashboardClient } from '../../renderer/src/api';
import { App, type TabId } from '../../renderer/src/App';
import { mergeRecords } from '../../renderer/src/hooks/useRequestLog';
import { fakeApi, makeRecord } from './fake-api';

afterEach(cleanup);

function open(api: DashboardClient, tab: TabId) {
  render(<App api={api} pollMs={0} initialTab={tab} />);
}

describe('Models', () => {
  it('shows the mapping as resolved (with substitutions) and the active catalog', async () => {
    const { api } = fakeApi();
    open(api, 'models');
    const opus = await screen.findByTestId('route-opus');
    expect(opus.textContent).toContain('claude-opus-5-5');
    expect(opus.textContent).toContain('gpt-6.1-sol');
    expect(opus.textContent).toContain('272k');
    const haiku = screen.getByTestId('route-haiku');
    expect(haiku.textContent).toContain('gpt-5.6-luna');
    expect(haiku.textContent).toContain('instead of gpt-5.1-codex-mini');
    const catalog = screen.getByRole('table', { name: 'Active account’s catalog' });
    expect(within(catalog).getByText('GPT-6.1 Sol')).toBeTruthy();
    expect(catalog.textContent).toContain('low, medium (default), high');
  });

  it('says when the catalog is unknown', async () => {
    const { api } = fakeApi();
    api.getModels.mockResolvedValueOnce({ mapping: [], catalog: null, advertised: [] });
    open(api, 'models');
    expect(await screen.findByText(/Unknown \(no active account/)).toBeTruthy();
  });
});

describe('Live logs', () => {
  it('shows the recent records, then pushed ones on top, with model → upstream, account and tokens', async () => {
    const fake = fakeApi();
    open(fake.withPush(), 'logs');
    const first = await screen.findByTestId('log-row');
    expect(first.textContent).toContain('claude-sonnet-5-5 → gpt-5.6-sol');
    expect(first.textContent).toContain('work@example.com');
    expect(first.textContent).toContain('1,200 / 34 / 1,024');
    expect(first.textContent).toContain('200');
    expect(fake.api.listRequests).toHaveBeenCalledWith(200);

    act(() =>
      fake.push('record', makeRecord({ id: 'r2', startedAt: Date.parse('2026-01-01T10:01:00Z'), clientModel: 'claude-haiku-5-5', upstreamModel: null, status: 429, outcome: 'error', errorType: 'rate_limit_error', accountId: 'zzz' })),
    );
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(2));
    const [top] = screen.getAllByTestId('log-row');
    expect(top!.textContent).toContain('claude-haiku-5-5 → —');
    expect(top!.textContent).toContain('429 rate_limit_error');
    expect(top!.textContent).toContain('zzz'); // unknown account: its id
  });

  it('says so before the first request', async () => {
    const { api } = fakeApi({ listRequests: vi.fn(async () => []) });
    open(api, 'logs');
    expect(await screen.findByText(/No requests yet/)).toBeTruthy();
  });

  it('mergeRecords keeps newest first, without duplicates, at most 200', () => {
    const many = Array.from({ length: 250 }, (_, i) => makeRecord({ id: `r${i}`, startedAt: i }));
    const merged = mergeRecords([], many);
    expect(merged).toHaveLength(200);
    expect(merged[0]!.id).toBe('r249');
    expect(mergeRecords(merged, [makeRecord({ id: 'r249', startedAt: 249 })])).toHaveLength(200);
  });
});

describe('Claude Code', () => {
  it('shows the settings file state', async () => {
    open(fakeApi().api, 'claude');
    const facts = await screen.findByTestId('claude-config');
    expect(facts.textContent).toContain('/home/u/.claude/settings.json');
    expect(facts.textContent).toContain('Uses this proxyno');
    expect(facts.textContent).toContain('ANTHROPIC_AUTH_TOKEN');
    expect(screen.getByRole('button', { name: 'Revert last change' }).hasAttribute('disabled')).toBe(true);
  });

  it('configure previews the diff (dry run), applies it, then revert undoes it', async () => {
    const { api } = fakeApi();
    open(api, 'claude');
    await screen.findByTestId('claude-config');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Also install the status line' }));
    fireEvent.click(screen.getByRole('button', { name: 'Preview configure' }));
    const diff = await screen.findByTestId('diff');
    expect(api.configureClaude).toHaveBeenCalledWith({ dryRun: true, statusLine: false });
    expect(diff.querySelector('.diff__line--add')!.textContent).toContain('ANTHROPIC_BASE_URL');
    expect(diff.querySelector('.diff__line--del')!.textContent).toContain('"model": "x"');

    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await screen.findByText('Claude Code now uses this proxy.');
    expect(api.configureClaude).toHaveBeenLastCalledWith({ dryRun: false, statusLine: false });
    expect(screen.getByTestId('claude-config').textContent).toContain('Uses this proxyyes');

    const revert = screen.getByRole('button', { name: 'Revert last change' });
    expect(revert.hasAttribute('disabled')).toBe(false);
    fireEvent.click(revert);
    await screen.findByText('The last change was reverted.');
    expect(api.revertClaudeConfig).toHaveBeenCalledWith({});
  });

  it('a preview with nothing to change says so', async () => {
    const { api } = fakeApi();
    open(api, 'claude');
    await screen.findByTestId('claude-config');
    fireEvent.click(screen.getByRole('button', { name: 'Preview “use Anthropic directly”' }));
    expect(await screen.findByText(/Nothing to change/)).toBeTruthy();
    expect(api.useClaudeDirect).toHaveBeenCalledWith({ dryRun: true });
  });

  it('a refused configure (unparseable settings.json) is shown', async () => {
    const { api } = fakeApi({ configureClaude: vi.fn(async () => Promise.reject(new Error('settings.json is not valid JSON; it was not changed'))) });
    open(api, 'claude');
    await screen.findByTestId('claude-config');
    fireEvent.click(screen.getByRole('button', { name: 'Preview configure' }));
    expect((await screen.findByRole('alert')).textContent).toContain('settings.json is not valid JSON');
  });

  it('doctor findings offer Fix, and a fix can be undone', async () => {
    const { api } = fakeApi();
    open(api, 'claude');
    const finding = await screen.findByTestId('finding-env.ANTHROPIC_AUTH_TOKEN');
    expect(finding.textContent).toContain('ANTHROPIC_AUTH_TOKEN overrides the proxy');
    expect(within(screen.getByTestId('finding-proxy.off')).queryByRole('button')).toBeNull();
    expect(screen.getByText('Use the switch on the Overview tab.')).toBeTruthy();

    fireEvent.click(within(finding).getByRole('button', { name: 'Fix: Comment it out' }));
    await screen.findByText(/Commented out ANTHROPIC_AUTH_TOKEN/);
    expect(api.applyDoctorFix).toHaveBeenCalledWith('env.ANTHROPIC_AUTH_TOKEN');
    await waitFor(() => expect(api.runDoctor).toHaveBeenCalledTimes(2));

    await waitFor(() => expect(screen.getByRole('button', { name: 'Undo' }).hasAttribute('disabled')).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(screen.queryByText(/Commented out/)).toBeNull());
    expect(api.undoDoctorFix).toHaveBeenCalledWith('20260101T000000000Z-doctor-abcdef', {});
  });

  it('shows the compatibility sentinel counts, or that nothing unknown was seen', async () => {
    open(fakeApi().api, 'claude');
    expect((await screen.findByRole('list', { name: 'Request fields' })).textContent).toContain('context_management × 3');
    expect(screen.getByRole('list', { name: 'Beta values' }).textContent).toContain('new-beta-2026 × 1');
    expect(screen.queryByRole('list', { name: 'Content block types' })).toBeNull();
    cleanup();
    const { api } = fakeApi({ getCompat: vi.fn(async () => ({ fields: {}, blockTypes: {}, betas: {}, firstSeenAt: null, lastSeenAt: null })) });
    open(api, 'claude');
    expect(await screen.findByTestId('compat-empty')).toBeTruthy();
  });
});
