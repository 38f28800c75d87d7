/**
 * The prefix-diff diagnostic (docs/codex-backend.md, "WebSocket transport": prefix diff). Pure and content-free:
 * a request is reduced to hashes (instructions, tools, the other knobs, one per input item), and two fingerprints
 * are compared to say how the new request relates to the previous one of the session — first, identical, appended
 * N items, or rewrote the last N items (and added M) — plus which non-input parts changed. That explains cache
 * misses (a rewrite loses everything after the rewritten point) without ever keeping prompt text.
 */
import { createHash } from 'node:crypto';
import type { CreateBody } from './frames.js';
import { itemKey, stableJson } from './item-keys.js';

export interface RequestFingerprint {
  instructions: string;
  tools: string;
  /** model, reasoning, text, tool_choice, … (everything but input, instructions, tools, client_metadata) */
  settings: string;
  items: string[];
}

export type PrefixRelation =
  | { kind: 'first' }
  | { kind: 'identical' }
  | { kind: 'appended'; added: number }
  | { kind: 'rewrote'; kept: number; rewritten: number; added: number };

export interface PrefixDiff {
  relation: PrefixRelation;
  instructionsChanged: boolean;
  toolsChanged: boolean;
  settingsChanged: boolean;
  /** Items in the new request. */
  items: number;
}

const hash = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 16);

export function fingerprint(body: CreateBody): RequestFingerprint {
  const { input, instructions, tools, client_metadata: _cm, ...settings } = body;
  return {
    instructions: hash(instructions ?? ''),
    tools: hash(stableJson(tools ?? [])),
    settings: hash(stableJson(settings)),
    items: input.map((i) => hash(itemKey(i) ?? stableJson(i))),
  };
}

export function diffFingerprints(prev: RequestFingerprint | undefined, next: RequestFingerprint): PrefixDiff {
  if (!prev) return { relation: { kind: 'first' }, instructionsChanged: false, toolsChanged: false, settingsChanged: false, items: next.items.length };
  let kept = 0;
  while (kept < prev.items.length && kept < next.items.length && prev.items[kept] === next.items[kept]) kept++;
  const rewritten = prev.items.length - kept;
  const added = next.items.length - kept;
  let relation: PrefixRelation;
  if (rewritten === 0 && added === 0) relation = { kind: 'identical' };
  else if (rewritten === 0) relation = { kind: 'appended', added };
  else relation = { kind: 'rewrote', kept, rewritten, added };
  return {
    relation,
    instructionsChanged: prev.instructions !== next.instructions,
    toolsChanged: prev.tools !== next.tools,
    settingsChanged: prev.settings !== next.settings,
    items: next.items.length,
  };
}

/** Per-session memory of the last fingerprint (bounded; oldest session forgotten first). */
export class PrefixDiffBook {
  private readonly last = new Map<string, RequestFingerprint>();
  constructor(private readonly maxSessions = 256) {}

  /** Records `body` for `sessionKey` and returns how it relates to the previous request of that session. */
  observe(sessionKey: string, body: CreateBody): PrefixDiff {
    const fp = fingerprint(body);
    const diff = diffFingerprints(this.last.get(sessionKey), fp);
    this.last.delete(sessionKey);
    this.last.set(sessionKey, fp);
    if (this.last.size > this.maxSessions) {
      const oldest = this.last.keys().next().value;
      if (oldest !== undefined) this.last.delete(oldest);
    }
    return diff;
  }
}
