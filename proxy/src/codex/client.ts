/**
 * POST {codex_base}/responses over undici, tied to an AbortSignal (client gone → upstream aborted).
 * Returns the raw status, headers and byte stream; classification and parsing happen elsewhere.
 */
import { request, type Dispatcher } from 'undici';
import type { ResponsesRequest } from './types.js';
import { codexHeaders } from './headers.js';

export interface UpstreamCredentials {
  accountId: string;
  accessToken: string;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  /** Releases the connection without reading the rest of the body. */
  discard(): void;
}

export class TransportError extends Error {
  override name = 'TransportError';
}

export async function postResponses(opts: {
  codexBaseUrl: string;
  credentials: UpstreamCredentials;
  body: ResponsesRequest;
  sessionId?: string;
  signal: AbortSignal;
  dispatcher?: Dispatcher;
}): Promise<UpstreamResponse> {
  let res: Dispatcher.ResponseData;
  try {
    res = await request(`${opts.codexBaseUrl}/responses`, {
      method: 'POST',
      headers: codexHeaders({
        accessToken: opts.credentials.accessToken,
        accountId: opts.credentials.accountId,
        sessionId: opts.sessionId,
        accept: 'text/event-stream',
      }),
      body: JSON.stringify(opts.body),
      signal: opts.signal,
      dispatcher: opts.dispatcher,
      headersTimeout: 300_000,
      bodyTimeout: 0,
    });
  } catch (e) {
    if (opts.signal.aborted) throw e;
    throw new TransportError((e as Error).message);
  }
  return upstreamResponse(res);
}

/** An undici answer as an UpstreamResponse (shared with the Haiku lane's client). */
export function upstreamResponse(res: Dispatcher.ResponseData): UpstreamResponse {
  const body = res.body;
  return {
    status: res.statusCode,
    headers: res.headers,
    body,
    text: () => body.text(),
    discard: () => {
      body.on('error', () => undefined); // destroying an unread body emits an abort error nobody needs
      body.destroy();
    },
  };
}
