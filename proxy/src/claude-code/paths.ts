/**
 * Where Claude Code keeps its files, computed from an injectable HOME and environment (tests never touch the real
 * home). `CLAUDE_CONFIG_DIR` moves everything, `.claude.json` included (specs/anthropic-claude-code.md §1).
 */
import { homedir } from 'node:os';
import path from 'node:path';

export interface ClaudeHome {
  /** The user's home directory. */
  home: string;
  /** The environment Claude Code would see (CLAUDE_CONFIG_DIR, ANTHROPIC_* …). */
  env: Readonly<Record<string, string | undefined>>;
}

export function defaultClaudeHome(env: NodeJS.ProcessEnv = process.env): ClaudeHome {
  return { home: env.HOME || homedir(), env };
}

export function claudeConfigDir(h: ClaudeHome): string {
  const dir = h.env.CLAUDE_CONFIG_DIR;
  return dir ? path.resolve(dir) : path.join(h.home, '.claude');
}

export function claudeSettingsPath(h: ClaudeHome): string {
  return path.join(claudeConfigDir(h), 'settings.json');
}

/** `~/.claude.json`, or `$CLAUDE_CONFIG_DIR/.claude.json`. */
export function claudeStatePath(h: ClaudeHome): string {
  const dir = h.env.CLAUDE_CONFIG_DIR;
  return dir ? path.join(path.resolve(dir), '.claude.json') : path.join(h.home, '.claude.json');
}

/** Shell start-up files the doctor scans for ANTHROPIC_* exports. */
export function shellRcPaths(h: ClaudeHome): string[] {
  const xdg = h.env.XDG_CONFIG_HOME || path.join(h.home, '.config');
  return [
    ...['.zshrc', '.zprofile', '.zshenv', '.bashrc', '.bash_profile', '.profile'].map((f) => path.join(h.home, f)),
    path.join(xdg, 'fish', 'config.fish'),
  ];
}
