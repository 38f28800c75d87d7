/** The Claude Code session a request belongs to: header first, then `metadata.user_id` (a JSON string). */
export function sessionIdOf(headers: Record<string, string | string[] | undefined>, metadataUserId: string | null | undefined): string | undefined {
  const h = headers['x-claude-code-session-id'];
  const fromHeader = Array.isArray(h) ? h[0] : h;
  if (fromHeader && /^[\w-]{1,128}$/.test(fromHeader)) return fromHeader;
  if (!metadataUserId) return undefined;
  try {
    const parsed = JSON.parse(metadataUserId) as { session_id?: unknown };
    if (typeof parsed.session_id === 'string' && /^[\w-]{1,128}$/.test(parsed.session_id)) return parsed.session_id;
  } catch {
    // older clients send a plain string: `user_<hash>_account__session_<uuid>`
    const m = /session_([\w-]{8,64})$/.exec(metadataUserId);
    if (m) return m[1];
  }
  return undefined;
}
