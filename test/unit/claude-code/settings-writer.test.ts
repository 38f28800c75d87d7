import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeJournal } from '../../../proxy/src/claude-code/change-journal.js';
import { rawMembers } from '../../../proxy/src/claude-code/json-edit.js';
import { claudeSettingsPath, type ClaudeHome } from '../../../proxy/src/claude-code/paths.js';
import {
  claudeConfigStatus,
  configureClaude,
  revertClaude,
  useDirectAnthropic,
  type WriterDeps,
} from '../../../proxy/src/claude-code/settings-writer.js';
import { computeTarget, keyFromHelper, type ClaudeTarget } from '../../../proxy/src/claude-code/target.js';
import { defaultModelMapping } from '../../../proxy/src/routing/model-mapping.js';
import { lockPathFor } from '../../../proxy/src/claude-code/file-lock.js';

let root: string;
let claude: ClaudeHome;
let deps: WriterDeps;
let file: string;

const KEY = 'ccp-test-client-key-0123456789abcdef';

function target(port = 8081, key: string | null = KEY): ClaudeTarget {
  return computeTarget({ baseUrl: `http://127.0.0.1:${port}`, clientKey: key, mapping: defaultModelMapping, catalog: [], statusLineCommand: 'codex-claude-proxy statusline' });
}

const ORIGINAL = `{
    "model": "opus",
    "permissions": {
        "allow": ["Bash(npm test:*)", "Read"],
        "deny": []
    },
    "env": {
        "FOO": "bar",
        "ANTHROPIC_AUTH_TOKEN": "sk-ant-oat-secret-token-value",
        "ANTHROPIC_BASE_URL": "https://api.example.com"
    },
    "hooks": {"PostToolUse": [{"matcher": "Edit", "hooks": [{"type": "command", "command": "prettier --write"}]}]},
    "cleanupPeriodDays": 1e2
}
`;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'ccp-writer-'));
  claude = { home: path.join(root, 'home'), env: {} };
  mkdirSync(claude.home);
  deps = { claude, journal: new ChangeJournal(path.join(root, 'data', 'claude-backups')) };
  file = claudeSettingsPath(claude);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function plant(text: string, mode = 0o644): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, { mode });
}

describe('configure', () => {
  it('merges the proxy env, helper and compact window; every unrelated member is byte-identical', async () => {
    plant(ORIGINAL);
    const r = await configureClaude(deps, target());
    expect(r.changed).toBe(true);
    const text = readFileSync(file, 'utf8');
    const data = JSON.parse(text);
    expect(data.env).toEqual({
      FOO: 'bar',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:8081',
      ANTHROPIC_DEFAULT_OPUS_MODEL: 'claude-codex-gpt-6.1-sol',
      ANTHROPIC_DEFAULT_SONNET_MODEL: 'claude-codex-gpt-5.6-sol',
      ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-codex-gpt-5.6-luna',
      ANTHROPIC_SMALL_FAST_MODEL: 'claude-codex-gpt-5.6-luna',
      CLAUDE_CODE_AUTO_COMPACT_WINDOW: '272000',
    });
    expect(keyFromHelper(data.apiKeyHelper)).toBe(KEY);
    const before = rawMembers(ORIGINAL);
    const after = rawMembers(text);
    for (const k of ['model', 'permissions', 'hooks', 'cleanupPeriodDays']) expect(after.get(k)).toBe(before.get(k));
    expect(rawMembers(text, ['env']).get('FOO')).toBe(rawMembers(ORIGINAL, ['env']).get('FOO'));
    expect(text).toContain('"cleanupPeriodDays": 1e2'); // not normalised to 100
    // the existing mode is kept
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('shows a redacted unified diff before applying (dry run writes nothing)', async () => {
    plant(ORIGINAL);
    const r = await configureClaude(deps, target(), { dryRun: true });
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    expect(r.change).toBeNull();
    expect(r.diff).toMatch(/^--- .*settings\.json \(current\)\n\+\+\+ .*settings\.json \(new\)\n@@ /);
    expect(r.diff).toContain('+        "ANTHROPIC_DEFAULT_OPUS_MODEL": "claude-codex-gpt-6.1-sol"');
    expect(r.diff).toContain('-        "ANTHROPIC_AUTH_TOKEN": "<redacted>",');
    expect(r.diff).toContain('+    "apiKeyHelper": "echo <redacted>"');
    expect(r.diff).not.toContain(KEY);
    expect(r.diff).not.toContain('sk-ant-oat-secret-token-value');
    const applied = await configureClaude(deps, target());
    expect(applied.diff).toBe(r.diff);
  });

  it('creates settings.json (0600) when missing; revert removes it again', async () => {
    await configureClaude(deps, target(8090, null), { statusLine: true });
    const data = JSON.parse(readFileSync(file, 'utf8'));
    expect(data.env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:8090');
    expect(data.apiKeyHelper).toBe('echo codex-claude-proxy-local');
    expect(data.statusLine).toEqual({ type: 'command', command: 'codex-claude-proxy statusline', padding: 0 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await revertClaude(deps);
    expect(existsSync(file)).toBe(false);
  });

  it('is idempotent: a second configure changes nothing and records no change', async () => {
    plant(ORIGINAL);
    await configureClaude(deps, target());
    const again = await configureClaude(deps, target());
    expect(again.changed).toBe(false);
    expect(await deps.journal.list()).toHaveLength(1);
  });

  it('honours CLAUDE_CONFIG_DIR', async () => {
    const dir = path.join(root, 'cfg');
    const d = { ...deps, claude: { home: claude.home, env: { CLAUDE_CONFIG_DIR: dir } } };
    const r = await configureClaude(d, target());
    expect(r.settingsPath).toBe(path.join(dir, 'settings.json'));
    expect(existsSync(path.join(dir, 'settings.json'))).toBe(true);
    expect(existsSync(file)).toBe(false);
  });
});

describe('backup and revert', () => {
  it('keeps a byte-exact timestamped backup first and revert restores the exact previous bytes', async () => {
    const odd = '{"a":1,   "env":{"FOO":"x"}}\r\n\r\n';
    plant(odd, 0o640);
    const r = await configureClaude(deps, target());
    const dir = path.join(deps.journal.dir, r.change!.id);
    expect(r.change!.id).toMatch(/^\d{8}T\d{9}Z-configure-[0-9a-f]{6}$/);
    expect(readFileSync(path.join(dir, 'file-0.bak'), 'utf8')).toBe(odd);
    expect(readFileSync(file, 'utf8')).not.toBe(odd);
    await revertClaude(deps);
    expect(readFileSync(file, 'utf8')).toBe(odd);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    await expect(revertClaude(deps)).rejects.toThrow(/nothing to revert/);
  });

  it('reverts a stack of changes one by one back to the original', async () => {
    plant(ORIGINAL);
    await configureClaude(deps, target(8081));
    const first = readFileSync(file, 'utf8');
    await configureClaude(deps, target(9000));
    await useDirectAnthropic(deps, target(9000));
    expect(JSON.parse(readFileSync(file, 'utf8')).env.ANTHROPIC_BASE_URL).toBeUndefined();
    await revertClaude(deps);
    expect(JSON.parse(readFileSync(file, 'utf8')).env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:9000');
    await revertClaude(deps);
    expect(readFileSync(file, 'utf8')).toBe(first);
    await revertClaude(deps);
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
  });

  it('refuses to revert over later edits unless forced', async () => {
    plant(ORIGINAL);
    await configureClaude(deps, target());
    writeFileSync(file, readFileSync(file, 'utf8').replace('"opus"', '"sonnet"'));
    await expect(revertClaude(deps)).rejects.toThrow(/changed after change .* --force/);
    await revertClaude(deps, { force: true });
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
  });
});

describe('unparseable settings', () => {
  it('is refused with a clear error and never overwritten (no backup entry either)', async () => {
    const broken = '{\n  "model": "opus",\n  "env": { "ANTHROPIC_API_KEY": "sk-secret-do-not-leak" ,\n}\n';
    plant(broken);
    await expect(configureClaude(deps, target())).rejects.toThrow(/settings\.json is not valid JSON.*left unchanged/);
    await expect(configureClaude(deps, target())).rejects.not.toThrow(/sk-secret-do-not-leak/);
    await expect(useDirectAnthropic(deps, target())).rejects.toThrow(/not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe(broken);
    expect(await deps.journal.list()).toHaveLength(0);
    const st = await claudeConfigStatus(deps, target());
    expect(st.error).toMatch(/not valid JSON/);
  });

  it('refuses a settings.json that is not an object', async () => {
    plant('[1, 2]\n');
    await expect(configureClaude(deps, target())).rejects.toThrow(/does not hold a JSON object/);
    expect(readFileSync(file, 'utf8')).toBe('[1, 2]\n');
  });
});

describe('concurrency', () => {
  it('concurrent configure calls serialise: the file is valid, every change is journaled, reverting all restores the original', async () => {
    plant(ORIGINAL);
    const ports = Array.from({ length: 12 }, (_, i) => 9100 + i);
    const results = await Promise.all(ports.map((p) => configureClaude(deps, target(p))));
    expect(results.every((r) => r.changed)).toBe(true);
    const final = JSON.parse(readFileSync(file, 'utf8'));
    expect(ports.map((p) => `http://127.0.0.1:${p}`)).toContain(final.env.ANTHROPIC_BASE_URL);
    expect(final.env.FOO).toBe('bar');
    expect(existsSync(lockPathFor(file))).toBe(false);
    const changes = await deps.journal.list();
    expect(changes).toHaveLength(ports.length);
    for (let i = 0; i < ports.length; i++) await revertClaude(deps);
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
  });

  it('a held lock makes a writer wait; a stale lock is broken', async () => {
    plant(ORIGINAL);
    const lock = lockPathFor(file);
    writeFileSync(lock, '999999\n');
    const pending = configureClaude(deps, target());
    await new Promise((r) => setTimeout(r, 150));
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL); // still waiting
    rmSync(lock);
    await pending;
    expect(JSON.parse(readFileSync(file, 'utf8')).env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:8081');
    writeFileSync(lock, 'stale\n');
    const old = new Date(Date.now() - 120_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(lock, old, old);
    await configureClaude(deps, target(8082));
    expect(readdirSync(path.dirname(file)).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });
});

describe('status', () => {
  it('reports outdated keys, conflicts and the revertable change', async () => {
    plant(ORIGINAL);
    let st = await claudeConfigStatus(deps, target());
    expect(st.pointsAtProxy).toBe(false);
    expect(st.conflicts).toEqual(['env.ANTHROPIC_AUTH_TOKEN']);
    expect(st.revertable).toBeNull();
    await configureClaude(deps, target());
    st = await claudeConfigStatus(deps, target());
    expect(st).toMatchObject({ pointsAtProxy: true, upToDate: true, outdated: [], conflicts: [], apiKeyHelper: 'proxy' });
    expect(st.revertable?.kind).toBe('configure');
    expect(JSON.stringify(st)).not.toContain(KEY);
    st = await claudeConfigStatus(deps, target(8081, 'another-key-123456'));
    expect(st.outdated).toEqual(['apiKeyHelper']);
  });
});
