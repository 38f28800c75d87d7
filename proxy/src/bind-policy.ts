/**
 * The bind rules (pure): where the server may listen and with which client key.
 * - A configured key must be at least {@link MIN_KEY_LENGTH} characters; an empty key is an error, never "auth off".
 * - Listening on a non-loopback address (`--host 0.0.0.0`, a LAN address) requires a key — then required on every
 *   route — and prints a warning: the proxy spends the user's ChatGPT quota for whoever reaches it.
 */
export const MIN_KEY_LENGTH = 16;

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** localhost, 127.0.0.0/8 and ::1 (as a name or a literal address). */
export function isLoopbackHost(host: string): boolean {
  if (LOOPBACK_NAMES.has(host)) return true;
  return /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(host);
}

export type BindCheck = { ok: true; warnings: string[] } | { ok: false; error: string };

/** `apiKey`: undefined / null when none is configured; '' when one was given empty. */
export function checkBindPolicy(host: string, apiKey: string | null | undefined): BindCheck {
  if (apiKey === '') return { ok: false, error: 'the client API key is empty (remove --api-key / CODEX_CLAUDE_PROXY_API_KEY, or give a key)' };
  if (apiKey != null && apiKey.length < MIN_KEY_LENGTH) {
    return { ok: false, error: `the client API key must be at least ${MIN_KEY_LENGTH} characters` };
  }
  if (isLoopbackHost(host)) return { ok: true, warnings: [] };
  if (apiKey == null) {
    return { ok: false, error: `listening on ${host} (not loopback) requires a client API key (--api-key, at least ${MIN_KEY_LENGTH} characters)` };
  }
  return {
    ok: true,
    warnings: [`WARNING: listening on ${host}, reachable from other machines; every route requires the client API key`],
  };
}
