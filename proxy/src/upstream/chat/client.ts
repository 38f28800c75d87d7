/**
 * POST {baseUrl}/chat/completions on an OpenAI-compatible upstream (OpenRouter by default) over undici, tied to an
 * AbortSignal (client gone → upstream aborted), plus the SSE reader of its answer (`data: <json>` chunks, comment
 * lines ignored, `data: [DONE]` as the end marker). The key goes in `Authorization: Bearer` and nowhere else.
 */
import { createParser } from 'eventsource-parser';
import { request, type Dispatcher } from 'undici';
import { upstreamResponse, type UpstreamResponse } from '../../codex/client.js';
import { VERSION } from '../../version.js';

/** OpenRouter's app attribution headers (optional; harmless for other upstreams). */
export const APP_REFERER = 'https://github.com/codex-claude-proxy/codex-claude-proxy';
export const APP_TITLE = 'Codex Claude Proxy';

export async function postChatCompletions(opts: {
  baseUrl: string;
  apiKey: string | null;
  body: unknown;
  signal: AbortSignal;
  dispatcher?: Dispatcher;
}): Promise<UpstreamResponse> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    'user-agent': `codex-claude-proxy/${VERSION}`,
    'http-referer': APP_REFERER,
    'x-title': APP_TITLE,
  };
  if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
  const res = await request(`${opts.baseUrl}/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify(opts.body),
    signal: opts.signal,
    dispatcher: opts.dispatcher,
    headersTimeout: 300_000,
    bodyTimeout: 0,
  });
  return upstreamResponse(res);
}

export type ChatSseItem = { type: 'data'; value: unknown } | { type: 'malformed'; data: string } | { type: 'done' };

/** Reads an OpenAI-style SSE body into parsed `data:` payloads and the `[DONE]` marker. */
export async function* readChatStream(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<ChatSseItem> {
  const decoder = new TextDecoder('utf-8');
  let pending: ChatSseItem[] = [];
  const parser = createParser({
    onEvent: (msg) => {
      const data = msg.data.trim();
      if (data === '') return;
      if (data === '[DONE]') return void pending.push({ type: 'done' });
      try {
        pending.push({ type: 'data', value: JSON.parse(data) });
      } catch {
        pending.push({ type: 'malformed', data });
      }
    },
  });
  const drain = function* (): Generator<ChatSseItem> {
    const out = pending;
    pending = [];
    yield* out;
  };
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? decoder.decode() + chunk : decoder.decode(chunk, { stream: true }));
    yield* drain();
  }
  parser.feed(`${decoder.decode()}\n\n`);
  yield* drain();
}
