/**
 * `haiku-lane status | enable --model M [--base-url U] [--no-fallback] | disable | set-key | clear-key`.
 * Settings go to `<data dir>/settings.json` (a running proxy re-reads them per request); the key is read from
 * stdin only (never argv, so it stays out of shell history and `ps`) and stored sealed in `secrets.json`.
 */
import path from 'node:path';
import { DEFAULT_UPSTREAMS, resolveDataDir, resolveUpstreams } from '../config.js';
import { createPlaintextVault } from '../accounts/token-vault.js';
import { LaneSecrets } from '../lanes/lane-secrets.js';
import { haikuLaneSchema, openHeadlessSettings, parseSettings, type HaikuLaneSettings } from '../settings.js';
import { CliFailure } from './failure.js';

export interface DirOpt {
  dataDir?: string;
}

function open(opts: DirOpt) {
  const dataDir = resolveDataDir(opts.dataDir, process.env);
  const settings = openHeadlessSettings(dataDir);
  const secrets = new LaneSecrets(path.join(dataDir, 'secrets.json'), createPlaintextVault());
  return { settings, secrets };
}

function current(store: ReturnType<typeof openHeadlessSettings>): HaikuLaneSettings {
  return parseSettings(store.store, store.path).haikuLane;
}

function save(store: ReturnType<typeof openHeadlessSettings>, next: HaikuLaneSettings): HaikuLaneSettings {
  const r = haikuLaneSchema.safeParse(next);
  if (!r.success) throw new CliFailure(`invalid haikuLane.${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? 'invalid'}`);
  store.set('haikuLane', r.data);
  return r.data;
}

export async function status(opts: DirOpt & { json?: boolean }): Promise<void> {
  const { settings, secrets } = open(opts);
  const lane = current(settings);
  const upstreams = resolveUpstreams(process.env, parseSettings(settings.store, settings.path).upstreams);
  const view = {
    enabled: lane.enabled,
    model: lane.model ?? null,
    baseUrl: process.env.OPENROUTER_BASE_URL || !lane.baseUrl ? upstreams.openrouterBaseUrl : lane.baseUrl,
    fallbackToCodex: lane.fallbackToCodex,
    hasApiKey: await secrets.hasApiKey(),
  };
  if (opts.json) return void process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
  process.stdout.write(
    `haiku lane ${view.enabled ? 'enabled' : 'disabled'}\n` +
      `  model     ${view.model ?? '(not set)'}\n` +
      `  base url  ${view.baseUrl}${view.baseUrl === DEFAULT_UPSTREAMS.openrouterBaseUrl ? ' (OpenRouter)' : ''}\n` +
      `  fallback  ${view.fallbackToCodex ? 'to Codex' : 'off'}\n` +
      `  api key   ${view.hasApiKey ? 'set' : 'not set (run `codex-claude-proxy haiku-lane set-key`)'}\n`,
  );
}

export async function enable(opts: DirOpt & { model: string; baseUrl?: string; fallback?: boolean }): Promise<void> {
  const { settings, secrets } = open(opts);
  const lane = current(settings);
  const next = save(settings, {
    ...lane,
    enabled: true,
    model: opts.model,
    ...(opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {}),
    ...(opts.fallback === false ? { fallbackToCodex: false } : {}),
  });
  process.stdout.write(`haiku lane enabled: ${next.model}${next.fallbackToCodex ? ' (falls back to Codex)' : ''}\n`);
  if (!(await secrets.hasApiKey())) process.stdout.write('no API key yet: pipe it into `codex-claude-proxy haiku-lane set-key`\n');
}

export function disable(opts: DirOpt): void {
  const { settings } = open(opts);
  save(settings, { ...current(settings), enabled: false });
  process.stdout.write('haiku lane disabled: haiku requests go to Codex\n');
}

async function readStdin(): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) process.stderr.write('Paste the API key, then press Enter: ');
  let text = '';
  for await (const chunk of stdin) {
    text += chunk.toString();
    if (stdin.isTTY && text.includes('\n')) break;
  }
  return text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
}

export async function setKey(opts: DirOpt): Promise<void> {
  const { secrets } = open(opts);
  const key = await readStdin();
  if (!key) throw new CliFailure('no API key on stdin (e.g. `printf %s "$OPENROUTER_API_KEY" | codex-claude-proxy haiku-lane set-key`)');
  try {
    await secrets.setApiKey(key);
  } catch (e) {
    throw new CliFailure((e as Error).message);
  }
  process.stdout.write(`haiku lane API key stored in ${secrets.file}\n`);
}

export async function clearKey(opts: DirOpt): Promise<void> {
  const { secrets } = open(opts);
  await secrets.clearApiKey();
  process.stdout.write('haiku lane API key removed\n');
}
