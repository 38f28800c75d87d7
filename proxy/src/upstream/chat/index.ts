/**
 * The `chat` upstream: any OpenAI-compatible /chat/completions endpoint (OpenRouter is one configuration of it).
 * Yields the parsed SSE items; the endpoint (base URL, key) comes with each request from the plan.
 */
import type { Opened, Upstream } from '../types.js';
import { postChatCompletions, readChatStream, type ChatSseItem } from './client.js';
import { chatHttpFailure, LANE_STREAM_CUT } from './errors.js';

export interface ChatEndpoint {
  baseUrl: string;
  apiKey: string | null;
}

export interface ChatUpstreamRequest {
  endpoint: ChatEndpoint;
  body: unknown;
}

export function chatUpstream(): Upstream<ChatUpstreamRequest, ChatSseItem> {
  return {
    kind: 'chat',
    holdsToolCalls: true,
    idleFailure: () => ({ kind: 'idle_timeout', message: 'The Haiku lane upstream stopped sending data' }),
    cutFailure: (detail) => ({ kind: 'stream_cut', message: `${LANE_STREAM_CUT}: ${detail}` }),
    async open(req, signal): Promise<Opened<ChatSseItem>> {
      let res;
      try {
        res = await postChatCompletions({ baseUrl: req.endpoint.baseUrl, apiKey: req.endpoint.apiKey, body: req.body, signal });
      } catch (e) {
        if (signal.aborted) return { kind: 'aborted' };
        return { kind: 'failed', failure: { kind: 'transport', message: `Could not reach the Haiku lane upstream: ${(e as Error).message}` } };
      }
      if (res.status !== 200) {
        const text = await res.text().catch(() => '');
        return { kind: 'failed', failure: chatHttpFailure(res.status, text) };
      }
      return { kind: 'stream', items: readChatStream(res.body), close: () => res.discard() };
    },
  };
}
