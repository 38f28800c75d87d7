/**
 * The WebSocket upgrade request to {codex_base}/responses (docs/codex-backend.md, "WebSocket transport": handshake).
 * Pure: URL and headers only. Auth lives on the handshake alone (no per-frame auth); no subprotocol; no body-framing
 * headers; never `x-codex-turn-state` (that is per turn, carried in the create frame).
 */
import { CODEX_CLIENT_VERSION } from '../../codex/headers.js';

/** The v2 WebSocket protocol (`response.create` frames). v1 (`…=2026-02-04`, `response.append`) is never sent. */
export const WS_BETA = 'responses_websockets=2026-02-06';

/** Who we say we are upstream: `originator` + a matching `User-Agent` (a documented setting of the caller). */
export interface UpstreamIdentity {
  originator: string;
  userAgent: string;
  /** `version` header; default {@link CODEX_CLIENT_VERSION}. */
  clientVersion?: string;
}

export interface HandshakeOptions {
  accessToken: string;
  accountId: string;
  identity: UpstreamIdentity;
  /** Claude Code session id: sent as `session-id`, `thread-id` and `x-client-request-id`. */
  sessionId?: string;
  /** Codex model slug, for `x-codex-routing-hint: model=<slug>[;tier=<tier>]`. */
  model?: string;
  /** Only `priority` is ever passed here, and only when the caller's opt-in allows it. */
  serviceTier?: 'priority';
}

/** `http(s)://host/backend-api/codex` → `ws(s)://host/backend-api/codex/responses`. */
export function websocketUrl(codexBaseUrl: string): string {
  const u = new URL(`${codexBaseUrl.replace(/\/+$/, '')}/responses`);
  if (u.protocol === 'https:') u.protocol = 'wss:';
  else if (u.protocol === 'http:') u.protocol = 'ws:';
  return u.toString();
}

export function handshakeHeaders(o: HandshakeOptions): Record<string, string> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${o.accessToken}`,
    'chatgpt-account-id': o.accountId,
    'openai-beta': WS_BETA,
    originator: o.identity.originator,
    'user-agent': o.identity.userAgent,
    version: o.identity.clientVersion ?? CODEX_CLIENT_VERSION,
  };
  if (o.sessionId) {
    headers['session-id'] = o.sessionId;
    headers['thread-id'] = o.sessionId;
    headers['x-client-request-id'] = o.sessionId;
  }
  if (o.model) headers['x-codex-routing-hint'] = `model=${o.model}${o.serviceTier ? `;tier=${o.serviceTier}` : ''}`;
  return headers;
}
