/**
 * The pairing invariant of the Responses input (docs/codex-backend.md §5.2 rule 5):
 * - every `function_call_output` needs an earlier `function_call` with the same `call_id`, else the backend
 *   answers 400 → an orphan (or a second output for an already answered call) is rewritten as a user message
 *   `[Previous <tool> result; call_id=<id>]: <text>` (images/files kept as parts);
 * - every `function_call` needs an output before the conversation moves on → a missing one gets
 *   `output:"(no result)"`.
 *
 * "Moving on" means: a user/developer message, an orphan output, the next assistant turn (an assistant item
 * after outputs have started), or the end of the input. Before inserting a placeholder, real outputs for the
 * open calls found in the immediately following user-side run (messages that are not the assistant's, and
 * outputs) are moved up, so "text before tool_result" or a system entry in between does not lose a pairing.
 */
import type { FunctionCallOutputItem, InputItem, MessageItem } from '../codex/types.js';
import type { ToolNameMap } from './tool-names.js';

export const MISSING_OUTPUT = '(no result)';

export interface PairingCounts {
  repairedOrphanOutputs: number;
  insertedMissingOutputs: number;
}

const isAssistantSide = (item: InputItem): boolean =>
  item.type === 'function_call' || item.type === 'reasoning' || (item.type === 'message' && item.role === 'assistant');

const isUserSide = (item: InputItem): boolean =>
  item.type === 'function_call_output' || (item.type === 'message' && item.role !== 'assistant');

export function missingOutput(callId: string): FunctionCallOutputItem {
  return { type: 'function_call_output', call_id: callId, output: MISSING_OUTPUT };
}

/** An output without its call, as a user message that keeps every part of the result. */
export function orphanOutputAsMessage(item: FunctionCallOutputItem, toolName: string | undefined): MessageItem {
  const header = `[Previous ${toolName ?? 'tool'} result; call_id=${item.call_id}]:`;
  if (typeof item.output === 'string') {
    return { type: 'message', role: 'user', content: [{ type: 'input_text', text: `${header} ${item.output}` }] };
  }
  return { type: 'message', role: 'user', content: [{ type: 'input_text', text: header }, ...item.output] };
}

export function enforceToolCallPairing(items: InputItem[], toolNames: ToolNameMap, counts: PairingCounts): InputItem[] {
  const out: InputItem[] = [];
  const callNames = new Map<string, string>(); // every call_id seen so far → upstream tool name
  const moved = new Set<number>(); // indexes of outputs already moved up
  let open: string[] = []; // calls still waiting for an output, in call order
  let outputsStarted = false;

  const closeOpenCalls = (runStart: number): void => {
    for (let j = runStart; j < items.length && open.length > 0; j++) {
      const next = items[j];
      if (next === undefined || !isUserSide(next)) break;
      if (next.type !== 'function_call_output' || moved.has(j) || !open.includes(next.call_id)) continue;
      out.push(next);
      moved.add(j);
      open = open.filter((id) => id !== next.call_id);
    }
    for (const callId of open) {
      out.push(missingOutput(callId));
      counts.insertedMissingOutputs++;
    }
    open = [];
    outputsStarted = false;
  };

  items.forEach((item, index) => {
    if (moved.has(index)) return;
    if (isAssistantSide(item) && outputsStarted) closeOpenCalls(index);
    switch (item.type) {
      case 'function_call':
        callNames.set(item.call_id, item.name);
        open.push(item.call_id);
        out.push(item);
        return;
      case 'function_call_output':
        if (open.includes(item.call_id)) {
          out.push(item);
          open = open.filter((id) => id !== item.call_id);
          outputsStarted = open.length > 0;
          return;
        }
        closeOpenCalls(index + 1);
        counts.repairedOrphanOutputs++;
        out.push(orphanOutputAsMessage(item, displayName(callNames.get(item.call_id), toolNames)));
        return;
      case 'message':
        if (item.role !== 'assistant' && open.length > 0) closeOpenCalls(index + 1);
        out.push(item);
        return;
      default:
        out.push(item);
    }
  });
  closeOpenCalls(items.length);
  return out;
}

function displayName(upstreamName: string | undefined, toolNames: ToolNameMap): string | undefined {
  return upstreamName === undefined ? undefined : toolNames.fromUpstream(upstreamName);
}
