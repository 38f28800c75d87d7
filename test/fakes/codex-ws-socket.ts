/**
 * One socket of the fake WebSocket Codex backend (spec codex-websocket.md §8.3–§8.11): frame checks, strictly one
 * request in flight, continuation bookkeeping (the last completed response of THIS socket), the cache model,
 * turn-state contract checks and the event stream of each `response.create`. Scenarios come from the HTTP fake's
 * queue/responder (HTTP error scenarios become in-band `error` frames with their status) or from WS-only scripts.
 */
import { randomBytes } from 'node:crypto';
import type WebSocket from 'ws';
import type { FakeCodexInternals } from './codex-backend.js';
import { FakePromptCache, engineSequence, sequenceTokens } from './codex-ws-cache.js';
import { buildStream, type Scenario, type SseEvent, type StreamScenario } from './codex-sse.js';

/** WS-only turn scripts (FIFO, taken before the account's scenario queue). */
export type WsTurnScript =
  | { kind: 'close_before_first_event'; code?: number }
  | { kind: 'error_frame'; status?: number; code: string; message?: string; param?: string; headers?: Record<string, string>; closeAfter?: boolean }
  | { kind: 'connection_limit' }
  | { kind: 'big_created'; bytes?: number };

export interface CreateRecord {
  socketId: number;
  accountId: string;
  frameBytes: number;
  previousResponseId?: string;
  /** Items in the frame's `input` (the delta on a continuation). */
  inputItems: number;
  /** Items of the reconstructed full input. */
  fullInputItems: number;
  inputTokens?: number;
  cachedTokens?: number;
  serviceTier?: string;
  originator?: string;
  turnStateEcho?: string;
  /** 'completed' | 'failed' | 'error:<code>' | 'closed' | 'empty' … */
  outcome: string;
}

export interface SocketContext {
  internals: FakeCodexInternals;
  cache: FakePromptCache;
  now: () => number;
  maxAgeMs: number;
  rateLimitsEvent: boolean;
  takeScript(): WsTurnScript | undefined;
  record(c: CreateRecord): void;
  violation(message: string): void;
  /** Per prompt_cache_key: the turn-state token of the current turn. */
  turnStates: Map<string, { token: string; previous: Set<string> }>;
  closing(): boolean;
}

type Obj = Record<string, unknown>;
const UNSUPPORTED_WS = ['background', 'prompt_cache_options', 'prompt_cache_retention', 'max_output_tokens'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const startsNewTurn = (input: unknown[]): boolean => {
  const last = input[input.length - 1] as Obj | undefined;
  return !!last && last.type === 'message' && last.role === 'user';
};

export class FakeWsSocket {
  readonly openedAt: number;
  lastActivityAt: number;
  private inFlight = false;
  private last: { id: string; input: unknown[]; output: unknown[] } | undefined;

  constructor(
    readonly id: number,
    readonly accountId: string,
    readonly originator: string | undefined,
    private readonly ws: WebSocket,
    private readonly ctx: SocketContext,
  ) {
    this.openedAt = ctx.now();
    this.lastActivityAt = this.openedAt;
    ws.on('message', (data, isBinary) => void this.onMessage(data as Buffer, isBinary));
  }

  get busy(): boolean {
    return this.inFlight;
  }

  /** Lifetime checks (§8.10) run between requests by the server. */
  overAge(): boolean {
    return this.ctx.now() - this.openedAt >= this.ctx.maxAgeMs;
  }

  private send(e: Obj): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(e));
  }

  private errorFrame(status: number, error: Obj, headers?: Record<string, string>): void {
    this.send({ type: 'error', status, error, ...(headers ? { headers } : {}) });
  }

  private invalid(message: string, code: string | null = null, param: string | null = null): void {
    this.errorFrame(400, { type: 'invalid_request_error', code, message, param });
  }

  private async onMessage(data: Buffer, isBinary: boolean): Promise<void> {
    this.lastActivityAt = this.ctx.now();
    if (isBinary) return this.ws.close(1003, 'binary frames are not supported');
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString('utf8'));
    } catch {
      return this.invalid('Invalid JSON in websocket message');
    }
    const f = (frame && typeof frame === 'object' ? frame : {}) as Obj;
    if (f.type === 'response.processed') return;
    if (f.type !== 'response.create') return this.invalid(`Unsupported websocket message type: ${String(f.type)}`);
    if (this.inFlight) {
      this.ctx.violation(`socket ${this.id}: a second response.create while a response is in flight`);
      return this.invalid('A response is already in flight on this connection', 'response_already_in_flight');
    }
    const rec: CreateRecord = { socketId: this.id, accountId: this.accountId, frameBytes: data.length, inputItems: 0, fullInputItems: 0, originator: this.originator, outcome: 'pending' };
    this.ctx.record(rec);
    this.inFlight = true;
    try {
      await this.create(f, rec);
    } finally {
      this.inFlight = false;
      this.lastActivityAt = this.ctx.now();
    }
  }

  private async create(f: Obj, rec: CreateRecord): Promise<void> {
    if (this.overAge()) {
      rec.outcome = 'error:websocket_connection_limit_reached';
      this.connectionLimit();
      return;
    }
    const { type: _type, previous_response_id: prevId, ...body } = f;
    const input = Array.isArray(body.input) ? body.input : [];
    rec.inputItems = input.length;
    rec.serviceTier = typeof body.service_tier === 'string' ? body.service_tier : undefined;
    const meta = body.client_metadata as Obj | undefined;
    rec.turnStateEcho = typeof meta?.['x-codex-turn-state'] === 'string' ? (meta['x-codex-turn-state'] as string) : undefined;
    for (const k of UNSUPPORTED_WS) {
      if (k in body) {
        rec.outcome = `error:unsupported:${k}`;
        return this.invalid(`Unsupported parameter: ${k}`, 'unsupported_parameter', k);
      }
    }
    if (body.store !== undefined && body.store !== false) return this.invalid('store must be false', 'invalid_value', 'store');
    if (body.stream !== undefined && body.stream !== true) return this.invalid('stream must be true', 'invalid_value', 'stream');

    let fullInput = input;
    if (prevId !== undefined) {
      rec.previousResponseId = String(prevId);
      if (!this.last || this.last.id !== prevId) {
        rec.outcome = 'error:previous_response_not_found';
        return this.invalid(`Previous response with id '${String(prevId)}' not found.`, 'previous_response_not_found', 'previous_response_id');
      }
      fullInput = [...this.last.input, ...this.last.output, ...input];
      if (body.instructions === undefined || body.tools === undefined || body.prompt_cache_key === undefined) {
        // the real failure mode of a stripped continuation frame: an empty completion (codegraff2 #8)
        rec.outcome = 'empty';
        return this.playStream({ kind: 'stream', items: [] }, { ...body, input: fullInput }, fullInput, rec, undefined);
      }
    }
    rec.fullInputItems = fullInput.length;
    const full = { ...body, input: fullInput };
    const v = this.ctx.internals.validate(full, this.accountId);
    if (!v.ok) {
      rec.outcome = `error:${v.status}`;
      const b = v.body as Obj;
      const error = (b.error as Obj | undefined) ?? { type: 'invalid_request_error', message: v.message };
      return this.errorFrame(v.status, error);
    }
    const turnState = this.checkTurnState(body, fullInput, rec.turnStateEcho);
    const script = this.ctx.takeScript();
    if (script) return this.playScript(script, full, fullInput, rec, turnState);
    const scenario = this.ctx.internals.nextScenario(this.accountId, full);
    return this.playScenario(scenario, full, fullInput, rec, turnState);
  }

  /** §8.8: returns a new token to announce, or undefined when the client echoed the current one. */
  private checkTurnState(body: Obj, fullInput: unknown[], echo: string | undefined): string | undefined {
    const key = typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : '';
    let st = this.ctx.turnStates.get(key);
    const newTurn = startsNewTurn(fullInput);
    if (echo !== undefined) {
      if (st?.previous.has(echo) || (newTurn && st?.token === echo)) this.ctx.violation(`turn state from a previous turn echoed (${key})`);
      else if (st && st.token !== echo) this.ctx.violation(`unknown turn state echoed (${key})`);
      if (!newTurn) return undefined;
    }
    if (newTurn || !st) {
      const token = `ws-turn-state-${randomBytes(6).toString('hex')}`;
      if (st) st.previous.add(st.token);
      st = { token, previous: st?.previous ?? new Set() };
      this.ctx.turnStates.set(key, st);
    }
    return st.token;
  }

  private connectionLimit(): void {
    this.errorFrame(400, {
      type: 'invalid_request_error',
      code: 'websocket_connection_limit_reached',
      message: 'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.',
    });
    this.ws.close(1000);
  }

  private async playScript(s: WsTurnScript, full: Obj, fullInput: unknown[], rec: CreateRecord, turnState: string | undefined): Promise<void> {
    switch (s.kind) {
      case 'close_before_first_event':
        rec.outcome = 'closed';
        if (s.code === undefined || s.code === 1006) this.ws.terminate();
        else this.ws.close(s.code);
        return;
      case 'connection_limit':
        rec.outcome = 'error:websocket_connection_limit_reached';
        return this.connectionLimit();
      case 'error_frame':
        rec.outcome = `error:${s.code}`;
        this.errorFrame(s.status ?? 400, { type: s.status === 429 ? s.code : 'invalid_request_error', code: s.code, message: s.message ?? `Fake error: ${s.code}`, ...(s.param ? { param: s.param } : {}) }, s.headers);
        if (s.closeAfter) this.ws.close(1000);
        return;
      case 'big_created':
        return this.playStream({ kind: 'stream', items: [{ type: 'text', text: 'big created' }] }, full, fullInput, rec, turnState, s.bytes ?? 300 * 1024);
      default:
        return undefined;
    }
  }

  private async playScenario(s: Scenario, full: Obj, fullInput: unknown[], rec: CreateRecord, turnState: string | undefined): Promise<void> {
    const qh = this.ctx.internals.quotaHeaders(this.accountId);
    switch (s.kind) {
      case 'stream':
        return this.playStream(s, full, fullInput, rec, turnState);
      case 'usage_limit': {
        const resetsIn = s.resetsInSeconds ?? 3600;
        const resetsAt = this.ctx.internals.reachUsageLimit(this.accountId, resetsIn);
        rec.outcome = 'error:usage_limit_reached';
        return this.errorFrame(
          429,
          { type: 'usage_limit_reached', message: 'The usage limit has been reached', resets_at: resetsAt, resets_in_seconds: resetsIn },
          { ...this.ctx.internals.quotaHeaders(this.accountId), 'x-codex-rate-limit-reached-type': 'rate_limit_reached' },
        );
      }
      case 'rate_limited': {
        const after = s.retryAfter ?? 1;
        rec.outcome = 'error:rate_limit_exceeded';
        return this.errorFrame(429, { type: 'rate_limit_exceeded', code: 'rate_limit_exceeded', message: `Rate limit reached. Please try again in ${after}s.` }, { ...qh, 'retry-after': String(after) });
      }
      case 'overloaded':
        rec.outcome = 'error:server_is_overloaded';
        return this.errorFrame(503, { type: 'server_error', code: 'server_is_overloaded', message: 'Our servers are currently overloaded. Please try again later.' }, qh);
      case 'http': {
        rec.outcome = `error:${s.status}`;
        const b = (s.body && typeof s.body === 'object' ? s.body : {}) as Obj;
        const error = (b.error as Obj | undefined) ?? { message: typeof b.detail === 'string' ? b.detail : `HTTP ${s.status}` };
        return this.errorFrame(s.status, error, { ...qh, ...(s.headers ?? {}) });
      }
      default:
        return undefined;
    }
  }

  private async playStream(s: StreamScenario, full: Obj, fullInput: unknown[], rec: CreateRecord, turnState: string | undefined, padCreated = 0): Promise<void> {
    const built = buildStream(s, this.ctx.internals.streamContext(this.accountId, full));
    const cacheKey = FakePromptCache.key(this.accountId, full.prompt_cache_key, this.id);
    const seq = engineSequence(full, fullInput);
    rec.inputTokens = sequenceTokens(seq);
    rec.cachedTokens = this.ctx.cache.lookup(cacheKey, seq);
    const delay = s.delayMs ?? 0;
    const emit = async (e: SseEvent | Obj): Promise<boolean> => {
      if (this.ws.readyState !== this.ws.OPEN || this.ctx.closing()) return false;
      // wait until the frame is written, so a scripted cut right after it does not swallow it
      await new Promise<void>((resolve) => this.ws.send(JSON.stringify(e), () => resolve()));
      if (delay > 0) await sleep(delay);
      return this.ws.readyState === this.ws.OPEN;
    };
    if (this.ctx.rateLimitsEvent && !(await emit({ type: 'codex.rate_limits', ...(this.ctx.internals.streamContext(this.accountId, full).rateLimits ?? {}) }))) return;
    if (turnState && !(await emit({ type: 'codex.response.metadata', headers: { 'x-codex-turn-state': turnState } }))) return;
    for (const e of built.preamble) {
      if (e.type === 'codex.rate_limits') continue;
      const out = padCreated && e.type === 'response.created' ? { ...e, response: { ...(e.response as Obj), instructions: 'x'.repeat(padCreated) } } : e;
      if (!(await emit(out))) return;
    }
    if (s.stallMs) await sleep(s.stallMs);
    const end = s.end ?? 'completed';
    const itemLimit = end === 'cut' ? (s.cutAfterItems ?? built.items.length) : built.items.length;
    for (const evs of built.items.slice(0, itemLimit)) for (const e of evs) if (!(await emit(e))) return;
    if (end === 'cut') {
      rec.outcome = 'closed';
      this.ws.terminate();
      return;
    }
    const terminal = built.terminal;
    if (!terminal) return;
    const response = terminal.response as Obj | undefined;
    if (response && !s.usage && response.usage && typeof response.usage === 'object') {
      const u = response.usage as Obj;
      const output = Number(u.output_tokens ?? 0);
      response.usage = { ...u, input_tokens: rec.inputTokens, input_tokens_details: { cached_tokens: rec.cachedTokens }, total_tokens: rec.inputTokens + output };
    }
    if (response) response.service_tier = 'default'; // §8.11: the real backend never echoes the tier it applied
    // bookkeeping first: the client may send its next create as soon as it reads the terminal
    if (terminal.type === 'response.completed') {
      if (rec.outcome === 'pending') rec.outcome = 'completed';
      this.last = { id: built.responseId, input: fullInput, output: built.output };
      this.ctx.cache.store(cacheKey, [...seq, ...engineSequence(full, built.output).slice(1)]);
    } else {
      rec.outcome = terminal.type === 'error' ? `error:${String(terminal.code)}` : terminal.type.replace('response.', '');
      this.last = undefined;
    }
    this.inFlight = false;
    await emit(terminal);
  }
}
