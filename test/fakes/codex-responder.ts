/**
 * The fake's default "tiny model": answers from the last input item so the real Claude Code CLI can be
 * scripted through the proxy with magic words (RUN_BASH:, READ_FILE:, READ_TWO:, WEB_SEARCH:, THINK).
 */
import type { OutputSpec, Scenario } from './codex-sse.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const DEFAULT_REPLY = 'Hello from the fake Codex backend.';

/** Joins the text of a message `content` / function_call_output `output` (string or parts). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isObj)
    .map((p) => (typeof p.text === 'string' ? p.text : ''))
    .filter(Boolean)
    .join('\n');
}

/** Fills a JSON schema with placeholder values ("Fake title" for strings). */
export function fillSchema(schema: unknown, depth = 0): unknown {
  if (!isObj(schema) || depth > 8) return 'Fake title';
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const alt = (Array.isArray(schema.anyOf) && schema.anyOf[0]) || (Array.isArray(schema.oneOf) && schema.oneOf[0]);
  if (alt) return fillSchema(alt, depth + 1);
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? type[0];
  if (type === undefined && isObj(schema.properties)) type = 'object';
  switch (type) {
    case 'string':
      return 'Fake title';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: min }, () => fillSchema(schema.items, depth + 1));
    }
    case 'object': {
      const out: Obj = {};
      if (isObj(schema.properties)) {
        for (const [k, v] of Object.entries(schema.properties)) out[k] = fillSchema(v, depth + 1);
      }
      return out;
    }
    default:
      return 'Fake title';
  }
}

function toolName(body: Obj, wanted: string): string {
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObj) : [];
  const names = tools.filter((t) => t.type === 'function' && typeof t.name === 'string').map((t) => t.name as string);
  return names.find((n) => n === wanted) ?? names.find((n) => n.toLowerCase() === wanted.toLowerCase()) ?? wanted;
}

function isUserMessage(item: Obj): boolean {
  return (item.type === 'message' || item.type === undefined) && item.role === 'user';
}

/** The default responder: see the project brief / spec §11. */
export function defaultResponder(req: { body: unknown }): Scenario {
  const body: Obj = isObj(req.body) ? req.body : {};
  const input = Array.isArray(body.input) ? body.input.filter(isObj) : [];
  const reasoning = isObj(body.reasoning) ? body.reasoning : undefined;
  const textCfg = isObj(body.text) ? body.text : undefined;
  const format = textCfg && isObj(textCfg.format) ? textCfg.format : undefined;
  const jsonSchema = format?.type === 'json_schema' ? format.schema : undefined;
  const text = (t: string): OutputSpec => ({ type: 'text', text: jsonSchema !== undefined ? JSON.stringify(fillSchema(jsonSchema)) : t });

  const items: OutputSpec[] = [];
  let thinks = false;

  const last = input[input.length - 1];
  if (last && last.type === 'function_call_output') {
    const outputs: string[] = [];
    for (let i = input.length - 1; i >= 0 && input[i]?.type === 'function_call_output'; i--) {
      outputs.unshift(contentText(input[i]?.output));
    }
    items.push(text(`Tool said: ${outputs.join('\n')}`));
  } else {
    const lastUser = [...input].reverse().find(isUserMessage);
    const said = lastUser ? contentText(lastUser.content) : '';
    let m: RegExpExecArray | null;
    if ((m = /RUN_BASH:([^\n]+)/.exec(said))) {
      items.push({
        type: 'function_call',
        name: toolName(body, 'Bash'),
        arguments: JSON.stringify({ command: (m[1] ?? '').trim(), description: 'Run the command' }),
      });
    } else if (/RUN_BASH/.test(said)) {
      items.push({ type: 'function_call', name: toolName(body, 'Bash'), arguments: JSON.stringify({ command: 'echo hi', description: 'Run the command' }) });
    } else if ((m = /READ_TWO:([^,\n]+),([^\n]+)/.exec(said))) {
      const name = toolName(body, 'Read');
      items.push({ type: 'function_call', name, arguments: JSON.stringify({ file_path: (m[1] ?? '').trim() }) });
      items.push({ type: 'function_call', name, arguments: JSON.stringify({ file_path: (m[2] ?? '').trim() }) });
    } else if ((m = /READ_FILE:([^\n]+)/.exec(said))) {
      items.push({ type: 'function_call', name: toolName(body, 'Read'), arguments: JSON.stringify({ file_path: (m[1] ?? '').trim() }) });
    } else if ((m = /WEB_SEARCH:([^\n]+)/.exec(said))) {
      const query = (m[1] ?? '').trim();
      items.push({
        type: 'web_search',
        query,
        sources: [{ url: `https://example.com/search?q=${encodeURIComponent(query)}`, title: `Fake result for ${query}` }],
      });
      items.push(text(`Here is what I found about ${query}.`));
    } else if (/\bTHINK\b/.test(said)) {
      thinks = true;
      items.push({ type: 'reasoning', summary: ['**Thinking it over**\n\nThe fake model considers the request carefully.'] });
      items.push(text('I thought about it.'));
    } else {
      items.push(text(DEFAULT_REPLY));
    }
  }

  if (reasoning && !thinks) {
    const wantsSummary = typeof reasoning.summary === 'string' && reasoning.summary !== 'none';
    items.unshift({ type: 'reasoning', summary: wantsSummary ? ['**Planning the answer**\n\nThe fake model decides what to say.'] : [] });
  }
  return { kind: 'stream', items };
}
