/**
 * Reading one turn off a socket: the side events (quota, turn state) are consumed here and never forwarded;
 * everything else is a Responses event for the translators. Two halves:
 *   `peekTurn`   reads until the first output event or a terminal, so nothing has reached the client yet and
 *                the caller can still retry on a fresh socket or fall back to SSE;
 *   `restOfTurn` yields the buffered events and then the rest, and settles the socket when the turn ends.
 */
import type { OutputItem, ResponsesStreamEvent } from '../../codex/types.js';
import type { EventQueue } from './event-queue.js';
import { isSideEvent, terminalKind, type TurnEnd } from './frames.js';
import { WsClosedError } from './connection.js';

export interface TurnHooks {
  /** A `codex.rate_limits` / `(codex.)response.metadata` / timing event. */
  onSideEvent(e: ResponsesStreamEvent): void;
}

export type Peek =
  | { kind: 'events'; buffered: ResponsesStreamEvent[]; terminal: TurnEnd | null }
  | { kind: 'closed'; error: WsClosedError }
  | { kind: 'aborted' };

const isOutputEvent = (e: ResponsesStreamEvent): boolean => e.type.startsWith('response.output') || e.type.startsWith('response.reasoning') || e.type.startsWith('response.content_part') || e.type.startsWith('response.function_call') || e.type.startsWith('response.refusal') || e.type.startsWith('response.web_search');

export async function peekTurn(queue: EventQueue<ResponsesStreamEvent>, signal: AbortSignal, hooks: TurnHooks): Promise<Peek> {
  const buffered: ResponsesStreamEvent[] = [];
  for (;;) {
    let r: IteratorResult<ResponsesStreamEvent>;
    try {
      r = await queue.next();
    } catch (e) {
      if (signal.aborted) return { kind: 'aborted' };
      return { kind: 'closed', error: e instanceof WsClosedError ? e : new WsClosedError(String(e), undefined, buffered.length > 0) };
    }
    if (signal.aborted) return { kind: 'aborted' };
    if (r.done) return { kind: 'events', buffered, terminal: null };
    const e = r.value;
    if (isSideEvent(e)) {
      hooks.onSideEvent(e);
      continue;
    }
    buffered.push(e);
    const t = terminalKind(e);
    if (t !== null) return { kind: 'events', buffered, terminal: t };
    if (isOutputEvent(e)) return { kind: 'events', buffered, terminal: null };
  }
}

/** Output items of a completed response: `response.output`, else the `output_item.done` items seen. */
export function completedOutput(terminal: ResponsesStreamEvent, seen: OutputItem[]): OutputItem[] {
  const out = terminal.response?.output;
  return Array.isArray(out) && out.length > 0 ? out : seen;
}

export interface TurnSettlement {
  /** The turn ended with `response.completed`: the socket is idle and may keep this anchor. */
  completed(responseId: string | undefined, output: OutputItem[]): void;
  /** Ended with a failure terminal the socket survives (`response.failed` / `response.incomplete`). */
  endedIdle(): void;
  /** Anything else (close, error frame, abort, consumer stopped early): the socket must not be reused. */
  evict(): void;
}

export async function* restOfTurn(
  buffered: ResponsesStreamEvent[],
  queue: EventQueue<ResponsesStreamEvent>,
  signal: AbortSignal,
  hooks: TurnHooks,
  settle: TurnSettlement,
): AsyncGenerator<ResponsesStreamEvent> {
  const seen: OutputItem[] = [];
  let settled = false;
  const end = (e: ResponsesStreamEvent): boolean => {
    if (e.type === 'response.output_item.done' && e.item) seen.push(e.item);
    const t = terminalKind(e);
    if (t === null) return false;
    settled = true;
    if (t === 'completed') settle.completed(e.response?.id, completedOutput(e, seen));
    else if (t === 'error') settle.evict();
    else settle.endedIdle();
    return true;
  };
  try {
    for (const e of buffered) {
      yield e;
      if (end(e)) return;
    }
    for (;;) {
      let r: IteratorResult<ResponsesStreamEvent>;
      try {
        r = await queue.next();
      } catch (err) {
        settled = true;
        settle.evict();
        if (signal.aborted) throw new Error('aborted by the client');
        throw err;
      }
      if (r.done) return;
      const e = r.value;
      if (isSideEvent(e)) {
        hooks.onSideEvent(e);
        continue;
      }
      yield e;
      if (end(e)) return;
    }
  } finally {
    if (!settled) settle.evict(); // consumer stopped early: the rest of the turn would corrupt the next one
  }
}
