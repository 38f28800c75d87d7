/**
 * The `codex` upstream: the ChatGPT Codex backend for one account. Sends with the account's credentials, refreshes
 * once on a 401 and retries on the same account, reports quota headers, classifies HTTP errors. The transport is
 * chosen per attempt (`pickTransport`); today that is always SSE.
 */
import type { CredentialProvider, Credentials } from '../../accounts/credentials.js';
import { RefreshError } from '../../accounts/token-client.js';
import type { UpstreamResponse } from '../../codex/client.js';
import type { ResponsesRequest, ResponsesStreamEvent } from '../../codex/types.js';
import type { UpstreamFailure } from '../failure.js';
import type { Opened, Upstream } from '../types.js';
import { classifyHttpError } from './errors.js';
import { sseTransport, type CodexAnswer, type CodexTransport } from './transport.js';

export interface CodexUpstreamDeps {
  credentials: CredentialProvider;
  codexBaseUrl: () => string;
  now: () => number;
  onUpstreamHeaders?: (accountId: string, headers: UpstreamResponse['headers']) => void;
  /** The transport of one attempt (default: SSE). */
  pickTransport?: (accountId: string) => CodexTransport;
}

export interface CodexUpstreamRequest {
  /** The stored account's id (for refresh and quota headers). */
  accountId: string;
  credentials: Credentials;
  body: ResponsesRequest;
  sessionId?: string;
}

/** A credential error → the failure the executor understands. */
export function credentialFailure(e: unknown): UpstreamFailure {
  if (e instanceof RefreshError) {
    return e.permanent
      ? { kind: 'unauthorized', message: `The ChatGPT login has expired or was revoked (${e.code ?? 'refresh rejected'})` }
      : { kind: 'transport', message: e.message };
  }
  return { kind: 'unauthorized', message: `The account's credentials could not be read: ${(e as Error).message}` };
}

export function codexUpstream(deps: CodexUpstreamDeps): Upstream<CodexUpstreamRequest, ResponsesStreamEvent> {
  return {
    kind: 'codex',
    holdsToolCalls: false,
    idleFailure: () => ({ kind: 'idle_timeout', message: 'The Codex backend stopped sending data' }),
    cutFailure: (detail) => ({ kind: 'stream_cut', message: `The Codex stream broke: ${detail}` }),
    async open(req, signal): Promise<Opened<ResponsesStreamEvent>> {
      const transport = deps.pickTransport?.(req.accountId) ?? sseTransport;
      let creds = req.credentials;
      let answer: CodexAnswer;
      let refreshed = false;
      for (;;) {
        try {
          answer = await transport.send({ codexBaseUrl: deps.codexBaseUrl(), credentials: creds, body: req.body, sessionId: req.sessionId, signal });
        } catch (e) {
          if (signal.aborted) return { kind: 'aborted' };
          return { kind: 'failed', transport: transport.kind, failure: { kind: 'transport', message: `Could not reach the Codex backend: ${(e as Error).message}` } };
        }
        deps.onUpstreamHeaders?.(req.accountId, answer.headers);
        if (answer.status === 401 && !refreshed) {
          answer.close();
          refreshed = true;
          try {
            creds = await deps.credentials.refreshAfterRejection(req.accountId, creds.accessToken);
          } catch (e) {
            return { kind: 'failed', transport: transport.kind, failure: credentialFailure(e) };
          }
          continue;
        }
        break;
      }
      if (answer.status !== 200) {
        const bodyText = await answer.errorText().catch(() => '');
        return { kind: 'failed', transport: transport.kind, failure: classifyHttpError({ status: answer.status, bodyText, headers: answer.headers, nowMs: deps.now() }) };
      }
      return { kind: 'stream', transport: transport.kind, items: answer.events(), close: () => answer.close() };
    },
  };
}
