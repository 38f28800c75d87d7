/**
 * Claude Code doctor: finds what makes Claude Code bypass or fail against the proxy, and fixes what it can with
 * undoable journal changes (byte-exact backups; `undoDoctorFix` restores them).
 *
 * Checks: credentials / base URL in the environment and in shell rc files; settings.json not pointing at the
 * proxy, credential variables in its env, stale tier model ids, an auto-compact window above the upstream's real
 * context window; a rejected key in `.claude.json` `customApiKeyResponses.rejected`; the proxy not answering
 * GET /health; no usable ChatGPT account. Everything is read through the injected HOME / env (tests plant
 * conflicts in a temp HOME).
 */
import path from 'node:path';
import type { AccountSummary, DoctorFinding, DoctorFixResult, DoctorReport } from '../contract.js';
import { isRetiredModel } from '../routing/model-mapping.js';
import { CODEX_MODEL_ID_PREFIX } from '../routing/router.js';
import { ChangeError, type ChangeJournal, type FileEdit } from './change-journal.js';
import { removeJsonProperty, setJsonProperty } from './json-edit.js';
import { claudeSettingsPath, claudeStatePath, shellRcPaths, type ClaudeHome } from './paths.js';
import { envOf, parseJsonDoc, readTextOrNull, tildify } from './settings-file.js';
import { sameUrl, planProxySettings } from './settings-writer.js';
import { disableRcAssignments, findRcAssignments } from './shell-rc.js';
import { CONFLICTING_ENV_KEYS, keyFromHelper, OPEN_PROXY_PLACEHOLDER_KEY, targetEnv, type ClaudeTarget } from './target.js';
import { cliCommand } from './cli-command.js';

export interface DoctorDeps {
  claude: ClaudeHome;
  journal: ChangeJournal;
  target: ClaudeTarget;
  /** `GET` this to see whether the proxy runs; omit when the caller is the running proxy itself. */
  healthUrl?: string;
  accounts: () => Promise<AccountSummary[]>;
  /** Slugs of the live catalog, when known (stale-model check). */
  catalogSlugs?: readonly string[] | null;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

interface FixPlan {
  description: string;
  files: string[];
  plan: (current: Map<string, string | null>) => FileEdit[] | null;
}

interface Detected {
  finding: DoctorFinding;
  fix?: FixPlan;
}

const ENV_VARS = ['ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL'] as const;
const MODEL_VARS = ['ANTHROPIC_MODEL', 'ANTHROPIC_DEFAULT_OPUS_MODEL', 'ANTHROPIC_DEFAULT_SONNET_MODEL', 'ANTHROPIC_DEFAULT_HAIKU_MODEL', 'ANTHROPIC_SMALL_FAST_MODEL'] as const;

/** Claude Code remembers approved / rejected custom keys by their last 20 characters. */
export function keySuffix(key: string): string {
  return key.slice(-20);
}

/** `272000`, `272k`, `1m`, `1.5M` → tokens; null when unreadable. */
export function parseTokenCount(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  const mult = m[2]?.toLowerCase() === 'k' ? 1000 : m[2]?.toLowerCase() === 'm' ? 1_000_000 : 1;
  return Math.round(n * mult);
}

/** The value assigned on an rc line (`export X="v"` → v), for recognising our own values. */
function rcValue(line: string, variable: string): string | null {
  const m = new RegExp(`${variable}(?:=|\\s+)(.*)$`).exec(line);
  if (!m) return null;
  return (m[1] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2');
}

function isOurs(variable: string, value: string | null | undefined, t: ClaudeTarget): boolean {
  if (value === null || value === undefined) return false;
  if (variable === 'ANTHROPIC_BASE_URL') return sameUrl(value, t.baseUrl);
  if (variable === 'ANTHROPIC_API_KEY') return value === (t.clientKey ?? value);
  return false;
}

/** A tier/model value that names a retired model, another proxy model than the mapping's, or one not in the catalog. */
function staleModel(variable: string, value: unknown, t: ClaudeTarget, catalog: readonly string[] | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase().replace(/\[[^\]]*\]$/, '');
  const slug = v.startsWith(CODEX_MODEL_ID_PREFIX) ? v.slice(CODEX_MODEL_ID_PREFIX.length) : /^(gpt-|codex-|o\d)/.test(v) ? v : null;
  if (slug === null) return null; // a Claude id: routed by family, never stale
  if (isRetiredModel(slug)) return `${slug} is retired on ChatGPT accounts`;
  if (catalog && catalog.length > 0 && !catalog.some((s) => s.toLowerCase() === slug)) return `${slug} is not in this account's Codex model catalog`;
  const expected = (targetEnv(t) as Record<string, string>)[variable];
  if (expected && v.startsWith(CODEX_MODEL_ID_PREFIX) && expected.toLowerCase() !== v) return `the proxy now maps this tier to ${expected}`;
  return null;
}

function finding(id: string, severity: DoctorFinding['severity'], title: string, detail: string, fix: string | null, advice: string | null = null): DoctorFinding {
  return { id, severity, title, detail, fix: fix ? { label: fix } : null, advice };
}

async function detect(deps: DoctorDeps): Promise<Detected[]> {
  const out: Detected[] = [];
  const { claude, target } = deps;
  const home = claude.home;
  const show = (f: string) => tildify(f, home);
  const settingsFile = claudeSettingsPath(claude);
  const stateFile = claudeStatePath(claude);

  // ---------------------------------------------------------------- the environment of this process
  for (const v of ENV_VARS) {
    const value = claude.env[v];
    if (!value || isOurs(v, value, target)) continue;
    const severity = v === 'ANTHROPIC_API_KEY' ? 'warning' : 'error';
    const why =
      v === 'ANTHROPIC_AUTH_TOKEN'
        ? 'it is sent as the Bearer credential instead of the proxy key'
        : v === 'ANTHROPIC_API_KEY'
          ? 'in print mode (and once approved) it is used instead of the proxy key'
          : 'it points Claude Code somewhere else when settings.json does not set the proxy';
    out.push({
      finding: finding(`env:${v}`, severity, `${v} is set in the environment`, `${v} is set (value hidden); ${why}.`, null, `Unset ${v} where it is defined (a shell rc file, a launcher, or a CI secret) and open a new terminal.`),
    });
  }

  // ---------------------------------------------------------------- shell rc files
  for (const rc of shellRcPaths(claude)) {
    const text = await readTextOrNull(rc);
    if (text === null) continue;
    const lines = text.split('\n');
    const hits = findRcAssignments(text, [...ENV_VARS]).filter((h) => !isOurs(h.variable, rcValue(lines[h.line - 1] ?? '', h.variable), target));
    const byVar = new Map<string, number[]>();
    for (const h of hits) byVar.set(h.variable, [...(byVar.get(h.variable) ?? []), h.line]);
    for (const [v, nums] of byVar) {
      out.push({
        finding: finding(
          `rc:${path.basename(rc)}:${v}`,
          v === 'ANTHROPIC_API_KEY' ? 'warning' : 'error',
          `${show(rc)} sets ${v}`,
          `${show(rc)} line ${nums.join(', ')} sets ${v}, which overrides the proxy configuration in every new shell.`,
          `comment out the line${nums.length > 1 ? 's' : ''} in ${show(rc)}`,
        ),
        fix: {
          description: `disable ${v} in ${show(rc)}`,
          files: [rc],
          plan: (cur) => {
            const t = cur.get(path.resolve(rc));
            if (t === null || t === undefined) return null;
            const next = disableRcAssignments(t, v);
            return next === t ? null : [{ path: rc, after: next }];
          },
        },
      });
    }
  }

  // ---------------------------------------------------------------- settings.json
  const settingsText = await readTextOrNull(settingsFile);
  let settings: Record<string, unknown> | null = null;
  try {
    settings = parseJsonDoc(settingsText, settingsFile).data;
  } catch (e) {
    out.push({ finding: finding('settings:unparseable', 'error', `${show(settingsFile)} is not valid JSON`, (e as Error).message, null, 'Fix the JSON syntax by hand; the proxy never overwrites a file it cannot parse.') });
  }
  if (settings) {
    const env = envOf(settings);
    const base = typeof env.ANTHROPIC_BASE_URL === 'string' ? env.ANTHROPIC_BASE_URL : null;
    const sf = path.resolve(settingsFile);
    const editSettings = (description: string, edit: (text: string) => string): FixPlan => ({
      description,
      files: [settingsFile],
      plan: (cur) => {
        const before = cur.get(sf) ?? null;
        parseJsonDoc(before, settingsFile); // never edit an unparseable file
        const after = edit(before ?? '{}\n');
        return after === before ? null : [{ path: settingsFile, after }];
      },
    });
    if (base === null || !sameUrl(base, target.baseUrl)) {
      out.push({
        finding: finding(
          'settings:not-configured',
          'error',
          base === null ? 'Claude Code is not configured for the proxy' : 'Claude Code points at another base URL',
          base === null ? `${show(settingsFile)} does not set ANTHROPIC_BASE_URL.` : `${show(settingsFile)} sets ANTHROPIC_BASE_URL to ${base}, not ${target.baseUrl}.`,
          'configure Claude Code for the proxy',
        ),
        fix: editSettings(`point Claude Code at ${target.baseUrl}`, (t) => planProxySettings(t, settingsFile, target)),
      });
    } else {
      const creds = CONFLICTING_ENV_KEYS.filter((k) => k in env);
      if (creds.length > 0) {
        out.push({
          finding: finding('settings:credential-override', 'error', 'settings.json sets a credential that overrides the proxy key', `${show(settingsFile)} env sets ${creds.join(', ')} (value hidden).`, `remove ${creds.join(', ')} from settings.json`),
          fix: editSettings(`remove ${creds.join(', ')} from settings.json`, (t) => creds.reduce((acc, k) => removeJsonProperty(acc, ['env', k]), t)),
        });
      }
      const stale = MODEL_VARS.map((v) => ({ v, why: staleModel(v, env[v], target, deps.catalogSlugs) })).filter((x): x is { v: (typeof MODEL_VARS)[number]; why: string } => x.why !== null);
      if (stale.length > 0) {
        const want = targetEnv(target) as Record<string, string>;
        out.push({
          finding: finding('settings:stale-models', 'warning', 'Stale model variables', stale.map((s) => `${s.v}: ${s.why}`).join('; '), 'set the model variables to the current mapping'),
          fix: editSettings('update the model variables', (t) =>
            stale.reduce((acc, s) => (want[s.v] ? setJsonProperty(acc, ['env', s.v], want[s.v]) : removeJsonProperty(acc, ['env', s.v])), t),
          ),
        });
      }
      const windowRaw = env.CLAUDE_CODE_AUTO_COMPACT_WINDOW;
      const windowValue = parseTokenCount(windowRaw);
      if (windowRaw === undefined || windowValue === null || windowValue > target.compactWindow) {
        out.push({
          finding: finding(
            'settings:compact-window',
            'warning',
            windowRaw === undefined ? 'Auto-compact window not set' : 'Auto-compact window larger than the upstream allows',
            windowRaw === undefined
              ? `Claude Code may assume a 1M-token context for the mapped models; the upstream allows ${target.compactWindow}.`
              : `CLAUDE_CODE_AUTO_COMPACT_WINDOW is ${String(windowRaw)}; the upstream context window is ${target.compactWindow} tokens, so auto-compact would fire too late.`,
            `set CLAUDE_CODE_AUTO_COMPACT_WINDOW to ${target.compactWindow}`,
          ),
          fix: editSettings('set the auto-compact window', (t) => setJsonProperty(t, ['env', 'CLAUDE_CODE_AUTO_COMPACT_WINDOW'], String(target.compactWindow))),
        });
      }
    }
  }
  const envWindow = parseTokenCount(claude.env.CLAUDE_CODE_AUTO_COMPACT_WINDOW);
  if (envWindow !== null && envWindow > target.compactWindow) {
    out.push({ finding: finding('env:CLAUDE_CODE_AUTO_COMPACT_WINDOW', 'warning', 'Auto-compact window in the environment is too large', `CLAUDE_CODE_AUTO_COMPACT_WINDOW=${envWindow} in the environment exceeds the upstream's ${target.compactWindow}.`, null, 'Unset it or set it to the upstream context window.') });
  }

  // ---------------------------------------------------------------- .claude.json rejected keys
  const stateText = await readTextOrNull(stateFile);
  if (stateText !== null) {
    try {
      const state = parseJsonDoc(stateText, stateFile).data;
      const responses = state.customApiKeyResponses as { rejected?: unknown } | undefined;
      const rejected = Array.isArray(responses?.rejected) ? responses.rejected.filter((x): x is string => typeof x === 'string') : [];
      const candidates = new Set<string>();
      candidates.add(keySuffix(target.clientKey ?? OPEN_PROXY_PLACEHOLDER_KEY));
      const helperKey = settings ? keyFromHelper(settings.apiKeyHelper) : null;
      if (helperKey) candidates.add(keySuffix(helperKey));
      if (claude.env.ANTHROPIC_API_KEY) candidates.add(keySuffix(claude.env.ANTHROPIC_API_KEY));
      const bad = rejected.filter((r) => candidates.has(r));
      if (bad.length > 0) {
        const sp = path.resolve(stateFile);
        out.push({
          finding: finding('claude-json:rejected-key', 'error', 'Claude Code has the proxy key on its rejected list', `${show(stateFile)} customApiKeyResponses.rejected holds the proxy's key (by its last 20 characters), so Claude Code refuses to use it.`, 'remove the key from the rejected list'),
          fix: {
            description: 'un-reject the proxy key in .claude.json',
            files: [stateFile],
            plan: (cur) => {
              const before = cur.get(sp) ?? null;
              if (before === null) return null;
              const data = parseJsonDoc(before, stateFile).data;
              const r = data.customApiKeyResponses as { rejected?: unknown } | undefined;
              if (!Array.isArray(r?.rejected)) return null;
              const kept = r.rejected.filter((x) => !(typeof x === 'string' && candidates.has(x)));
              if (kept.length === r.rejected.length) return null;
              return [{ path: stateFile, after: setJsonProperty(before, ['customApiKeyResponses', 'rejected'], kept) }];
            },
          },
        });
      }
    } catch (e) {
      out.push({ finding: finding('claude-json:unparseable', 'warning', `${show(stateFile)} is not valid JSON`, (e as Error).message, null, 'Claude Code will rewrite it; check it by hand.') });
    }
  }

  // ---------------------------------------------------------------- the proxy and its accounts
  if (deps.healthUrl) {
    const running = await isProxyRunning(deps.healthUrl, deps.fetchImpl);
    if (!running) {
      out.push({ finding: finding('proxy:not-running', 'error', 'The proxy is not running', `Nothing answered GET ${deps.healthUrl}.`, null, `Start it: \`${cliCommand()} start\` (or open the app).`) });
    }
  }
  let accounts: AccountSummary[] = [];
  try {
    accounts = await deps.accounts();
  } catch {
    accounts = [];
  }
  if (!accounts.some((a) => a.status === 'ok')) {
    out.push({
      finding: finding(
        'accounts:none-usable',
        'error',
        accounts.length === 0 ? 'No ChatGPT account' : 'No usable ChatGPT account',
        accounts.length === 0 ? 'The proxy has no ChatGPT account to serve requests with.' : `All ${accounts.length} account(s) are disabled, cooling down or need a new sign-in.`,
        null,
        `Run \`${cliCommand()} accounts import\` (or sign in from the dashboard).`,
      ),
    });
  }
  return out;
}

export async function isProxyRunning(healthUrl: string, fetchImpl: typeof fetch = fetch, timeoutMs = 1500): Promise<boolean> {
  try {
    const res = await fetchImpl(healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return false;
    const body = (await res.json()) as { status?: unknown };
    return body.status === 'ok';
  } catch {
    return false;
  }
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const found = await detect(deps);
  const findings = found.map((d) => d.finding).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { ok: !findings.some((f) => f.severity === 'error'), findings, checkedAt: (deps.now ?? Date.now)() };
}

export async function applyDoctorFix(deps: DoctorDeps, findingId: string): Promise<DoctorFixResult> {
  const found = await detect(deps);
  const hit = found.find((d) => d.finding.id === findingId);
  if (!hit) throw new ChangeError(`no current finding ${JSON.stringify(findingId.slice(0, 100))} (run doctor again)`);
  if (!hit.fix) throw new ChangeError(`finding ${findingId} has no automatic fix: ${hit.finding.advice ?? ''}`.trim());
  const fix = hit.fix;
  const change = await deps.journal.apply('doctor-fix', fix.description, fix.files, (cur) => fix.plan(cur));
  if (!change) throw new ChangeError(`nothing to change for ${findingId}`);
  return {
    findingId,
    changeId: change.id,
    files: change.files.map((f) => f.path),
    message: `${fix.description}; undo with \`${cliCommand()} doctor --undo ${change.id}\``,
  };
}

export async function undoDoctorFix(deps: Pick<DoctorDeps, 'journal'>, changeId: string, opts: { force?: boolean } = {}): Promise<{ changeId: string; files: string[] }> {
  const rec = await deps.journal.undo(changeId, opts);
  return { changeId: rec.id, files: rec.files.map((f) => f.path) };
}
