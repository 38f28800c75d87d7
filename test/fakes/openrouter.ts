/**
 * A fake OpenAI-compatible chat-completions upstream (OpenRouter-like) on 127.0.0.1:0 for the Haiku lane.
 * POST /api/v1/chat/completions: validates the request (roles, tool-call pairing, stream flags), records it
 * (headers included), and answers from a FIFO of scenarios or the default responder, as OpenAI-style SSE
 * (`: OPENROUTER PROCESSING` comment, `data: <chunk>` lines, `data: [DONE]`). It never contacts any other address.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fillSchema } from './codex-responder.js';

export const LANE_REPLY = 'Hello from the fake OpenRouter lane.';

export type LaneScenario =
  | {
      kind: 'stream';
      text?: string;
      /** reasoning deltas first; `reasoningField` picks OpenRouter's `reasoning` (default) or DeepSeek's `reasoning_content` */
      reasoning?: string;
      reasoningField?: 'reasoning' | 'reasoning_content';
      toolCalls?: { name: string; arguments: string; id?: string }[];
      chunks?: number;
      finish?: 'stop' | 'tool_calls' | 'length' | 'content_filter';
      usage?: { prompt: number; completion: number; cached?: number };
      delayMs?: number;
      /** close the socket after the content, without finish_reason / [DONE] */
      cut?: boolean;
      /** send `{error:{…}}` as a chunk after the content */
      errorChunk?: { message: string; code: number | string };
    }
  | { kind: 'http'; status: number; body?: unknown };

export interface RecordedChatRequest {
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  status: number;
  rejected?: string;
}

export interface FakeOpenRouter {
  /** Base URL for OPENROUTER_BASE_URL (…/api/v1). */
  url: string;
  requests: RecordedChatRequest[];
  enqueue(...s: LaneScenario[]): void;
  close(): Promise<void>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function split(text: string, n: number): string[] {
  if (n <= 1 || text.length < 2) return [text];
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Strict checks a real upstream would answer with 400. */
export function validateChatRequest(body: unknown): string | null {
  if (!isObj(body)) return 'body must be a JSON object';
  if (typeof body.model !== 'string' || !body.model) return 'model is required';
  if (body.stream !== true) return 'this fake only streams: stream must be true';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages must be a non-empty array';
  const open = new Set<string>();
  let expectTools = false;
  for (const [i, m] of body.messages.entries()) {
    if (!isObj(m)) return `messages[${i}] must be an object`;
    switch (m.role) {
      case 'system':
      case 'user':
        if (open.size > 0) return `messages[${i}]: tool_calls without tool messages before a ${m.role} message`;
        expectTools = false;
        if (typeof m.content !== 'string' && !Array.isArray(m.content)) return `messages[${i}].content must be a string or an array`;
        if (Array.isArray(m.content)) {
          for (const p of m.content) {
            if (!isObj(p) || !['text', 'image_url', 'file'].includes(String(p.type))) return `messages[${i}]: unknown content part`;
            if (p.type === 'image_url' && !(isObj(p.image_url) && typeof p.image_url.url === 'string')) return `messages[${i}]: image_url.url missing`;
          }
        }
        break;
      case 'assistant':
        if (open.size > 0) return `messages[${i}]: previous tool_calls were not answered`;
        if (m.content !== null && m.content !== undefined && typeof m.content !== 'string') return `messages[${i}].content must be a string or null`;
        if (m.tool_calls !== undefined) {
          if (!Array.isArray(m.tool_calls) || m.tool_calls.length === 0) return `messages[${i}].tool_calls must be a non-empty array`;
          for (const c of m.tool_calls) {
            if (!isObj(c) || typeof c.id !== 'string' || c.type !== 'function' || !isObj(c.function) || typeof c.function.name !== 'string') {
              return `messages[${i}].tool_calls: malformed call`;
            }
            try {
              JSON.parse(String(c.function.arguments));
            } catch {
              return `messages[${i}].tool_calls: arguments are not JSON`;
            }
            open.add(c.id);
          }
          expectTools = true;
        }
        break;
      case 'tool':
        if (!expectTools || typeof m.tool_call_id !== 'string' || !open.delete(m.tool_call_id)) return `messages[${i}]: tool message without a matching tool call`;
        if (typeof m.content !== 'string') return `messages[${i}].content must be a string`;
        break;
      default:
        return `messages[${i}].role is invalid`;
    }
  }
  if (open.size > 0) return 'tool_calls were not answered';
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return 'tools must be an array';
    for (const t of body.tools) if (!isObj(t) || t.type !== 'function' || !isObj(t.function) || typeof t.function.name !== 'string') return 'malformed tool';
  }
  return null;
}

/** The default "tiny model": tool results → "Lane tool said: …"; json_schema → a filled object; else LANE_REPLY. */
export function defaultLaneResponder(body: Obj): LaneScenario {
  const all = Array.isArray(body.messages) ? body.messages.filter(isObj) : [];
  // the proxy sends images returned by tools as one user message right after the tool messages
  const tail = all[all.length - 1];
  const toolImages = tail?.role === 'user' && Array.isArray(tail.content) && isObj(tail.content[0]) && String(tail.content[0].text).startsWith('[Images returned');
  const messages = toolImages ? all.slice(0, -1) : all;
  const last = messages[messages.length - 1];
  if (last?.role === 'tool') {
    const outputs: string[] = [];
    for (let i = messages.length - 1; i >= 0 && messages[i]?.role === 'tool'; i--) outputs.unshift(String(messages[i]!.content));
    return { kind: 'stream', text: `Lane tool said: ${outputs.join('\n')}` };
  }
  const rf = isObj(body.response_format) ? body.response_format : undefined;
  if (rf?.type === 'json_schema' && isObj(rf.json_schema)) return { kind: 'stream', text: JSON.stringify(fillSchema(rf.json_schema.schema)) };
  return { kind: 'stream', text: LANE_REPLY, chunks: 3 };
}

export async function startFakeOpenRouter(): Promise<FakeOpenRouter> {
  const queue: LaneScenario[] = [];
  const requests: RecordedChatRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let seq = 0;

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString()));
      req.on('end', () => resolve(s));
      req.on('error', reject);
    });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const stream = async (res: ServerResponse, s: Extract<LaneScenario, { kind: 'stream' }>, model: string) => {
    const id = `gen-${++seq}`;
    const created = Math.floor(Date.now() / 1000);
    const write = (delta: Obj, finish: string | null = null, extra: Obj = {}) =>
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, provider: 'Fake', choices: [{ index: 0, delta, finish_reason: finish, native_finish_reason: finish }], ...extra })}\n\n`);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(': OPENROUTER PROCESSING\n\n');
    const pause = () => (s.delayMs ? sleep(s.delayMs) : Promise.resolve());
    write({ role: 'assistant', content: '' });
    for (const piece of s.reasoning ? split(s.reasoning, 2) : []) {
      await pause();
      write({ role: 'assistant', content: '', [s.reasoningField ?? 'reasoning']: piece });
    }
    for (const piece of s.text ? split(s.text, s.chunks ?? 2) : []) {
      await pause();
      write({ content: piece });
    }
    (s.toolCalls ?? []).forEach((c, index) => {
      const callId = c.id ?? `call_fake_${seq}_${index}`;
      const parts = split(c.arguments, s.chunks ?? 2);
      write({ tool_calls: [{ index, id: callId, type: 'function', function: { name: c.name, arguments: parts[0] ?? '' } }] });
      for (const p of parts.slice(1)) write({ tool_calls: [{ index, function: { arguments: p } }] });
    });
    if (s.errorChunk) {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, error: s.errorChunk, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] })}\n\n`);
      return void res.end();
    }
    if (s.cut) {
      res.socket?.destroy();
      return;
    }
    await pause();
    write({}, s.finish ?? (s.toolCalls?.length ? 'tool_calls' : 'stop'));
    const u = s.usage ?? { prompt: 42, completion: 7, cached: 0 };
    res.write(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: u.prompt, completion_tokens: u.completion, total_tokens: u.prompt + u.completion, prompt_tokens_details: { cached_tokens: u.cached ?? 0 }, cost: 0 } })}\n\n`,
    );
    res.write('data: [DONE]\n\n');
    res.end();
  };

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const text = await readBody(req);
      if (req.method !== 'POST' || path !== '/api/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found', code: 404 } }));
        return;
      }
      let body: Obj = {};
      try {
        body = JSON.parse(text) as Obj;
      } catch {
        body = {};
      }
      const rec: RecordedChatRequest = { path, headers, body, status: 200 };
      requests.push(rec);
      const invalid = validateChatRequest(body);
      if (invalid) {
        rec.status = 400;
        rec.rejected = invalid;
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: invalid, code: 400 } }));
        return;
      }
      const scenario = queue.shift() ?? defaultLaneResponder(body);
      if (scenario.kind === 'http') {
        rec.status = scenario.status;
        res.writeHead(scenario.status, { 'content-type': 'application/json' }).end(JSON.stringify(scenario.body ?? { error: { message: `Fake upstream error ${scenario.status}`, code: scenario.status } }));
        return;
      }
      await stream(res, scenario, String(body.model));
    })().catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    requests,
    enqueue: (...s) => void queue.push(...s),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
