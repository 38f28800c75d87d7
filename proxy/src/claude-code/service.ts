/**
 * The Claude Code integration behind ProxyCore's ClaudeCodeApi methods (and the CLI commands): builds the target
 * configuration from the live proxy state and delegates to the writer, the doctor and the status line.
 */
import path from 'node:path';
import type { AccountSummary, ClaudeConfigResult, ClaudeConfigStatus, DoctorFixResult, DoctorReport, StatuslineData } from '../contract.js';
import type { CatalogModel } from '../codex/catalog.js';
import type { RequestRecord } from '../logs/request-log.js';
import type { ModelMapping } from '../routing/model-mapping.js';
import { ChangeJournal } from './change-journal.js';
import { applyDoctorFix, runDoctor, undoDoctorFix, type DoctorDeps } from './doctor.js';
import type { ClaudeHome } from './paths.js';
import { claudeConfigStatus, configureClaude, revertClaude, useDirectAnthropic, type WriteResult } from './settings-writer.js';
import { buildStatuslineData } from './statusline.js';
import { cliCommand } from './cli-command.js';
import { computeTarget, proxyBaseUrl, type ClaudeTarget } from './target.js';

/** The `statusLine.command` of an installed CLI on PATH (npm i -g); `cliCommand()` picks it or an absolute one. */
export const DEFAULT_STATUSLINE_COMMAND = 'codex-claude-proxy statusline';

export interface ClaudeServiceHost {
  claudeHome: ClaudeHome;
  dataDir: string;
  bindHost: () => string;
  port: () => number;
  clientKey: () => string | null;
  mapping: () => ModelMapping;
  /** The live catalog of the active account, or null when unknown (the bundled catalog is used then). */
  catalog: () => Promise<CatalogModel[] | null>;
  accounts: () => Promise<AccountSummary[]>;
  enabled: () => boolean;
  lastRequest: () => RequestRecord | undefined;
  /** When set, doctor checks this URL instead of assuming the proxy is the caller. */
  healthUrl?: () => string;
  statusLineCommand?: string;
  now?: () => number;
}

export function journalDir(dataDir: string): string {
  return path.join(dataDir, 'claude-backups');
}

export class ClaudeCodeService {
  readonly journal: ChangeJournal;

  constructor(private readonly host: ClaudeServiceHost) {
    this.journal = new ChangeJournal(journalDir(host.dataDir), host.now);
  }

  async target(): Promise<ClaudeTarget> {
    const catalog = (await this.host.catalog()) ?? [];
    return computeTarget({
      baseUrl: proxyBaseUrl(this.host.bindHost(), this.host.port()),
      clientKey: this.host.clientKey(),
      mapping: this.host.mapping(),
      catalog,
      statusLineCommand: this.host.statusLineCommand ?? `${cliCommand()} statusline`,
    });
  }

  private deps() {
    return { claude: this.host.claudeHome, journal: this.journal };
  }

  async status(): Promise<ClaudeConfigStatus> {
    return claudeConfigStatus(this.deps(), await this.target());
  }

  private async result(r: WriteResult): Promise<ClaudeConfigResult> {
    return { settingsPath: r.settingsPath, changed: r.changed, diff: r.diff, changeId: r.change?.id ?? null, status: await this.status() };
  }

  async configure(opts: { dryRun?: boolean; statusLine?: boolean } = {}): Promise<ClaudeConfigResult> {
    return this.result(await configureClaude(this.deps(), await this.target(), opts));
  }

  async direct(opts: { dryRun?: boolean } = {}): Promise<ClaudeConfigResult> {
    return this.result(await useDirectAnthropic(this.deps(), await this.target(), opts));
  }

  async revert(opts: { force?: boolean } = {}): Promise<ClaudeConfigResult> {
    const rec = await revertClaude(this.deps(), opts);
    const file = rec.files[0]?.path ?? '';
    return { settingsPath: file, changed: true, diff: '', changeId: rec.id, status: await this.status() };
  }

  private async doctorDeps(): Promise<DoctorDeps> {
    const catalog = await this.host.catalog();
    return {
      ...this.deps(),
      target: await this.target(),
      accounts: this.host.accounts,
      catalogSlugs: catalog?.map((m) => m.slug) ?? null,
      healthUrl: this.host.healthUrl?.(),
      now: this.host.now,
    };
  }

  async doctor(): Promise<DoctorReport> {
    return runDoctor(await this.doctorDeps());
  }

  async fix(findingId: string): Promise<DoctorFixResult> {
    return applyDoctorFix(await this.doctorDeps(), findingId);
  }

  async undo(changeId: string, opts: { force?: boolean } = {}): Promise<{ changeId: string; files: string[] }> {
    return undoDoctorFix(this.deps(), changeId, opts);
  }

  async statusline(): Promise<StatuslineData> {
    return buildStatuslineData({ enabled: this.host.enabled(), accounts: await this.host.accounts(), last: this.host.lastRequest() });
  }
}
