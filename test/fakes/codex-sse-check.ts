/**
 * Checks a parsed Codex SSE event list against the ordering rules of spec §6.1–§6.2.
 * Returns a list of problems (empty = valid). Used by the fake's own tests and usable on fixtures.
 */

export interface ParsedSseEvent {
  event?: string;
  data: Record<string, unknown>;
}

/** Parses `event: x\ndata: {...}\n\n` text (tolerates \r\n, comments and multi-line data). */
export function parseSseText(text: string): ParsedSseEvent[] {
  const out: ParsedSseEvent[] = [];
  for (const block of text.replace(/\r\n/g, '\n').split('\n\n')) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0) continue;
    out.push({ event, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
  }
  return out;
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);
const IGNORABLE = new Set(['codex.rate_limits', 'response.metadata']);

type Phase =
  | { kind: 'none' }
  | { kind: 'item'; type: string; id: string; index: number; sub: string };

export function checkEventOrder(events: ParsedSseEvent[]): string[] {
  const problems: string[] = [];
  const p = (i: number, msg: string): void => void problems.push(`#${i} ${events[i]?.data.type as string}: ${msg}`);
  let phase: Phase = { kind: 'none' };
  let nextIndex = 0;
  let terminalAt = -1;

  events.forEach((e, i) => {
    const d = e.data;
    const type = d.type;
    if (typeof type !== 'string') return p(i, 'missing type');
    if (e.event !== undefined && e.event !== type) p(i, `event line '${e.event}' differs from data.type`);
    if (d.sequence_number !== i) p(i, `sequence_number ${String(d.sequence_number)} != ${i}`);
    if (terminalAt >= 0) return p(i, 'event after the terminal event');
    if (i === 0 && type !== 'response.created') p(i, 'first event must be response.created');
    if (i === 1 && type !== 'response.in_progress' && !TERMINAL.has(type)) p(i, 'second event must be response.in_progress');
    if (IGNORABLE.has(type) || type === 'response.created' || type === 'response.in_progress') {
      if (phase.kind === 'item' && (type === 'response.created' || type === 'response.in_progress')) p(i, 'inside an item');
      return;
    }
    if (TERMINAL.has(type)) {
      terminalAt = i;
      if (phase.kind === 'item') p(i, `terminal event while item ${phase.index} is open`);
      if (type !== 'error') {
        const resp = d.response as Record<string, unknown> | undefined;
        const output = resp?.output;
        if (!Array.isArray(output)) p(i, 'response.output missing');
        else if (type === 'response.completed' && output.length !== nextIndex) p(i, `output has ${output.length} items, ${nextIndex} streamed`);
        if (type !== 'response.failed' && (resp?.usage === undefined || resp.usage === null)) p(i, 'usage missing');
      }
      return;
    }
    if (type === 'response.output_item.added') {
      if (phase.kind === 'item') return p(i, `item ${phase.index} not done`);
      const item = d.item as Record<string, unknown> | undefined;
      if (d.output_index !== nextIndex) p(i, `output_index ${String(d.output_index)} != ${nextIndex}`);
      if (!item || typeof item.id !== 'string' || typeof item.type !== 'string') return p(i, 'item without id/type');
      phase = { kind: 'item', type: item.type, id: item.id, index: nextIndex, sub: 'open' };
      return;
    }
    if (phase.kind !== 'item') return p(i, 'outside of an item');
    const cur = phase;
    if (d.output_index !== cur.index) p(i, `output_index ${String(d.output_index)} != ${cur.index}`);
    if (type === 'response.output_item.done') {
      const item = d.item as Record<string, unknown> | undefined;
      if (item?.id !== cur.id) p(i, 'item id differs from added');
      const closable = cur.type === 'function_call' ? 'open_args_done' : 'open';
      if (cur.sub !== closable) p(i, `item closed while ${cur.sub}`);
      if (cur.type === 'reasoning' && typeof item?.encrypted_content !== 'string') p(i, 'reasoning without encrypted_content');
      phase = { kind: 'none' };
      nextIndex++;
      return;
    }
    if (d.item_id !== cur.id) p(i, `item_id ${String(d.item_id)} != ${cur.id}`);
    const expect = (subs: string[], next: string): void => {
      if (!subs.includes(cur.sub)) p(i, `unexpected after ${cur.sub}`);
      cur.sub = next;
    };
    switch (`${cur.type}|${type}`) {
      case 'message|response.content_part.added':
        return expect(['open'], 'part');
      case 'message|response.output_text.delta':
      case 'message|response.refusal.delta':
        return expect(['part'], 'part');
      case 'message|response.output_text.done':
      case 'message|response.refusal.done':
        return expect(['part'], 'part_text_done');
      case 'message|response.content_part.done':
        return expect(['part_text_done'], 'open');
      case 'function_call|response.function_call_arguments.delta':
        return expect(['open', 'args'], 'args');
      case 'function_call|response.function_call_arguments.done':
        return expect(['open', 'args'], 'open_args_done');
      case 'reasoning|response.reasoning_summary_part.added':
        return expect(['open'], 'summary');
      case 'reasoning|response.reasoning_summary_text.delta':
        return expect(['summary'], 'summary');
      case 'reasoning|response.reasoning_summary_text.done':
        return expect(['summary'], 'summary_text_done');
      case 'reasoning|response.reasoning_summary_part.done':
        return expect(['summary_text_done'], 'open');
      case 'web_search_call|response.web_search_call.in_progress':
      case 'web_search_call|response.web_search_call.searching':
      case 'web_search_call|response.web_search_call.completed':
        return expect(['open'], 'open');
      default:
        return p(i, `not allowed inside a ${cur.type} item`);
    }
  });
  if (terminalAt < 0) problems.push('no terminal event');
  return problems;
}
