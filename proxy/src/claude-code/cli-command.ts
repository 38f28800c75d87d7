/**
 * The command to write wherever this CLI will be run later, by Claude Code's `statusLine` or by a user following a
 * hint: the bin name when `codex-claude-proxy` on the PATH is this very CLI (a global install or `npm link`), else
 * `node /abs/path/dist/proxy/cli.js` (a checkout, or a local install whose node_modules/.bin is on the PATH only
 * for an `npm run` / `npx` run). Outside the CLI (the app, in-process tests) it is the bin name.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export const BIN_NAME = 'codex-claude-proxy';

/** What the decision depends on; `cliCommand()` reads it from the running process. */
export interface CliLocation {
  /** The script node was started with (process.argv[1]). */
  entry: string | undefined;
  /** PATH as the user's shell will have it. */
  pathEnv: string | undefined;
  /** Set by npm in scripts and npx (`run-script`, `exec`): it prepended node_modules/.bin dirs for this run only. */
  npmCommand: string | undefined;
  platform: NodeJS.Platform;
}

function realpathOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** POSIX shell quoting, only when needed. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function isTransientBinDir(dir: string, loc: CliLocation): boolean {
  return !!loc.npmCommand && path.basename(dir) === '.bin' && path.basename(path.dirname(dir)) === 'node_modules';
}

/** The first `codex-claude-proxy` on the PATH (skipping npm's per-run bin dirs), as a real path. */
function binOnPath(loc: CliLocation): string | null {
  const names = loc.platform === 'win32' ? [`${BIN_NAME}.cmd`, BIN_NAME] : [BIN_NAME];
  for (const dir of (loc.pathEnv ?? '').split(path.delimiter)) {
    if (!dir || isTransientBinDir(dir, loc)) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isFile(candidate)) return realpathOrNull(candidate);
    }
  }
  return null;
}

export function resolveCliCommand(loc: CliLocation): string {
  const entry = loc.entry ? realpathOrNull(loc.entry) : null;
  if (!entry || !entry.endsWith(path.join('dist', 'proxy', 'cli.js'))) return BIN_NAME;
  return binOnPath(loc) === entry ? BIN_NAME : `node ${shellQuote(entry)}`;
}

let cached: string | undefined;

/** `resolveCliCommand` for this process (computed once). */
export function cliCommand(): string {
  cached ??= resolveCliCommand({ entry: process.argv[1], pathEnv: process.env.PATH, npmCommand: process.env.npm_command, platform: process.platform });
  return cached;
}
