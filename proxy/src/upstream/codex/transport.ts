/**
 * How one Codex attempt reaches the backend. `sse` (POST /responses, text/event-stream) is the only transport today;
 * the WebSocket transport (upstream/codex-ws/) becomes a second implementation of this interface, chosen per attempt
 * inside the codex upstream — the executor never knows which one ran.
 */
import type { UpstreamCredentials, UpstreamResponse } from '../../codex/client.js';
import { postResponses } from '../../codex/client.js';
import { parseResponsesStream } from '../../codex/sse-parser.js';
import type { ResponsesRequest, ResponsesStreamEvent } from '../../codex/types.js';
import type { TransportKind } from '../types.js';

export interface CodexSendRequest {
  codexBaseUrl: string;
  credentials: UpstreamCredentials;
  body: ResponsesRequest;
  sessionId?: string;
  signal: AbortSignal;
}

/** The backend's first answer: the HTTP status and headers, then either the events or the error body. */
export interface CodexAnswer {
  status: number;
  headers: UpstreamResponse['headers'];
  events(): AsyncIterable<ResponsesStreamEvent>;
  errorText(): Promise<string>;
  close(): void;
}

export interface CodexTransport {
  readonly kind: TransportKind;
  send(req: CodexSendRequest): Promise<CodexAnswer>;
}

export const sseTransport: CodexTransport = {
  kind: 'sse',
  async send(req) {
    const res = await postResponses(req);
    return {
      status: res.status,
      headers: res.headers,
      events: () => parseResponsesStream(res.body),
      errorText: () => res.text(),
      close: () => res.discard(),
    };
  },
};
