#!/usr/bin/env node
/**
 * The headless entry: `codex-claude-proxy start | accounts import | accounts list`.
 * A thin adapter over ProxyCore and the account store (docs/ARCHITECTURE.md §5a); the command tree loads each
 * command's modules only when it runs (cli/commands.ts), so `--version` or `statusline` start fast.
 * exit 0 success, 1 failure (one-line message), 2 usage error; no stack trace unless DEBUG is set.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { registerAccountsCommands, registerClaudeCommands, registerHaikuCommands } from './cli/commands.js';
import type { StartOptions } from './cli/start-command.js';
import { VERSION } from './version.js';


function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('must be a port number between 0 and 65535');
  return n;
}

function parseHost(value: string): string {
  if (!/^[\w.:[\]-]+$/.test(value)) throw new InvalidArgumentError('must be a host name or IP address');
  return value;
}

export function buildProgram(): Command {
  const program = new Command('codex-claude-proxy')
    .description('Run Claude Code on your ChatGPT subscription (Anthropic Messages API → ChatGPT Codex backend)')
    .version(VERSION)
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str.split('\n').find((l) => l.trim()) + '\n') });

  program
    .command('start')
    .description('start the proxy and the dashboard')
    .option('--port <port>', 'port to listen on (0 = any free port)', parsePort)
    .option('--host <host>', 'address to bind (default 127.0.0.1)', parseHost)
    .option('--data-dir <dir>', 'data directory (default $CODEX_CLAUDE_PROXY_HOME or ~/.codex-claude-proxy)')
    .option('--api-key <key>', 'require this key from clients (x-api-key or Authorization: Bearer)')
    .action(async (opts: StartOptions) => {
      const dashboardDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../renderer');
      await (await import('./cli/start-command.js')).start(opts, dashboardDir);
    });

  registerAccountsCommands(program);
  registerClaudeCommands(program);
  registerHaikuCommands(program);
  return program;
}

function applyToAll(cmd: Command, fn: (c: Command) => void): void {
  fn(cmd);
  cmd.commands.forEach((c) => applyToAll(c, fn));
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  applyToAll(program, (c) => c.exitOverride().configureOutput(program.configureOutput()));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    const err = e as Error;
    process.stderr.write(`error: ${err.message}\n`);
    if (process.env.DEBUG) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

const invokedDirectly = isEntryPoint();
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (e) => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
