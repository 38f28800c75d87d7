/**
 * Codex-CLI-like request headers for every call to the ChatGPT Codex backend (docs §4.2).
 *
 * The backend and its CDN treat unknown clients worse, so we present ourselves like Codex 0.169 does:
 * `originator: codex_cli_rs`, `user-agent: codex_cli_rs/0.169.0 (<OS> <version>; <arch>) codex-claude-proxy`
 * (Codex puts the terminal name where we put ours), and `version: 0.169.0`, which the models catalog compares
 * with each model's `minimal_client_version`.
 */
import os from 'node:os';

export const CODEX_CLIENT_VERSION = '0.169.0';
export const CODEX_ORIGINATOR = 'codex_cli_rs';
const UA_SUFFIX = 'codex-claude-proxy';

export interface CodexHeaderOptions {
  accessToken: string;
  accountId: string;
  /** Per-conversation id (equal to `prompt_cache_key`); sent as both `session-id` and `session_id`. */
  sessionId?: string;
  /** Default `text/event-stream` (the Responses call); the catalog passes `application/json`. */
  accept?: string;
  /** Default {@link CODEX_CLIENT_VERSION}. */
  clientVersion?: string;
}

/** macOS product version from the Darwin kernel major (20→11 … 24→15, 25→26 after Apple's renumbering). */
function macosVersion(darwinRelease: string): string {
  const major = Number.parseInt(darwinRelease, 10);
  if (!Number.isFinite(major) || major < 20) return darwinRelease;
  return `${major >= 25 ? major + 1 : major - 9}.0.0`;
}

function osLabel(): string {
  const release = os.release();
  switch (process.platform) {
    case 'darwin':
      return `Mac OS ${macosVersion(release)}`;
    case 'win32':
      return `Windows ${release}`;
    case 'linux':
      return `Linux ${release}`;
    default:
      return `${os.type()} ${release}`;
  }
}

function archLabel(): string {
  switch (process.arch) {
    case 'x64':
      return 'x86_64';
    case 'ia32':
      return 'x86';
    default:
      return process.arch; // arm64, …
  }
}

/** Strips characters that are not allowed in a header value. */
function headerSafe(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '').trim();
}

const uaCache = new Map<string, string>();

/** `codex_cli_rs/<version> (<OS> <release>; <arch>) codex-claude-proxy`, computed once per version. */
export function codexUserAgent(clientVersion: string = CODEX_CLIENT_VERSION): string {
  let ua = uaCache.get(clientVersion);
  if (ua === undefined) {
    ua = headerSafe(`${CODEX_ORIGINATOR}/${clientVersion} (${osLabel()}; ${archLabel()}) ${UA_SUFFIX}`);
    uaCache.set(clientVersion, ua);
  }
  return ua;
}

export function codexHeaders(opts: CodexHeaderOptions): Record<string, string> {
  const version = opts.clientVersion ?? CODEX_CLIENT_VERSION;
  const headers: Record<string, string> = {
    authorization: `Bearer ${opts.accessToken}`,
    'chatgpt-account-id': opts.accountId,
    originator: CODEX_ORIGINATOR,
    'user-agent': codexUserAgent(version),
    version,
    accept: opts.accept ?? 'text/event-stream',
    'content-type': 'application/json',
  };
  if (opts.sessionId) {
    headers['session-id'] = opts.sessionId;
    headers['session_id'] = opts.sessionId;
  }
  return headers;
}
