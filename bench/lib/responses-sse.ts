/**
 * The instant fake's answers as pre-rendered Responses SSE bytes (realistic event shapes from
 * test/helpers/responses-events.ts): a 200×8-character text turn and a tool-call turn.
 */
import { buildResponsesEvents, type ScriptItem } from '../../test/helpers/responses-events.js';

const USAGE = { input_tokens: 1200, input_tokens_details: { cached_tokens: 0 }, output_tokens: 200, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1400 };

function render(items: ScriptItem[]): string {
  return buildResponsesEvents(items, { type: 'completed', usage: USAGE })
    .map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`)
    .join('');
}

/** 200 text deltas of 8 characters each. */
export function textTurnSse(): string {
  const deltas = Array.from({ length: 200 }, (_, i) => `tok${String(i).padStart(4, '0')} `);
  return render([{ kind: 'message', id: 'msg_bench', deltas }]);
}

/** A short reasoning item, a sentence, then a Read tool call whose arguments arrive in 20 deltas. */
export function toolTurnSse(): string {
  const args = JSON.stringify({ file_path: '/scratch/project/src/some/deeply/nested/module/file-name.ts', offset: 120, limit: 400 });
  const step = Math.ceil(args.length / 20);
  const deltas = Array.from({ length: Math.ceil(args.length / step) }, (_, i) => args.slice(i * step, (i + 1) * step));
  return render([
    { kind: 'reasoning', id: 'rs_bench', summary: [], encrypted: 'gAAAAABbenchEncryptedReasoning==' },
    { kind: 'message', id: 'msg_bench', deltas: ['Let me ', 'read the ', 'file.'] },
    { kind: 'function_call', id: 'fc_bench', callId: 'call_bench1', name: 'Read', deltas },
  ]);
}

/** Splits an SSE text into its head (through the first text delta) and the rest, for held streams. */
export function splitAfterFirstDelta(sse: string): [string, string] {
  const at = sse.indexOf('.delta"');
  const end = sse.indexOf('\n\n', at) + 2;
  return [sse.slice(0, end), sse.slice(end)];
}
