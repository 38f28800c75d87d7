/**
 * Canonical, id-free identity of Responses items, shared by the continuation planner and the prefix diff.
 * Pure. Two items with the same key carry the same meaning for the model: server-assigned `id`s and `status`
 * are ignored, an assistant message is its text, a reasoning item its encrypted content, a function call its
 * call id + name + arguments. Keys are deterministic JSON (sorted object keys).
 */
import type { InputItem, OutputItem } from '../../codex/types.js';

/** JSON with object keys sorted at every level, so equal values always serialize equally. */
export function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
}

type Loose = { type?: unknown; [k: string]: unknown };

const textOf = (content: unknown): string =>
  Array.isArray(content)
    ? content
        .map((p) => {
          const part = p as Loose;
          return typeof part.text === 'string' ? part.text : typeof part.refusal === 'string' ? part.refusal : '';
        })
        .join('')
    : typeof content === 'string'
      ? content
      : '';

/** The key of one item, or null for an item that carries nothing to replay (e.g. reasoning without content). */
export function itemKey(item: InputItem | OutputItem): string | null {
  const it = item as unknown as Loose;
  switch (it.type) {
    case 'message':
      if (it.role === 'assistant') return stableJson({ t: 'assistant', text: textOf(it.content) });
      return stableJson({ t: 'message', role: it.role, content: it.content });
    case 'reasoning':
      return typeof it.encrypted_content === 'string' && it.encrypted_content
        ? stableJson({ t: 'reasoning', enc: it.encrypted_content })
        : null;
    case 'function_call':
      return stableJson({ t: 'function_call', call_id: it.call_id, name: it.name, arguments: it.arguments ?? '' });
    case 'function_call_output':
      return stableJson({ t: 'function_call_output', call_id: it.call_id, output: it.output });
    default: {
      const { id: _id, status: _status, ...rest } = it;
      return stableJson(rest);
    }
  }
}
