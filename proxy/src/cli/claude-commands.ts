/**
 * The actions of `claude configure [--dry-run] [--statusline] | direct | revert | status` and
 * `doctor [--json] [--fix ID] [--undo ID]` (the tree: commands.ts). They work on the files directly (no running proxy needed), with HOME / CLAUDE_CONFIG_DIR from
 * the environment; the target (port, key, mapping) comes from the proxy's settings in the data dir.
 */
import path from 'node:path';
import { resolveDataDir } from '../config.js';
import { summarize } from '../accounts/summary.js';
import type { ClaudeConfigResult, DoctorReport } from '../contract.js';
import { openHeadlessSettings, parseSettings } from '../settings.js';
import { QuotaBook } from '../accounts/quota.js';
import { ClaudeCodeService } from '../claude-code/service.js';
import { defaultClaudeHome } from '../claude-code/paths.js';
import { CHANGE_ID_RE, ChangeError } from '../claude-code/change-journal.js';
import { ClaudeSettingsError } from '../claude-code/settings-file.js';
import { LockTimeoutError } from '../claude-code/file-lock.js';
import { proxyBaseUrl } from '../claude-code/target.js';
import { cliCommand } from '../claude-code/cli-command.js';
import { openStore } from './accounts-context.js';
import { CliFailure } from './failure.js';

const write = (s: string) => void process.stdout.write(s);

interface CommonOpts {
  dataDir?: string;
  port?: number;
}


/** The service the CLI verbs use: files only, the proxy's settings from the data dir. */
export async function openClaudeService(opts: CommonOpts, env: NodeJS.ProcessEnv = process.env): Promise<ClaudeCodeService> {
  const dataDir = resolveDataDir(opts.dataDir, env);
  const settingsStore = openHeadlessSettings(dataDir);
  const settings = parseSettings(settingsStore.store, settingsStore.path);
  const port = opts.port ?? settings.port;
  const store = openStore(dataDir);
  const quota = new QuotaBook(path.join(dataDir, 'quota.json'));
  await quota.load().catch(() => undefined);
  return new ClaudeCodeService({
    claudeHome: defaultClaudeHome(env),
    dataDir,
    bindHost: () => settings.host,
    port: () => port,
    clientKey: () => env.CODEX_CLAUDE_PROXY_API_KEY || settings.apiKey,
    mapping: () => settings.modelMapping,
    catalog: async () => null,
    accounts: async () => {
      const [list, activeId] = [await store.list(), await store.activeId()];
      const now = Date.now();
      return list.map((a) => summarize(a, a.id === activeId, now, quota.get(a.id)));
    },
    enabled: () => true,
    lastRequest: () => undefined,
    healthUrl: () => `${proxyBaseUrl(settings.host, port)}/health`,
  });
}

/** Turns the integration's user-fixable errors into one-line CLI failures (exit 1). */
async function userErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ClaudeSettingsError || e instanceof ChangeError || e instanceof LockTimeoutError) throw new CliFailure(e.message);
    throw e;
  }
}

function printResult(r: ClaudeConfigResult, verb: string, dryRun: boolean): void {
  if (!r.changed) {
    write(`${r.settingsPath} already ${verb === 'configure' ? 'points at the proxy' : 'has no proxy settings'}; nothing to change\n`);
    return;
  }
  write(r.diff);
  if (dryRun) {
    write(`(dry run: ${r.settingsPath} was not changed)\n`);
    return;
  }
  write(`updated ${r.settingsPath} (backup: change ${r.changeId}); undo with \`codex-claude-proxy claude revert\`\n`);
}

export async function configure(opts: CommonOpts & { dryRun?: boolean; statusline?: boolean }): Promise<void> {
  const svc = await openClaudeService(opts);
  const r = await userErrors(() => svc.configure({ dryRun: opts.dryRun, statusLine: opts.statusline }));
  printResult(r, 'configure', opts.dryRun ?? false);
}

export async function direct(opts: CommonOpts & { dryRun?: boolean }): Promise<void> {
  const svc = await openClaudeService(opts);
  const r = await userErrors(() => svc.direct({ dryRun: opts.dryRun }));
  printResult(r, 'direct', opts.dryRun ?? false);
}

export async function revert(opts: CommonOpts & { force?: boolean }): Promise<void> {
  const svc = await openClaudeService(opts);
  const r = await userErrors(() => svc.revert({ force: opts.force }));
  write(`restored ${r.settingsPath} to its state before change ${r.changeId}\n`);
}

export async function status(opts: CommonOpts & { json?: boolean }): Promise<void> {
  const svc = await openClaudeService(opts);
  const s = await svc.status();
  if (opts.json) return write(`${JSON.stringify(s, null, 2)}\n`);
  write(`settings: ${s.settingsPath}${s.exists ? '' : ' (does not exist)'}\n`);
  if (s.error) return write(`error: ${s.error}\n`);
  write(`base URL: ${s.baseUrl ?? '(not set)'}${s.pointsAtProxy ? ' (this proxy)' : ` (proxy: ${s.expectedBaseUrl})`}\n`);
  write(`configured: ${s.upToDate ? 'yes, up to date' : s.pointsAtProxy ? `partly (outdated: ${[...s.outdated, ...s.conflicts].join(', ')})` : 'no'}\n`);
  write(`credential helper: ${s.apiKeyHelper}; status line: ${s.statusLineInstalled ? 'installed' : 'not installed'}\n`);
  if (s.revertable) write(`revert would undo: ${s.revertable.description} (${s.revertable.createdAt})\n`);
}

const MARK = { error: '✗', warning: '!', info: 'i' } as const;

function printReport(r: DoctorReport): void {
  if (r.findings.length === 0) {
    write('✓ no problems found\n');
    return;
  }
  for (const f of r.findings) {
    write(`${MARK[f.severity]} [${f.severity}] ${f.title}  (${f.id})\n    ${f.detail}\n`);
    if (f.fix) write(`    fix: ${cliCommand()} doctor --fix '${f.id}'   (${f.fix.label})\n`);
    else if (f.advice) write(`    ${f.advice}\n`);
  }
}

export async function doctor(opts: CommonOpts & { json?: boolean; fix?: string; undo?: string; force?: boolean }): Promise<void> {
  const svc = await openClaudeService(opts);
  if (opts.fix && opts.undo) throw new CliFailure('use either --fix or --undo');
  if (opts.undo) {
    if (!CHANGE_ID_RE.test(opts.undo)) throw new CliFailure(`not a change id: ${opts.undo.slice(0, 80)}`);
    const r = await userErrors(() => svc.undo(opts.undo as string, { force: opts.force }));
    if (opts.json) return write(`${JSON.stringify(r, null, 2)}\n`);
    return write(`undid change ${r.changeId}: restored ${r.files.join(', ')}\n`);
  }
  if (opts.fix) {
    const r = await userErrors(() => svc.fix(opts.fix as string));
    if (opts.json) return write(`${JSON.stringify(r, null, 2)}\n`);
    return write(`${r.message}\n`);
  }
  const report = await svc.doctor();
  if (opts.json) write(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(report);
  if (!report.ok) throw new CliFailure(`${report.findings.filter((f) => f.severity === 'error').length} problem(s) found`);
}
