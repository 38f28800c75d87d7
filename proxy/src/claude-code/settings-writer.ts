/**
 * The Claude Code config writer: points `$CLAUDE_CONFIG_DIR/settings.json` (else `~/.claude/settings.json`) at the
 * proxy, or takes it off again ("direct"), and reverts either.
 *
 * - Only the keys we own are touched, by format-preserving text edits (json-edit.ts): every other byte stays.
 * - An unparseable file is refused with a clear error and never overwritten.
 * - Each write is one journal change (change-journal.ts): byte-exact backup first, then an atomic write, all under
 *   an O_EXCL lock file so concurrent configure calls serialise. Revert undoes the newest change byte for byte.
 * - A redacted unified diff is produced before anything is written (`dryRun` stops there).
 *
 * Credential: `apiKeyHelper: "echo <client key>"`. Claude Code then sends the key as x-api-key and Bearer and
 * never shows the "custom API key" prompt (that prompt is only for ANTHROPIC_API_KEY). `ANTHROPIC_AUTH_TOKEN` /
 * `ANTHROPIC_API_KEY` in the settings' env would take precedence, so configure removes them (revert restores).
 */
import type { ClaudeConfigStatus } from '../contract.js';
import { ChangeError, type ChangeJournal, type ChangeRecord } from './change-journal.js';
import { removeJsonProperty, setJsonProperty } from './json-edit.js';
import { claudeSettingsPath, type ClaudeHome } from './paths.js';
import { ClaudeSettingsError, envOf, parseJsonDoc, readTextOrNull } from './settings-file.js';
import {
  apiKeyHelperCommand,
  CONFLICTING_ENV_KEYS,
  keyFromHelper,
  MANAGED_ENV_KEYS,
  OPEN_PROXY_PLACEHOLDER_KEY,
  targetEnv,
  type ClaudeTarget,
} from './target.js';
import { unifiedDiff } from './unified-diff.js';

export interface WriterDeps {
  claude: ClaudeHome;
  journal: ChangeJournal;
}

export interface WriteResult {
  settingsPath: string;
  changed: boolean;
  /** Redacted unified diff of the change ('' when nothing changes). */
  diff: string;
  /** The journal entry (null for a dry run or no change). */
  change: ChangeRecord | null;
}

export interface ConfigureOptions {
  dryRun?: boolean;
  /** Install `statusLine` (needs `target.statusLineCommand`). */
  statusLine?: boolean;
}

// ------------------------------------------------------------------------------------------ pure planning

/** settings.json text with the proxy configuration merged in. Throws ClaudeSettingsError for unparseable input. */
export function planProxySettings(text: string | null, file: string, target: ClaudeTarget, opts: { statusLine?: boolean } = {}): string {
  const doc = parseJsonDoc(text, file);
  let out = text === null || text.trim() === '' ? '{}\n' : text;
  const env = envOf(doc.data);
  if (doc.data.env !== undefined && (typeof doc.data.env !== 'object' || doc.data.env === null || Array.isArray(doc.data.env))) {
    throw new ClaudeSettingsError(`${file}: "env" is not an object; it was left unchanged`);
  }
  for (const [k, v] of Object.entries(targetEnv(target))) {
    if (env[k] !== v) out = setJsonProperty(out, ['env', k], v);
  }
  for (const k of CONFLICTING_ENV_KEYS) if (k in env) out = removeJsonProperty(out, ['env', k]);
  const helper = apiKeyHelperCommand(target.clientKey);
  if (doc.data.apiKeyHelper !== helper) out = setJsonProperty(out, ['apiKeyHelper'], helper);
  if (opts.statusLine && target.statusLineCommand) {
    const want = { type: 'command', command: target.statusLineCommand, padding: 0 };
    if (JSON.stringify(doc.data.statusLine) !== JSON.stringify(want)) out = setJsonProperty(out, ['statusLine'], want);
  }
  return out;
}

/** settings.json text with our keys removed (Claude Code talks to Anthropic directly again). */
export function planDirectSettings(text: string | null, file: string, target: Pick<ClaudeTarget, 'statusLineCommand'>): string | null {
  const doc = parseJsonDoc(text, file);
  if (text === null) return null;
  let out = text;
  const env = envOf(doc.data);
  for (const k of MANAGED_ENV_KEYS) if (k in env) out = removeJsonProperty(out, ['env', k]);
  if (keyFromHelper(doc.data.apiKeyHelper) !== null) out = removeJsonProperty(out, ['apiKeyHelper']);
  const sl = doc.data.statusLine as { command?: unknown } | undefined;
  if (sl && typeof sl === 'object' && typeof sl.command === 'string' && isOurStatusLine(sl.command, target.statusLineCommand)) {
    out = removeJsonProperty(out, ['statusLine']);
  }
  return out;
}

function isOurStatusLine(command: string, ours: string | null): boolean {
  return command === ours || /codex-claude-proxy(\.js)?["']?\s+statusline\b/.test(command) || /\bcli\.js["']?\s+statusline\b/.test(command);
}

/** Secret strings to blank out of previews: the client key, helper keys, credential-looking env values. */
export function secretsIn(text: string | null, extra: (string | null | undefined)[] = []): string[] {
  const out = new Set<string>();
  for (const s of extra) if (s && s !== OPEN_PROXY_PLACEHOLDER_KEY) out.add(s);
  if (text) {
    try {
      const data = JSON.parse(text) as Record<string, unknown>;
      const helperKey = keyFromHelper(data.apiKeyHelper);
      if (helperKey && helperKey !== OPEN_PROXY_PLACEHOLDER_KEY) out.add(helperKey);
      for (const [k, v] of Object.entries(envOf(data))) if (/KEY|TOKEN|SECRET|PASSWORD/i.test(k) && typeof v === 'string') out.add(v);
    } catch {
      // unparseable: nothing to redact because nothing will be shown
    }
  }
  return [...out].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('<redacted>');
  return out;
}

export function previewDiff(before: string | null, after: string | null, file: string, secrets: string[]): string {
  return unifiedDiff(redact(before ?? '', secrets), redact(after ?? '', secrets), {
    fromLabel: before === null ? '/dev/null' : `${file} (current)`,
    toLabel: after === null ? '/dev/null' : `${file} (new)`,
  });
}

// ------------------------------------------------------------------------------------------ operations

async function write(
  deps: WriterDeps,
  kind: 'configure' | 'direct',
  description: string,
  planFn: (text: string | null, file: string) => string | null,
  secretsExtra: (string | null)[],
  dryRun: boolean,
): Promise<WriteResult> {
  const file = claudeSettingsPath(deps.claude);
  if (dryRun) {
    const before = await readTextOrNull(file);
    const after = planFn(before, file);
    const changed = after !== null && after !== (before ?? '');
    const diff = changed ? previewDiff(before, after, file, secretsIn(before, secretsExtra)) : '';
    return { settingsPath: file, changed, diff, change: null };
  }
  let diff = '';
  const change = await deps.journal.apply(kind, description, [file], (current) => {
    const before = current.get(file) ?? null;
    const after = planFn(before, file);
    if (after === null || after === (before ?? '')) return null;
    diff = previewDiff(before, after, file, secretsIn(before, secretsExtra));
    return [{ path: file, after }];
  });
  return { settingsPath: file, changed: change !== null, diff, change };
}

export function configureClaude(deps: WriterDeps, target: ClaudeTarget, opts: ConfigureOptions = {}): Promise<WriteResult> {
  return write(
    deps,
    'configure',
    `point Claude Code at ${target.baseUrl}`,
    (text, file) => planProxySettings(text, file, target, opts),
    [target.clientKey],
    opts.dryRun ?? false,
  );
}

export function useDirectAnthropic(deps: WriterDeps, target: Pick<ClaudeTarget, 'statusLineCommand' | 'clientKey'>, opts: { dryRun?: boolean } = {}): Promise<WriteResult> {
  return write(deps, 'direct', 'remove the proxy settings from Claude Code', (text, file) => planDirectSettings(text, file, target), [target.clientKey], opts.dryRun ?? false);
}

/** Undoes the newest configure/direct change that is not undone yet: the file is restored byte for byte. */
export async function revertClaude(deps: WriterDeps, opts: { force?: boolean } = {}): Promise<ChangeRecord> {
  const file = claudeSettingsPath(deps.claude);
  const latest = (await deps.journal.list()).find(
    (c) => (c.kind === 'configure' || c.kind === 'direct') && c.undoneAt === null && c.files.some((f) => f.path === file),
  );
  if (!latest) throw new ChangeError(`nothing to revert: no configure change to ${file} is recorded`);
  return deps.journal.undo(latest.id, opts);
}

// ------------------------------------------------------------------------------------------ status

export async function claudeConfigStatus(deps: WriterDeps, target: ClaudeTarget): Promise<ClaudeConfigStatus> {
  const file = claudeSettingsPath(deps.claude);
  const text = await readTextOrNull(file);
  const changes = await deps.journal.list();
  const last = changes.find((c) => (c.kind === 'configure' || c.kind === 'direct') && c.undoneAt === null && c.files.some((f) => f.path === file));
  const revertable = last ? { id: last.id, kind: last.kind, createdAt: last.createdAt, description: last.description } : null;
  const base: ClaudeConfigStatus = {
    settingsPath: file,
    exists: text !== null,
    error: null,
    pointsAtProxy: false,
    baseUrl: null,
    expectedBaseUrl: target.baseUrl,
    upToDate: false,
    outdated: [],
    conflicts: [],
    apiKeyHelper: 'none',
    statusLineInstalled: false,
    revertable,
  };
  let data: Record<string, unknown>;
  try {
    data = parseJsonDoc(text, file).data;
  } catch (e) {
    return { ...base, error: (e as Error).message };
  }
  const env = envOf(data);
  const baseUrl = typeof env.ANTHROPIC_BASE_URL === 'string' ? env.ANTHROPIC_BASE_URL : null;
  const outdated = Object.entries(targetEnv(target))
    .filter(([k, v]) => env[k] !== v)
    .map(([k]) => `env.${k}`);
  const helper = data.apiKeyHelper;
  if (helper !== apiKeyHelperCommand(target.clientKey)) outdated.push('apiKeyHelper');
  const conflicts = CONFLICTING_ENV_KEYS.filter((k) => k in env).map((k) => `env.${k}`);
  const sl = data.statusLine as { command?: unknown } | undefined;
  return {
    ...base,
    pointsAtProxy: baseUrl !== null && sameUrl(baseUrl, target.baseUrl),
    baseUrl,
    upToDate: outdated.length === 0 && conflicts.length === 0,
    outdated,
    conflicts,
    apiKeyHelper: helper === undefined ? 'none' : keyFromHelper(helper) !== null ? 'proxy' : 'other',
    statusLineInstalled: !!sl && typeof sl === 'object' && typeof sl.command === 'string' && isOurStatusLine(sl.command, target.statusLineCommand),
  };
}

export function sameUrl(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const host = (h: string) => (h === 'localhost' ? '127.0.0.1' : h);
    return x.protocol === y.protocol && host(x.hostname) === host(y.hostname) && x.port === y.port && x.pathname.replace(/\/+$/, '') === y.pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
}
