/**
 * One WebSocket to the Codex backend (the `ws` package): dial with a deadline, then strictly one turn at a time.
 * I/O edge of the transport; no policy here (pooling, fallback and continuation are decided elsewhere).
 *
 * - `dial()` resolves with the 101's headers, or with why it failed: `refused` (an HTTP answer: status, headers,
 *   body — e.g. 426, 401, 403, 429, 5xx), `timeout` (no 101 before the deadline; the socket is destroyed) or
 *   `network`. permessage-deflate is not offered (accepted by the backend; saves CPU).
 * - `startTurn(frame)` sends one Text frame and returns a queue of parsed server events that ends after the
 *   terminal event, or with a {@link WsClosedError} when the socket closes first. Binary frames are a protocol
 *   error (socket terminated). Frames that are not JSON events are counted and skipped.
 * - Keepalive: a client ping every `pingIntervalMs`; no signal (message or pong) for 2.5 intervals → terminated.
 */
import WebSocket from 'ws';
import type { ResponsesStreamEvent } from '../../codex/types.js';
import { EventQueue } from './event-queue.js';
import { parseServerFrame, terminalKind } from './frames.js';

export type DialResult =
  | { ok: true; connection: WsConnection; headers: Record<string, string> }
  | { ok: false; reason: 'refused'; status: number; headers: Record<string, string>; bodyText: string }
  | { ok: false; reason: 'timeout' | 'network'; message: string };

export interface DialOptions {
  url: string;
  headers: Record<string, string>;
  /** Deadline for the 101 (Codex: 15 s). */
  timeoutMs: number;
  signal?: AbortSignal;
  now?: () => number;
}

/** The socket closed (or failed) before the turn's terminal event. */
export class WsClosedError extends Error {
  override name = 'WsClosedError';
  constructor(
    message: string,
    readonly code: number | undefined,
    /** Whether any server event of this turn had arrived before the close. */
    readonly sawEvent: boolean,
  ) {
    super(message);
  }
}

const flat = (h: Record<string, string | string[] | undefined>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
};

const MAX_REFUSAL_BODY = 64 * 1024;

export function dial(o: DialOptions): Promise<DialResult> {
  return new Promise((resolve) => {
    let settled = false;
    let upgradeHeaders: Record<string, string> = {};
    const ws = new WebSocket(o.url, { headers: o.headers, perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    const finish = (r: DialResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onAbort = (): void => {
      ws.terminate();
      finish({ ok: false, reason: 'network', message: 'aborted' });
    };
    const timer = setTimeout(() => {
      ws.terminate();
      finish({ ok: false, reason: 'timeout', message: `no WebSocket handshake within ${o.timeoutMs} ms` });
    }, o.timeoutMs);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    ws.on('upgrade', (res) => {
      upgradeHeaders = flat(res.headers);
    });
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_REFUSAL_BODY) chunks.push(c);
      });
      const done = (): void => {
        finish({ ok: false, reason: 'refused', status: res.statusCode ?? 0, headers: flat(res.headers), bodyText: Buffer.concat(chunks).toString('utf8') });
        ws.terminate();
      };
      res.on('end', done);
      res.on('error', done);
    });
    ws.on('open', () => finish({ ok: true, connection: new WsConnection(ws, o.now ?? Date.now), headers: upgradeHeaders }));
    ws.on('error', (e) => finish({ ok: false, reason: 'network', message: e.message }));
  });
}

export class WsConnection {
  readonly openedAt: number;
  private turn: { queue: EventQueue<ResponsesStreamEvent>; sawEvent: boolean } | null = null;
  private closed = false;
  private closeCode: number | undefined;
  private lastSignalAt: number;
  private pingTimer: NodeJS.Timeout | undefined;
  /** Server frames that were not JSON events (skipped). */
  malformedFrames = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly now: () => number,
  ) {
    this.openedAt = now();
    this.lastSignalAt = this.openedAt;
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('pong', () => {
      this.lastSignalAt = this.now();
    });
    ws.on('close', (code) => this.onClose(code, `WebSocket closed by the server (${code}) before response.completed`));
    ws.on('error', (e) => this.onClose(undefined, `WebSocket error: ${e.message}`));
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === WebSocket.OPEN;
  }

  get busy(): boolean {
    return this.turn !== null;
  }

  /** Close code the server sent, once closed. */
  get closedWith(): number | undefined {
    return this.closeCode;
  }

  /**
   * Sends one create frame; the returned queue yields this turn's events and ends after the terminal one.
   * Throws synchronously when the socket is busy or not open (the frame never left).
   */
  startTurn(frame: string): EventQueue<ResponsesStreamEvent> {
    if (this.turn) throw new Error('a request is already in flight on this socket');
    if (!this.isOpen) throw new WsClosedError('WebSocket is not open', this.closeCode, false);
    const queue = new EventQueue<ResponsesStreamEvent>();
    this.turn = { queue, sawEvent: false };
    this.lastSignalAt = this.now();
    try {
      this.ws.send(frame, { binary: false });
    } catch (e) {
      this.turn = null;
      throw new WsClosedError(`could not send the frame: ${(e as Error).message}`, undefined, false);
    }
    return queue;
  }

  /** Client ping; also terminates a socket that gave no sign of life for 2.5 intervals. */
  startKeepalive(intervalMs: number): void {
    if (this.pingTimer || intervalMs <= 0) return;
    this.pingTimer = setInterval(() => {
      if (this.now() - this.lastSignalAt > intervalMs * 2.5) return this.terminate();
      if (this.isOpen) this.ws.ping();
    }, intervalMs);
    this.pingTimer.unref();
  }

  /** Graceful close (idle socket). */
  close(): void {
    this.stopKeepalive();
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
    this.onClose(1000, 'WebSocket closed by the proxy');
  }

  /** Hard close (abort, half-read socket, protocol error). */
  terminate(): void {
    this.stopKeepalive();
    this.ws.terminate();
    this.onClose(1006, 'WebSocket terminated by the proxy');
  }

  private stopKeepalive(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    this.lastSignalAt = this.now();
    const parsed = parseServerFrame(data, isBinary);
    if (!parsed.ok) {
      if (parsed.reason === 'binary') return this.terminate();
      this.malformedFrames++;
      return;
    }
    const turn = this.turn;
    if (!turn) return; // a frame outside a turn (e.g. a late timing event): nothing waits for it
    turn.sawEvent = true;
    turn.queue.push(parsed.event);
    if (terminalKind(parsed.event) !== null) {
      this.turn = null;
      turn.queue.end();
    }
  }

  private onClose(code: number | undefined, message: string): void {
    if (!this.closed) {
      this.closed = true;
      this.closeCode = code;
      this.stopKeepalive();
    }
    const turn = this.turn;
    if (turn) {
      this.turn = null;
      turn.queue.end(new WsClosedError(message, code, turn.sawEvent));
    }
  }
}
