/**
 * Builds well-ordered Codex Responses stream events (docs/codex-backend.md §6.2 ordering) from a compact script,
 * for translator tests and fakes.
 */
import type { ResponsesStreamEvent, ResponsesUsage } from '../../proxy/src/codex/types.js';

export type ScriptItem =
  | { kind: 'message'; id?: string; deltas: string[]; refusal?: boolean }
  | { kind: 'reasoning'; id?: string; summary: string[][]; encrypted?: string | null }
  | { kind: 'function_call'; id?: string; callId: string; name: string; deltas: string[]; full?: string }
  | { kind: 'web_search'; id?: string; query: string; sources?: { url: string; title?: string }[] };

export type Terminal =
  | { type: 'completed'; usage?: ResponsesUsage | null }
  | { type: 'incomplete'; reason: string; usage?: ResponsesUsage | null }
  | { type: 'failed'; code: string; message: string }
  | { type: 'error'; code: string; message: string }
  | { type: 'none' };

export function finalItem(it: ScriptItem, i: number): Record<string, unknown> {
  const id = it.id ?? `${it.kind}_${i}`;
  switch (it.kind) {
    case 'message': {
      const text = it.deltas.join('');
      return {
        id,
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [it.refusal ? { type: 'refusal', refusal: text } : { type: 'output_text', annotations: [], text }],
      };
    }
    case 'reasoning':
      return {
        id,
        type: 'reasoning',
        summary: it.summary.map((p) => ({ type: 'summary_text', text: p.join('') })),
        ...(it.encrypted === null ? {} : { encrypted_content: it.encrypted ?? `enc_${id}` }),
      };
    case 'function_call':
      return { id, type: 'function_call', status: 'completed', call_id: it.callId, name: it.name, arguments: it.full ?? it.deltas.join('') };
    case 'web_search':
      return {
        id,
        type: 'web_search_call',
        status: 'completed',
        action: { type: 'search', query: it.query, ...(it.sources ? { sources: it.sources.map((s) => ({ type: 'url', ...s })) } : {}) },
      };
  }
}

function addedItem(it: ScriptItem, i: number): Record<string, unknown> {
  const f = finalItem(it, i);
  switch (it.kind) {
    case 'message':
      return { ...f, status: 'in_progress', content: [] };
    case 'reasoning':
      return { id: f.id, type: 'reasoning', summary: [] };
    case 'function_call':
      return { ...f, status: 'in_progress', arguments: '' };
    case 'web_search':
      return { id: f.id, type: 'web_search_call', status: 'in_progress' };
  }
}

export function buildResponsesEvents(items: ScriptItem[], terminal: Terminal = { type: 'completed' }): ResponsesStreamEvent[] {
  const evs: Record<string, unknown>[] = [];
  const responseBase = { id: 'resp_test', object: 'response', model: 'gpt-test' };
  evs.push({ type: 'response.created', response: { ...responseBase, status: 'in_progress', output: [], usage: null } });
  evs.push({ type: 'response.in_progress', response: { ...responseBase, status: 'in_progress', output: [], usage: null } });
  items.forEach((it, i) => {
    const item_id = finalItem(it, i).id;
    const at = { item_id, output_index: i };
    evs.push({ type: 'response.output_item.added', output_index: i, item: addedItem(it, i) });
    switch (it.kind) {
      case 'message': {
        const kind = it.refusal ? 'refusal' : 'output_text';
        const text = it.deltas.join('');
        const part = it.refusal ? { type: 'refusal', refusal: '' } : { type: 'output_text', annotations: [], text: '' };
        evs.push({ type: 'response.content_part.added', ...at, content_index: 0, part });
        for (const d of it.deltas) evs.push({ type: `response.${kind}.delta`, ...at, content_index: 0, delta: d, logprobs: [] });
        evs.push({ type: `response.${kind}.done`, ...at, content_index: 0, ...(it.refusal ? { refusal: text } : { text }) });
        evs.push({
          type: 'response.content_part.done',
          ...at,
          content_index: 0,
          part: it.refusal ? { type: 'refusal', refusal: text } : { type: 'output_text', annotations: [], text },
        });
        break;
      }
      case 'reasoning':
        it.summary.forEach((deltas, s) => {
          evs.push({ type: 'response.reasoning_summary_part.added', ...at, summary_index: s, part: { type: 'summary_text', text: '' } });
          for (const d of deltas) evs.push({ type: 'response.reasoning_summary_text.delta', ...at, summary_index: s, delta: d });
          evs.push({ type: 'response.reasoning_summary_text.done', ...at, summary_index: s, text: deltas.join('') });
          evs.push({ type: 'response.reasoning_summary_part.done', ...at, summary_index: s, part: { type: 'summary_text', text: deltas.join('') } });
        });
        break;
      case 'function_call':
        for (const d of it.deltas) evs.push({ type: 'response.function_call_arguments.delta', ...at, delta: d });
        evs.push({ type: 'response.function_call_arguments.done', ...at, arguments: it.full ?? it.deltas.join('') });
        break;
      case 'web_search':
        evs.push({ type: 'response.web_search_call.in_progress', ...at });
        evs.push({ type: 'response.web_search_call.searching', ...at });
        evs.push({ type: 'response.web_search_call.completed', ...at });
        break;
    }
    evs.push({ type: 'response.output_item.done', output_index: i, item: finalItem(it, i) });
  });
  const output = items.map((it, i) => finalItem(it, i));
  switch (terminal.type) {
    case 'completed':
      evs.push({ type: 'response.completed', response: { ...responseBase, status: 'completed', output, usage: terminal.usage ?? null } });
      break;
    case 'incomplete':
      evs.push({
        type: 'response.incomplete',
        response: { ...responseBase, status: 'incomplete', incomplete_details: { reason: terminal.reason }, output, usage: terminal.usage ?? null },
      });
      break;
    case 'failed':
      evs.push({
        type: 'response.failed',
        response: { ...responseBase, status: 'failed', error: { code: terminal.code, message: terminal.message }, output: [], usage: null },
      });
      break;
    case 'error':
      evs.push({ type: 'error', code: terminal.code, message: terminal.message, param: null });
      break;
    case 'none':
      break;
  }
  return evs.map((e, n) => ({ ...e, sequence_number: n }) as ResponsesStreamEvent);
}
