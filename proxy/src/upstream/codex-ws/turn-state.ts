/**
 * `x-codex-turn-state` (docs/codex-backend.md, "WebSocket transport": turn state). Pure reducer.
 * An opaque sticky-routing token learned from the server during a turn (header on SSE, a `response.metadata` /
 * `codex.response.metadata` event on WS) and echoed unchanged on every later request of the same turn; never carried
 * into the next user prompt. A "turn" = one Claude Code user prompt and its tool loop: a request whose last input
 * item is a user message (not a function_call_output) starts a new one. First write wins within a turn.
 */
import type { InputItem } from '../../codex/types.js';

export interface TurnState {
  /** The token to echo on this request, if one was learned earlier in the turn. */
  readonly value?: string;
}

export const EMPTY_TURN_STATE: TurnState = {};

/** Whether this request opens a new turn (its last item is new user text). */
export function startsNewTurn(input: readonly InputItem[]): boolean {
  const last = input[input.length - 1];
  return last !== undefined && last.type === 'message' && last.role === 'user';
}

/** The state to use for the next request: reset at a new user prompt, else kept. */
export function beginRequest(state: TurnState, input: readonly InputItem[]): TurnState {
  return startsNewTurn(input) ? EMPTY_TURN_STATE : state;
}

/** Learn a token from the server: first write in a turn wins; empty values are ignored. */
export function learnTurnState(state: TurnState, value: string | undefined): TurnState {
  if (!value || state.value !== undefined) return state;
  return { value };
}
