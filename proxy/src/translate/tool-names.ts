/**
 * The Codex backend accepts tool names and call ids of at most 64 characters; Claude Code's MCP tools
 * (`mcp__server__tool`) often exceed that. This map shortens them deterministically and reversibly:
 * it is rebuilt from the request's own tool list on every request, so no state is kept between requests.
 */
import { createHash } from 'node:crypto';

export const MAX_UPSTREAM_NAME = 64;

const shortHash = (s: string, n = 8): string => createHash('sha256').update(s).digest('hex').slice(0, n);

/** Deterministic short form of a long name: `mcp__<tool tail>_<hash>` or `<head>_<hash>`, ≤ 64 chars. */
export function shortenName(name: string): string {
  if (name.length <= MAX_UPSTREAM_NAME) return name;
  const hash = shortHash(name);
  const room = MAX_UPSTREAM_NAME - hash.length - 1;
  if (name.startsWith('mcp__')) {
    const tail = name.slice(name.lastIndexOf('__') + 2);
    const candidate = `mcp__${tail}`.slice(0, room);
    return `${candidate}_${hash}`;
  }
  return `${name.slice(0, room)}_${hash}`;
}

/** Call ids (tool_use ids) longer than 64 chars are shortened the same way; shorter ids pass unchanged. */
export function shortenCallId(id: string): string {
  if (id.length <= MAX_UPSTREAM_NAME) return id;
  return `${id.slice(0, MAX_UPSTREAM_NAME - 17)}_${shortHash(id, 16)}`;
}

export interface ToolNameMap {
  /** Anthropic tool name → upstream function name. */
  toUpstream(name: string): string;
  /** Upstream function name → the Anthropic tool name the client declared (unknown names pass through). */
  fromUpstream(name: string): string;
}

export function buildToolNameMap(clientNames: Iterable<string>): ToolNameMap {
  const reverse = new Map<string, string>();
  for (const name of clientNames) reverse.set(shortenName(name), name);
  return {
    toUpstream: (name) => shortenName(name),
    fromUpstream: (name) => reverse.get(name) ?? name,
  };
}
