/**
 * Routing returns a plan: the ordered upstream attempts of one request. The executor runs any plan with one
 * failover loop (pipeline/execute.ts). Today's rules: a haiku-family request goes to the Haiku lane (a `chat`
 * upstream) when the lane is enabled and has a model, and falls back to Codex when `fallbackToCodex` is on;
 * everything else — and any request that needs a Codex-only feature — is one `codex` step (which itself tries
 * every eligible account).
 */
import type { ChatEndpoint } from '../upstream/chat/index.js';
import { modelFamily } from './model-family.js';

export type PlanStep =
  | { upstream: 'chat'; lane: 'haiku'; model: string; endpoint: ChatEndpoint }
  | { upstream: 'codex' };

/** The Haiku lane as the router needs it: null when disabled or unusable. */
export interface LaneRoute {
  enabled: boolean;
  model: string | null;
  fallbackToCodex: boolean;
  endpoint: ChatEndpoint;
}

export interface PlanInput {
  clientModel: string;
  /** The request needs something only Codex provides (web search …). */
  codexOnly: boolean;
  /** The client dialect can talk to a chat upstream. */
  chatCapable: boolean;
}

export function planRequest(req: PlanInput, lane: LaneRoute | null): PlanStep[] {
  const codex: PlanStep = { upstream: 'codex' };
  if (!lane || !wantsLane(req, lane)) return [codex];
  const chat: PlanStep = { upstream: 'chat', lane: 'haiku', model: lane.model!, endpoint: lane.endpoint };
  return lane.fallbackToCodex ? [chat, codex] : [chat];
}

/** Enabled, a model set, a haiku-family id, a dialect that speaks chat, and no Codex-only feature. */
export function wantsLane(req: PlanInput, lane: Pick<LaneRoute, 'enabled' | 'model'>): boolean {
  return lane.enabled && !!lane.model && req.chatCapable && !req.codexOnly && modelFamily(req.clientModel) === 'haiku';
}
