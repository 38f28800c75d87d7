/**
 * The Codex CLI/app login file (`$CODEX_HOME/auth.json`, docs/codex-backend.md §3): parse, validate, and write
 * back refreshed tokens without losing fields Codex keeps there.
 */
import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from './atomic-file.js';
import { identityFromTokens, type ChatGptIdentity } from './jwt-claims.js';

const tokensSchema = z.looseObject({
  id_token: z.string().min(1),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  account_id: z.string().nullish(),
});

const authFileSchema = z.looseObject({
  auth_mode: z.string().nullish(),
  OPENAI_API_KEY: z.string().nullish(),
  tokens: tokensSchema.nullish(),
  last_refresh: z.string().nullish(),
});

export type CodexAuthFile = z.infer<typeof authFileSchema>;

export interface CodexLogin {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  identity: ChatGptIdentity & { accountId: string };
  lastRefresh: string | null;
  raw: CodexAuthFile;
}

export class CodexAuthFileError extends Error {
  override name = 'CodexAuthFileError';
}

export async function readCodexLogin(file: string): Promise<CodexLogin> {
  const read = await readJsonFile(file);
  if (read.kind === 'missing') throw new CodexAuthFileError(`No Codex login found at ${file} (run \`codex login\` first, or pass --file)`);
  if (read.kind === 'corrupt') throw new CodexAuthFileError(`${file} is not valid JSON: ${read.error}`);
  return parseCodexLogin(read.value, file);
}

export function parseCodexLogin(value: unknown, file: string): CodexLogin {
  const parsed = authFileSchema.safeParse(value);
  if (!parsed.success) throw new CodexAuthFileError(`${file} is not a Codex auth.json: ${parsed.error.issues[0]?.path.join('.') || 'body'} is invalid`);
  const data = parsed.data;
  const mode = data.auth_mode ?? (data.tokens ? 'chatgpt' : data.OPENAI_API_KEY ? 'apikey' : undefined);
  if (mode === 'apikey' || !data.tokens) {
    throw new CodexAuthFileError(`${file} holds an API-key login, not a ChatGPT login; the proxy needs a ChatGPT sign-in`);
  }
  const t = data.tokens;
  const identity = identityFromTokens(t.id_token, t.access_token);
  const accountId = t.account_id || identity.accountId;
  if (!accountId) throw new CodexAuthFileError(`${file} has no ChatGPT account id (neither tokens.account_id nor the id_token claim)`);
  return {
    idToken: t.id_token,
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    identity: { ...identity, accountId },
    lastRefresh: data.last_refresh ?? null,
    raw: data,
  };
}

/** Writes refreshed tokens back into the Codex file atomically, preserving every other field. */
export async function writeBackCodexLogin(
  file: string,
  previous: CodexAuthFile,
  tokens: { idToken: string; accessToken: string; refreshToken: string; accountId: string },
  now = new Date(),
): Promise<void> {
  const next = {
    ...previous,
    tokens: {
      ...(previous.tokens ?? {}),
      id_token: tokens.idToken,
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      account_id: tokens.accountId,
    },
    last_refresh: now.toISOString(),
  };
  await writeJsonAtomic(file, next);
}
