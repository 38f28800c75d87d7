/**
 * User settings (`<data dir>/settings.json`): one zod schema with defaults, read through a `SettingsStore`
 * (conf headless, electron-store in the app — both satisfy the interface). Invalid files are reported by field,
 * never silently reset.
 */
import Conf from 'conf';
import { z } from 'zod';
import { ConfigError, DEFAULT_HOST, DEFAULT_PORT } from './config.js';
import { defaultModelMapping, modelMappingSchema } from './routing/model-mapping.js';

const upstreamOverrides = z
  .object({
    codexBaseUrl: z.string().optional(),
    chatgptBaseUrl: z.string().optional(),
    authIssuer: z.string().optional(),
    openrouterBaseUrl: z.string().optional(),
  })
  .default({});

/**
 * The Haiku lane (docs: README "OpenAI-compatible endpoint and the Haiku lane"): haiku-family /v1/messages requests
 * go to an OpenAI-compatible upstream (OpenRouter by default). The API key is not a setting: it lives sealed in
 * `<data dir>/secrets.json` (lanes/lane-secrets.ts). `baseUrl` unset → upstreams.openrouterBaseUrl.
 */
export const haikuLaneSchema = z.object({
  enabled: z.boolean().default(false),
  baseUrl: z
    .string()
    .refine((v) => /^https?:\/\/[^/\s]+/i.test(v), 'must be an http(s) URL')
    .optional(),
  model: z.string().trim().min(1).optional(),
  fallbackToCodex: z.boolean().default(true),
});
export type HaikuLaneSettings = z.infer<typeof haikuLaneSchema>;

export const settingsSchema = z.looseObject({
  port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
  host: z.string().min(1).default(DEFAULT_HOST),
  /** Client key required on /v1/* when set; null = any key accepted (loopback only). */
  apiKey: z.string().min(8).nullable().default(null),
  modelMapping: modelMappingSchema.default(defaultModelMapping),
  upstreams: upstreamOverrides,
  /** Keep-alive `ping` interval on open client streams while the upstream is silent. */
  keepAliveMs: z.number().int().min(100).default(10_000),
  /** Commit the client stream at the latest this long after the upstream started answering, so pings can flow. */
  commitDeadlineMs: z.number().int().min(0).default(10_000),
  /** Abort an upstream stream that sends nothing for this long. */
  idleTimeoutMs: z.number().int().min(1_000).default(300_000),
  /** Which account serves a request (proxy/src/accounts/pool.ts): sticky (default), round-robin, quota-aware. */
  rotation: z.enum(['sticky', 'round-robin', 'quota-aware']).default('sticky'),
  haikuLane: haikuLaneSchema.prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;

/** What both conf and electron-store provide. */
export interface SettingsStore {
  readonly store: Record<string, unknown>;
  set(key: string, value: unknown): void;
  readonly path: string;
}

export function parseSettings(raw: unknown, where: string): Settings {
  const r = settingsSchema.safeParse(raw ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ConfigError(`Invalid setting ${issue?.path.join('.') || '(file)'} in ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

export function openHeadlessSettings(dataDir: string): SettingsStore {
  try {
    return new Conf<Record<string, unknown>>({
      cwd: dataDir,
      configName: 'settings',
      configFileMode: 0o600,
      clearInvalidConfig: false,
    });
  } catch (e) {
    throw new ConfigError(`Could not read ${dataDir}/settings.json: ${(e as Error).message}`);
  }
}
