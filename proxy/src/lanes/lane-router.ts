/** Which lane serves a /v1/messages request: the Haiku lane for haiku-family models when it is configured. */
import type { MessagesRequest } from '../anthropic/request.js';
import { modelFamily } from '../routing/model-family.js';
import type { HaikuLaneSettings } from '../settings.js';
import { needsServerTools } from '../translate/messages-to-chat.js';

/** Enabled, a model set, a haiku-family id, and no server tool (web search) that only Codex provides. */
export function wantsHaikuLane(req: Pick<MessagesRequest, 'model' | 'tools'>, lane: HaikuLaneSettings): boolean {
  return lane.enabled && !!lane.model && modelFamily(req.model) === 'haiku' && !needsServerTools(req);
}
