import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../fakes/codex-catalog.js';
import { checkEventOrder, parseSseText } from '../../fakes/codex-sse-check.js';
import { buildStream, formatSse, splitChunks, type StreamScenario } from '../../fakes/codex-sse.js';
import { minimalClassicRequest, validateResponsesRequest } from '../../fakes/codex-validate.js';
import { fillSchema } from '../../fakes/codex-responder.js';

const catalog = defaultCatalog();

/** Spec §4.4 minimal classic request. */
const minimalRequest = minimalClassicRequest;

/** Spec §5.3 worked example. */
const workedExample = {
  model: 'gpt-5.6-sol',
  instructions: '<Claude Code system prompt>',
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: '8b0a',
  tool_choice: 'auto',
  parallel_tool_calls: true,
  reasoning: { effort: 'high', summary: 'auto' },
  tools: [
    {
      type: 'function',
      name: 'Read',
      description: 'Read a file',
      strict: false,
      parameters: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
    },
  ],
  input: [
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is in $TMPDIR/a.txt?' }] },
    { type: 'reasoning', summary: [{ type: 'summary_text', text: '**Reading file**' }], content: null, encrypted_content: 'gAAAAB...' },
    { type: 'function_call', call_id: 'toolu_01AbC', name: 'Read', arguments: '{"file_path":"$TMPDIR/a.txt"}' },
    { type: 'function_call_output', call_id: 'toolu_01AbC', output: 'hello world\n' },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'It contains "hello world".' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Uppercase it.' }] },
  ],
};

describe('validateResponsesRequest (offline)', () => {
  it('accepts the §4.4 minimal request and the §5.3 worked example', () => {
    expect(validateResponsesRequest(minimalRequest(), { catalog })).toEqual({ ok: true, reasoningReplays: 0 });
    expect(validateResponsesRequest(workedExample, { catalog }).ok).toBe(true);
  });

  it('accepts rich but legal inputs (images, files, array tool output, ids, web_search tool)', () => {
    const body = {
      ...minimalRequest(),
      tools: [{ type: 'web_search' }, { type: 'function', name: 'Bash', description: 'x', strict: false, parameters: { type: 'object' } }],
      tool_choice: { type: 'function', name: 'Bash' },
      text: { verbosity: 'low', format: { type: 'json_schema', name: 'title', strict: true, schema: { type: 'object' } } },
      input: [
        { type: 'message', role: 'developer', content: 'be brief' },
        {
          type: 'message',
          id: 'msg_1',
          role: 'user',
          content: [
            { type: 'input_text', text: 'look' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' },
            { type: 'input_image', image_url: 'https://example.com/a.png' },
            { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'x.pdf' },
          ],
        },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'Bash', arguments: '{}', status: 'completed' },
        { type: 'function_call_output', call_id: 'call_1', output: [{ type: 'input_text', text: 'ok' }, { type: 'input_image', image_url: 'data:image/jpeg;base64,/9j/' }] },
        { type: 'message', role: 'assistant', phase: 'final_answer', content: [{ type: 'output_text', text: 'done', annotations: [] }] },
      ],
    };
    const r = validateResponsesRequest(body, { catalog });
    expect(r).toEqual({ ok: true, reasoningReplays: 0 });
  });

  it('honours requireInstructions=false (absence ok, null still rejected)', () => {
    const { instructions: _drop, ...noInstr } = minimalRequest();
    expect(validateResponsesRequest(noInstr, { catalog, requireInstructions: false }).ok).toBe(true);
    expect(validateResponsesRequest(noInstr, { catalog })).toMatchObject({ status: 400, body: { detail: 'Instructions are required' } });
    const r = validateResponsesRequest({ ...minimalRequest(), instructions: null }, { catalog, requireInstructions: false });
    expect(r).toMatchObject({ ok: false, status: 400 });
  });

  it.each([
    ['assistant with input_text', { type: 'message', role: 'assistant', content: [{ type: 'input_text', text: 'x' }] }, 'input[0].content[0]'],
    ['user with output_text', { type: 'message', role: 'user', content: [{ type: 'output_text', text: 'x' }] }, 'input[0].content[0]'],
    ['bad role', { type: 'message', role: 'tool', content: 'x' }, 'input[0].role'],
    ['unknown item type', { type: 'tool_result', tool_use_id: 'x' }, 'input[0].type'],
    ['image not a URL', { type: 'message', role: 'user', content: [{ type: 'input_image', image_url: 'iVBORw0KGgo=' }] }, 'input[0].content[0].image_url'],
    ['image data URL with non-image mime', { type: 'message', role: 'user', content: [{ type: 'input_image', image_url: 'data:application/pdf;base64,AAAA' }] }, 'input[0].content[0].image_url'],
    ['file_data not a data URL', { type: 'message', role: 'user', content: [{ type: 'input_file', file_data: 'JVBERi0=', filename: 'x.pdf' }] }, 'input[0].content[0].file_data'],
    ['arguments as object', { type: 'function_call', call_id: 'c', name: 'Bash', arguments: { a: 1 } }, 'input[0].arguments'],
    ['reasoning without summary', { type: 'reasoning', encrypted_content: 'gAAAAB' }, 'input[0].summary'],
  ])('rejects %s', (_name, item, param) => {
    const r = validateResponsesRequest({ ...minimalRequest(), input: [item] }, { catalog });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.status).toBe(400);
      expect((r.body as { error: { param: string } }).error.param).toBe(param);
    }
  });

  it('rejects tool_choice problems and bad tools', () => {
    const bad = (patch: Record<string, unknown>): unknown => {
      const r = validateResponsesRequest({ ...minimalRequest(), ...patch }, { catalog });
      return r.ok ? null : r.body;
    };
    expect(bad({ tool_choice: { type: 'function', name: 'Nope' } })).toMatchObject({ error: { param: 'tool_choice' } });
    expect(bad({ tool_choice: 'any' })).toMatchObject({ error: { code: 'invalid_value', param: 'tool_choice' } });
    expect(bad({ tool_choice: 'required' })).toMatchObject({ error: { param: 'tool_choice' } });
    expect(bad({ tools: [{ type: 'function', name: 'a', parameters: {}, input_schema: {} }] })).toMatchObject({
      error: { code: 'unknown_parameter', param: 'tools[0].input_schema' },
    });
    expect(bad({ tools: [{ type: 'web_search_20250305', name: 'web_search' }] })).toMatchObject({ error: { param: 'tools[0].type' } });
    expect(bad({ tools: [{ type: 'function', name: 'has space', parameters: {} }] })).toMatchObject({ error: { param: 'tools[0].name' } });
    expect(bad({ reasoning: { effort: 'medium', budget_tokens: 10 } })).toMatchObject({ error: { param: 'reasoning.budget_tokens' } });
    expect(bad({ text: { format: { type: 'json_schema', schema: {} } } })).toMatchObject({ error: { param: 'text.format.name' } });
    expect(bad({ include: ['reasoning.summary'] })).toMatchObject({ error: { param: 'include[0]' } });
  });

  it('rejects duplicate item ids and reasoning items that only reference an id', () => {
    const dup = validateResponsesRequest(
      {
        ...minimalRequest(),
        input: [
          { type: 'message', id: 'msg_a', role: 'user', content: 'x' },
          { type: 'message', id: 'msg_a', role: 'user', content: 'y' },
        ],
      },
      { catalog },
    );
    expect(dup).toMatchObject({ ok: false, status: 400 });
    const ref = validateResponsesRequest({ ...minimalRequest(), input: [{ type: 'reasoning', id: 'rs_1', summary: [] }] }, { catalog });
    expect(ref).toMatchObject({ ok: false, status: 404 });
  });
});

describe('SSE builder and order checker', () => {
  const fixtureDir = fileURLToPath(new URL('../../fixtures/codex-sse/', import.meta.url));
  it.each(readdirSync(fixtureDir).filter((f) => f.endsWith('.sse')))('fixture %s passes the order checker', (file) => {
    const events = parseSseText(readFileSync(fixtureDir + file, 'utf8'));
    expect(checkEventOrder(events)).toEqual([]);
  });

  it('builds valid streams for every item kind and end', () => {
    const ends: StreamScenario['end'][] = ['completed', 'incomplete_max_tokens', 'incomplete_content_filter', 'failed', 'error_event'];
    for (const end of ends) {
      const blobs: string[] = [];
      const built = buildStream(
        {
          kind: 'stream',
          end,
          codexRateLimitsEvent: true,
          items: [
            { type: 'reasoning', summary: ['**A**\n\nfirst', 'second'] },
            { type: 'reasoning' },
            { type: 'web_search', query: 'q', sources: [{ url: 'https://a.example', title: 'A' }] },
            { type: 'text', text: 'Hello there, world', chunks: 5 },
            { type: 'refusal', text: 'I cannot help with that.' },
            { type: 'function_call', name: 'Bash', arguments: '{"command":"ls"}', callId: 'call_x', chunks: 3 },
            { type: 'function_call', name: 'Read', arguments: '{"file_path":"/a"}' },
          ],
        },
        { model: 'gpt-5.6-sol', request: {}, inputTokens: 10, registerReasoning: (b) => blobs.push(b) },
      );
      const all = [...built.preamble, ...built.items.flat(), ...(built.terminal ? [built.terminal] : [])];
      const parsed = parseSseText(all.map(formatSse).join(''));
      expect(checkEventOrder(parsed), String(end)).toEqual([]);
      expect(blobs).toHaveLength(2);
      expect(blobs.every((b) => b.startsWith('gAAAAB') && !b.includes('.'))).toBe(true);
    }
  });

  it('splits chunks without losing text', () => {
    expect(splitChunks('héllo 🌍 world', 4).join('')).toBe('héllo 🌍 world');
    expect(splitChunks('ab', 5)).toEqual(['a', 'b']);
  });

  it('fills simple JSON schemas', () => {
    expect(fillSchema({ type: 'object', properties: { title: { type: 'string' }, n: { type: 'integer' }, tags: { type: 'array' } } })).toEqual({
      title: 'Fake title',
      n: 1,
      tags: [],
    });
  });
});

describe('order checker catches violations', () => {
  it('flags missing terminal, bad sequence numbers and interleaved items', () => {
    const built = buildStream(
      { kind: 'stream', items: [{ type: 'text', text: 'a b' }, { type: 'function_call', name: 'X', arguments: '{}' }] },
      { model: 'm', request: {}, inputTokens: 1, registerReasoning: () => undefined },
    );
    const ev = [...built.preamble, ...built.items.flat()];
    expect(checkEventOrder(parseSseText(ev.map(formatSse).join('')))).toContain('no terminal event');
    const swapped = [...built.preamble, ...(built.items[1] ?? []), ...(built.items[0] ?? []), built.terminal!];
    expect(checkEventOrder(parseSseText(swapped.map(formatSse).join(''))).length).toBeGreaterThan(0);
    const dropDone = [...built.preamble, ...(built.items[0] ?? []).slice(0, -1), built.terminal!];
    expect(checkEventOrder(parseSseText(dropDone.map(formatSse).join(''))).length).toBeGreaterThan(0);
  });
});
