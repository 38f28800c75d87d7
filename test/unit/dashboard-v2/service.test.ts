/** DashboardV2Service over fakes: overview (pace, totals, errors), requests, settings, key, mapping, lane, backups, playground. */
import { describe, expect, it, vi } from 'vitest';
import type { AccountSummary, HaikuLaneView, ModelsView } from '../../../proxy/src/contract.js';
import type { PlaygroundEvent } from '../../../proxy/src/contract-v2.js';
import { QuotaHistory } from '../../../proxy/src/accounts/quota-pace.js';
import { RequestLog } from '../../../proxy/src/logs/request-log.js';
import { RequestDetailStore } from '../../../proxy/src/requests/request-detail.js';
import { DashboardInputError, DashboardV2Service, type DashboardV2Deps, type JournalChange } from '../../../proxy/src/dashboard-v2/service.js';
import { defaultModelMapping, type ModelMapping } from '../../../proxy/src/routing/model-mapping.js';
import { rec } from '../requests/records.js';

const MIN = 60_000;
const NOW = new Date(2026, 5, 10, 12, 0).getTime();

function setup(over: Partial<DashboardV2Deps> = {}) {
  const log = new RequestLog(100, { now: () => NOW });
  const history = new QuotaHistory();
  const details = new RequestDetailStore({}, () => NOW);
  let settings = { port: 8081, host: '127.0.0.1', rotation: 'sticky' as const, keepAliveMs: 10_000, commitDeadlineMs: 10_000, idleTimeoutMs: 300_000, requestLogRetentionDays: 7, requestLogMaxEntries: 5000, showContentDefault: false, theme: 'system' as const, transport: 'sse' as const };
  let clientKey: string | null = null;
  let mapping: ModelMapping = { ...defaultModelMapping };
  let lane: HaikuLaneView = { enabled: false, model: null, baseUrl: 'https://openrouter.ai/api/v1', fallbackToCodex: true, hasApiKey: false };
  const changes: JournalChange[] = [
    { id: '20260101T000000000Z-configure-abcdef', kind: 'configure', description: 'configure', createdAt: '2026-01-01T00:00:00.000Z', files: [{ path: '/h/.claude/settings.json' }], undoneAt: null },
    { id: '20260102T000000000Z-doctor-fix-123456', kind: 'doctor-fix', description: 'comment out', createdAt: '2026-01-02T00:00:00.000Z', files: [{ path: '/h/.zshrc' }], undoneAt: '2026-01-03T00:00:00.000Z' },
  ];
  const accounts: AccountSummary[] = [
    { id: 'a', email: 'a@x.com', accountId: 'acct-a', plan: 'pro', active: true, status: 'ok', source: 'login', quota: { plan: 'pro', primary: { usedPercent: 40, windowMinutes: 300, resetsAt: Math.floor((NOW + 240 * MIN) / 1000) }, secondary: null, credits: null, observedAt: NOW, source: 'headers' } },
    { id: 'b', email: null, accountId: 'acct-b', plan: null, active: false, status: 'needs_login', source: 'login' },
  ];
  const events: PlaygroundEvent[] = [];
  const models = (): ModelsView => ({ mapping: [], catalog: [{ slug: 'gpt-6.1-sol', displayName: 'Sol', contextWindow: 1, efforts: ['low', 'high'], defaultEffort: 'high', visible: true }, { slug: 'gpt-5.6-sol', displayName: 'S', contextWindow: 1, efforts: ['medium'], defaultEffort: 'medium', visible: true }], advertised: [] });
  const deps: DashboardV2Deps = {
    now: () => NOW,
    status: () => ({ enabled: true, listening: true, host: '127.0.0.1', port: 8081, activeAccountId: 'a', requestsServed: log.total, version: '1' }),
    listAccounts: async () => accounts,
    requestLog: log,
    logCapacity: 100,
    details,
    quotaHistory: history,
    settings: { get: () => settings, set: (k, v) => (settings = { ...settings, [k]: v }), clientKey: () => clientKey, setClientKey: (k) => (clientKey = k) },
    running: () => ({ host: '127.0.0.1', port: 8081 }),
    applyLive: (keys) => keys,
    models: { view: async () => models(), mapping: () => mapping, setMapping: (m) => (mapping = m) },
    haikuLane: { view: async () => lane, update: async (p) => void (lane = { ...lane, ...(p.enabled !== undefined ? { enabled: p.enabled } : {}), ...(p.model !== undefined ? { model: p.model } : {}), ...(p.apiKey !== undefined ? { hasApiKey: p.apiKey !== null } : {}) }), stats: () => ({ since: null, lanes: { codex: {} as never, haiku: {} as never } }) },
    claude: { changes: async () => changes, undo: vi.fn(async (id: string) => ({ changeId: id, files: ['/h/.claude/settings.json'] })), status: async () => ({ upToDate: false }) as never, doctor: async () => ({ ok: true, findings: [], checkedAt: NOW }) },
    messages: async () => ({
      requestId: 'req_pg',
      events: (async function* () {
        yield { type: 'message_start', message: { usage: { input_tokens: 5, cache_read_input_tokens: 3 } } };
        yield { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } };
        yield { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hello' } };
        yield { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } };
        yield { type: 'message_stop' };
      })(),
    }),
    emit: (_e, p) => events.push(p),
    ...over,
  };
  return { svc: new DashboardV2Service(deps), log, history, details, events, get: () => ({ settings, clientKey, mapping, lane }), deps };
}

describe('DashboardV2Service', () => {
  it('overview: address, the active account’s windows with a pace line, today’s totals, in flight, last errors with advice', async () => {
    const { svc, log, history } = setup();
    history.add('a', 'primary', { at: NOW - 60 * MIN, usedPercent: 10, resetsAt: Math.floor((NOW + 240 * MIN) / 1000), windowMinutes: 300 });
    log.add(rec({ id: 'ok', startedAt: NOW - 1000, inputTokens: 100, cachedTokens: 75 }));
    log.reject({ id: 'bad', route: '/v1/messages', status: 401, errorType: 'authentication_error' });
    log.begin({ id: 'run', route: '/v1/messages', clientModel: 'claude-opus-5-5', stream: true, startedAt: NOW - 4000 });
    const o = await svc.getOverview();
    expect(o.address).toBe('http://127.0.0.1:8081');
    expect(o.accountCount).toBe(2);
    expect(o.activeAccount?.windows[0]).toMatchObject({ key: 'primary', usedPercent: 40 });
    // 10 % → 40 % in 1 h = 30 %/h; 60 % left → 2 h, 2 h before the reset in 4 h.
    expect(o.activeAccount?.windows[0]?.pace).toMatchObject({ kind: 'runs_out', runsOutAt: NOW + 120 * MIN, marginMs: 120 * MIN });
    expect(o.today).toMatchObject({ requests: 2, ok: 1, rejected: 1, cacheHitPercent: 75 });
    expect(o.inFlight).toEqual([expect.objectContaining({ id: 'run', durationMs: 4000 })]);
    expect(o.lastErrors).toEqual([expect.objectContaining({ id: 'bad', rejected: true, advice: expect.stringContaining('API key') })]);
  });

  it('queries requests by filter, with in-flight ones; refuses a bad filter clearly', async () => {
    const { svc, log } = setup();
    log.add(rec({ id: '1', lane: 'haiku' }));
    log.add(rec({ id: '2', attempts: 2 }));
    log.begin({ id: 'run', route: '/v1/messages', clientModel: 'claude-haiku-5-5', stream: true, lane: 'haiku' });
    const page = await svc.queryRequests({ lane: 'haiku' });
    expect(page.records.map((r) => r.id)).toEqual(['1']);
    expect(page.inFlight.map((r) => r.id)).toEqual(['run']);
    expect((await svc.queryRequests({ status: 'failover' })).records.map((r) => r.id)).toEqual(['2']);
    await expect(svc.queryRequests({ status: 'weird' } as never)).rejects.toThrow(DashboardInputError);
  });

  it('request detail: content hidden unless asked', async () => {
    const { svc, details } = setup();
    details.open('req_1').upstreamRequest({ input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'secret' }] }] });
    expect(JSON.stringify(await svc.getRequestDetail('req_1', { showContent: false }))).not.toContain('secret');
    expect(JSON.stringify(await svc.getRequestDetail('req_1', { showContent: true }))).toContain('secret');
    expect(await svc.getRequestDetail('nope', { showContent: false })).toBeNull();
  });

  it('charts carry account labels', async () => {
    const { svc, log } = setup();
    log.add(rec({ startedAt: NOW, accountId: 'a' }));
    const c = await svc.getCharts();
    expect(c.hours).toHaveLength(24);
    expect(c.accountLabels['a']).toBe('a@x.com');
    expect(c.accountLabels['b']).toBe('acct-b');
  });

  it('settings: validated, applied live, restart needed for port/host, a warning off loopback, never the key', async () => {
    const { svc, deps } = setup();
    await expect(svc.updateSettings({ port: 70_000 })).rejects.toThrow(/port/);
    await expect(svc.updateSettings({ colour: 'red' } as never)).rejects.toThrow(DashboardInputError);
    const r = await svc.updateSettings({ rotation: 'round-robin', requestLogRetentionDays: 30, port: 9000 });
    expect(r.applied).toEqual(['rotation', 'requestLogRetentionDays']);
    expect(r.restartNeeded).toEqual(['port']);
    expect(r.settings).toMatchObject({ rotation: 'round-robin', requestLogRetentionDays: 30, port: 9000, pendingRestart: ['port'] });
    expect(r.warning).toBeNull();
    const open = await svc.updateSettings({ host: '0.0.0.0' });
    expect(open.warning).toMatch(/other machines.*no client API key/);
    expect(deps.settings.get()).not.toHaveProperty('apiKey');
  });

  it('client key: generated and returned once, then only hasClientKey; removed', async () => {
    const { svc, get } = setup();
    const g = await svc.setClientKey('generate');
    expect(g.key).toMatch(/^ccp-[A-Za-z0-9_-]{32}$/);
    expect(get().clientKey).toBe(g.key);
    expect(JSON.stringify(await svc.getSettings())).not.toContain(g.key!);
    expect((await svc.getSettings()).hasClientKey).toBe(true);
    expect(await svc.setClientKey('remove')).toEqual({ key: null, hasClientKey: false });
  });

  it('model mapping: validated against the live catalog; aliases set and removed', async () => {
    const { svc, get } = setup();
    await svc.updateModelMapping({ kind: 'family', family: 'sonnet', model: 'gpt-6.1-sol', effort: 'low' });
    expect(get().mapping.sonnet).toEqual({ model: 'gpt-6.1-sol', effort: 'low' });
    await expect(svc.updateModelMapping({ kind: 'family', family: 'opus', model: 'gpt-9', effort: null })).rejects.toThrow(/not in the active account’s catalog \(available: gpt-6.1-sol, gpt-5.6-sol\)/);
    await expect(svc.updateModelMapping({ kind: 'family', family: 'opus', model: 'gpt-5.6-sol', effort: 'high' })).rejects.toThrow(/does not support effort high/);
    await expect(svc.updateModelMapping({ kind: 'family', family: 'opus', model: 'bad slug!' })).rejects.toThrow(/model slug/);
    await svc.updateModelMapping({ kind: 'alias', alias: 'claude-custom', model: 'gpt-5.6-sol' });
    expect(get().mapping.aliases).toEqual({ 'claude-custom': { model: 'gpt-5.6-sol' } });
    await svc.updateModelMapping({ kind: 'remove-alias', alias: 'claude-custom' });
    expect(get().mapping.aliases).toEqual({});
    await expect(svc.updateModelMapping({ kind: 'remove-alias', alias: 'claude-custom' })).rejects.toThrow(/no alias/);
  });

  it('Haiku lane: enabling needs a model; the key is set/cleared, never returned', async () => {
    const { svc } = setup();
    await expect(svc.updateHaikuLane({ enabled: true })).rejects.toThrow(/model before enabling/);
    const p = await svc.updateHaikuLane({ enabled: true, model: 'qwen/qwen3-coder', apiKey: 'sk-or-very-secret' });
    expect(p.lane).toMatchObject({ enabled: true, model: 'qwen/qwen3-coder', hasApiKey: true });
    expect(JSON.stringify(p)).not.toContain('sk-or-very-secret');
    expect((await svc.updateHaikuLane({ apiKey: null })).lane.hasApiKey).toBe(false);
  });

  it('backups: newest first; restore undoes the change and re-runs the doctor; refuses unknown or restored ones', async () => {
    const { svc, deps } = setup();
    const list = await svc.listClaudeBackups();
    expect(list.map((b) => [b.kind, b.undone])).toEqual([['doctor-fix', true], ['configure', false]]);
    const r = await svc.restoreClaudeBackup('20260101T000000000Z-configure-abcdef');
    expect(deps.claude.undo).toHaveBeenCalledWith('20260101T000000000Z-configure-abcdef');
    expect(r).toMatchObject({ backupId: '20260101T000000000Z-configure-abcdef', doctor: { ok: true } });
    await expect(svc.restoreClaudeBackup('20260102T000000000Z-doctor-fix-123456')).rejects.toThrow(/already restored/);
    await expect(svc.restoreClaudeBackup('20990102T000000000Z-configure-000000')).rejects.toThrow(/No backup/);
    await expect(svc.restoreClaudeBackup('../../etc')).rejects.toThrow(/not a backup id/);
  });

  it('playground: streams thinking and text, then done with TTFT, tokens and the request id', async () => {
    const { svc, events } = setup();
    await expect(svc.startPlayground({ model: 'claude-sonnet-5-5', message: '  ' })).rejects.toThrow(/type a message/);
    const { runId } = await svc.startPlayground({ model: 'claude-sonnet-5-5', message: 'hi', thinking: true });
    await vi.waitFor(() => expect(events.at(-1)?.kind).toBe('done'));
    expect(events.map((e) => e.kind)).toEqual(['started', 'thinking', 'text', 'done']);
    expect(events.every((e) => e.runId === runId)).toBe(true);
    expect(events.at(-1)).toMatchObject({ requestId: 'req_pg', ttftMs: 0, inputTokens: 8, cachedTokens: 3, outputTokens: 7, stopReason: 'end_turn' });
  });

  it('playground: an upstream failure becomes an error event', async () => {
    const { svc, events } = setup({ messages: async () => Promise.reject(new Error('401 invalid x-api-key')) });
    await svc.startPlayground({ model: 'claude-sonnet-5-5', message: 'hi' });
    await vi.waitFor(() => expect(events.at(-1)).toMatchObject({ kind: 'error', message: '401 invalid x-api-key' }));
  });
});
