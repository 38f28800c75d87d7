/**
 * The command tree of the CLI, cheap to build: every action loads its implementation (and with it zod, conf, undici,
 * express…) only when it runs, so `--version`, `--help` and light verbs start fast.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { AddOptions } from './accounts-login.js';

interface DirOpt {
  dataDir?: string;
}

const accounts = () => import('./accounts-commands.js');
const login = () => import('./accounts-login.js');
const claude = () => import('./claude-commands.js');
const haiku = () => import('./haiku-commands.js');

/** An action that imports its module first; commander's arguments are passed on unchanged. */
function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const fn = (await load())[name] as (...a: unknown[]) => void | Promise<void>;
    await fn(...args);
  };
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError('must be a port number between 1 and 65535');
  return n;
}

export function registerAccountsCommands(program: Command): Command {
  const group = program.command('accounts').description('manage ChatGPT accounts');
  const dataDir = ['--data-dir <dir>', 'data directory'] as const;
  group
    .command('add')
    .description('sign in to a ChatGPT account (browser; --no-browser to paste the callback URL; --device for a device code)')
    .option('--no-browser', 'print the sign-in URL and paste the callback URL back (SSH, headless machines)')
    .option('--device', 'sign in with a device code on another device')
    .option(...dataDir)
    .action(async (o: AddOptions) => (await login()).accountsAdd(o));
  group
    .command('import')
    .description('import the login of the Codex CLI/app ($CODEX_HOME/auth.json or ~/.codex/auth.json)')
    .option('--file <path>', 'auth.json to import')
    .option(...dataDir)
    .action(lazy(accounts, 'accountsImport'));
  group.command('list').description('list accounts').option('--json', 'machine-readable output').option(...dataDir).action(lazy(accounts, 'accountsList'));
  group.command('switch').description('make an account the active one').argument('<account>', 'id, email or ChatGPT account id').option(...dataDir).action(lazy(accounts, 'accountsSwitch'));
  group.command('remove').description('remove an account').argument('<account>', 'id, email or ChatGPT account id').option(...dataDir).action(lazy(accounts, 'accountsRemove'));
  group.command('enable').description('use an account again').argument('<account>', 'id, email or ChatGPT account id').option(...dataDir).action(async (ref: string, o: DirOpt) => (await accounts()).setDisabled(false)(ref, o));
  group.command('disable').description('stop using an account (keeps its login)').argument('<account>', 'id, email or ChatGPT account id').option(...dataDir).action(async (ref: string, o: DirOpt) => (await accounts()).setDisabled(true)(ref, o));
  group
    .command('refresh')
    .description('refresh the login and the quota of an account (default: the active one)')
    .argument('[account]', 'id, email or ChatGPT account id')
    .option('--all', 'every enabled account')
    .option(...dataDir)
    .action(lazy(accounts, 'accountsRefresh'));
  group
    .command('quota')
    .description('show the quota windows of every account')
    .option('--json', 'machine-readable output')
    .option('--refresh', 'fetch fresh numbers from ChatGPT first')
    .option(...dataDir)
    .action(lazy(accounts, 'accountsQuota'));
  return group;
}

export function registerClaudeCommands(program: Command): void {
  const group = program.command('claude').description('configure Claude Code to use the proxy (reversible)');
  const common = (c: Command) =>
    c.option('--data-dir <dir>', 'data directory of the proxy').option('--port <port>', 'proxy port (default: from the proxy settings)', parsePort);
  common(
    group
      .command('configure')
      .description('point Claude Code (~/.claude/settings.json or $CLAUDE_CONFIG_DIR) at the proxy; shows the diff, keeps a backup')
      .option('--dry-run', 'only show the diff')
      .option('--statusline', 'also install the proxy status line'),
  ).action(lazy(claude, 'configure'));
  common(group.command('direct').description('remove the proxy settings again (Claude Code talks to Anthropic)').option('--dry-run', 'only show the diff')).action(lazy(claude, 'direct'));
  common(group.command('revert').description('restore settings.json exactly as it was before the last configure/direct').option('--force', 'revert even if the file was edited since')).action(lazy(claude, 'revert'));
  common(group.command('status').description('show whether Claude Code uses the proxy').option('--json', 'machine-readable output')).action(lazy(claude, 'status'));

  common(
    program
      .command('doctor')
      .description('find what makes Claude Code bypass or fail against the proxy; fix it (undoable)')
      .option('--json', 'machine-readable output')
      .option('--fix <id>', 'apply the fix of one finding')
      .option('--undo <changeId>', 'undo a fix')
      .option('--force', 'with --undo: restore even if the file changed since the fix'),
  ).action(lazy(claude, 'doctor'));

  program
    .command('statusline')
    .description("print one status line for Claude Code's statusLine setting (reads Claude Code's JSON on stdin)")
    .option('--url <url>', 'proxy URL (default: ANTHROPIC_BASE_URL when local, else the configured port)')
    .option('--data-dir <dir>', 'data directory of the proxy')
    .action(async (o: { url?: string; dataDir?: string }) => (await import('./statusline-command.js')).runStatusline(o));
}

export function registerHaikuCommands(program: Command): Command {
  const lane = program.command('haiku-lane').description('route haiku-tier requests to an OpenAI-compatible upstream (OpenRouter)');
  lane
    .command('status')
    .description('show the Haiku lane settings (never the key)')
    .option('--json', 'machine-readable output')
    .option('--data-dir <dir>', 'data directory')
    .action(lazy(haiku, 'status'));
  lane
    .command('enable')
    .description('send haiku-family requests to the lane')
    .requiredOption('--model <model>', 'upstream model id, e.g. openai/gpt-oss-120b')
    .option('--base-url <url>', 'OpenAI-compatible base URL (default https://openrouter.ai/api/v1)')
    .option('--no-fallback', 'do not retry failed lane requests on Codex')
    .option('--data-dir <dir>', 'data directory')
    .action(lazy(haiku, 'enable'));
  lane.command('disable').description('send haiku-family requests to Codex again').option('--data-dir <dir>', 'data directory').action(lazy(haiku, 'disable'));
  lane.command('set-key').description('store the upstream API key, read from stdin').option('--data-dir <dir>', 'data directory').action(lazy(haiku, 'setKey'));
  lane.command('clear-key').description('remove the stored API key').option('--data-dir <dir>', 'data directory').action(lazy(haiku, 'clearKey'));
  return lane;
}
