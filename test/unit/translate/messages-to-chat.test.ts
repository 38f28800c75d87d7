import { describe, expect, it } from 'vitest';
import { parseMessagesRequest, type MessagesRequest } from '../../../proxy/src/anthropic/request.js';
import { LANE_THINKING_SIGNATURE, MAX_LANE_TOKENS, messagesToChatRequest, needsServerTools } from '../../../proxy/src/translate/messages-to-chat.js';
import { encodeThinkingSignature } from '../../../proxy/src/translate/thinking-signature.js';
import { shortenName } from '../../../proxy/src/translate/tool-names.js';
import { validateChatRequest } from '../../fakes/openrouter.js';

function req(body: Record<string, unknown>): MessagesRequest {
  const r = parseMessagesRequest({ model: 'claude-haiku-5-5', max_tokens: 128_000, ...body });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('messagesToChatRequest', () => {
  it('maps system (billing header removed), text and request knobs', () => {
    const { body } = messagesToChatRequest(
      req({
        system: [{ type: 'text', text: 'x-anthropic-billing-header: cc_version=1;' }, { type: 'text', text: 'Be brief.' }],
        messages: [{ role: 'user', content: 'Hi' }, { role: 'system', content: 'mid rule' }],
        temperature: 0.3,
        stop_sequences: ['</done>'],
        metadata: { user_id: 'u' },
      }),
      'vendor/model',
    );
    expect(body).toEqual({
      model: 'vendor/model',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: MAX_LANE_TOKENS,
      temperature: 0.3,
      stop: ['</done>'],
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'mid rule' },
      ],
    });
    expect(validateChatRequest(body)).toBeNull();
  });

  it('maps images, documents, tool calls, tool results (errors, images) and drops every thinking block', () => {
    const long = `mcp__srv__${'z'.repeat(70)}`;
    const { body, report, toolNames } = messagesToChatRequest(
      req({
        tools: [
          { name: long, description: 'long tool', input_schema: { $schema: 'x', type: 'object', properties: { q: { type: 'string' } } } },
          { name: 'Read', input_schema: { type: 'object', properties: {} } },
        ],
        tool_choice: { type: 'any', disable_parallel_tool_use: true },
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' }, title: 'spec' },
              { type: 'text', text: 'look' },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'codex thought', signature: encodeThinkingSignature('acct', 'enc') },
              { type: 'thinking', thinking: 'lane thought', signature: LANE_THINKING_SIGNATURE },
              { type: 'text', text: 'Calling.' },
              { type: 'tool_use', id: 'toolu_1', name: long, input: { q: 'a' } },
              { type: 'tool_use', id: 'toolu_2', name: 'Read', input: {} },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_1', content: 'failed', is_error: true },
              { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'pic' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'BBBB' } }] },
              { type: 'text', text: 'and?' },
            ],
          },
        ],
      }),
      'm',
    );
    const name = shortenName(long);
    expect(toolNames.fromUpstream(name)).toBe(long);
    expect(body.tools).toEqual([
      { type: 'function', function: { name, description: 'long tool', parameters: { type: 'object', properties: { q: { type: 'string' } } } } },
      { type: 'function', function: { name: 'Read', description: '', parameters: { type: 'object', properties: {} } } },
    ]);
    expect(body.tool_choice).toBe('required');
    expect(body.parallel_tool_calls).toBe(false);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
          { type: 'file', file: { filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBE' } },
          { type: 'text', text: 'look' },
        ],
      },
      {
        role: 'assistant',
        content: 'Calling.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name, arguments: '{"q":"a"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'Read', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'Error: failed' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'pic' },
      { role: 'user', content: [{ type: 'text', text: '[Images returned by the tool calls above]' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,BBBB' } }] },
      { role: 'user', content: 'and?' },
    ]);
    expect(report.droppedThinking).toBe(2);
    expect(validateChatRequest(body)).toBeNull();
  });

  it('repairs pairing (missing results, orphans) so the upstream accepts the history', () => {
    const { body } = messagesToChatRequest(
      req({
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: {} }] },
          { role: 'user', content: 'never mind' },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'gone', content: 'late' }] },
        ],
      }),
      'm',
    );
    expect(body.messages.slice(1)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'Read', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 't1', content: '(no result)' },
      { role: 'user', content: 'never mind' },
      { role: 'user', content: '[Previous tool result; call_id=gone]: late' },
    ]);
    expect(validateChatRequest(body)).toBeNull();
  });

  it('maps thinking to reasoning effort and output_config.format to response_format', () => {
    const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false };
    const { body, thinkingMode } = messagesToChatRequest(
      req({ thinking: { type: 'adaptive' }, output_config: { effort: 'high', format: { type: 'json_schema', schema } }, messages: [{ role: 'user', content: 'x' }] }),
      'm',
    );
    expect(body.reasoning).toEqual({ effort: 'high' });
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'output', strict: true, schema } });
    expect(thinkingMode).toBe('show');
    expect(messagesToChatRequest(req({ messages: [{ role: 'user', content: 'x' }] }), 'm').body).not.toHaveProperty('reasoning');
  });

  it('spots server tools (web search) that only Codex can run', () => {
    expect(needsServerTools({ tools: [{ type: 'web_search_20250305', name: 'web_search' }] })).toBe(true);
    expect(needsServerTools({ tools: [{ name: 'Read', input_schema: {} }] })).toBe(false);
    expect(needsServerTools({})).toBe(false);
  });
});
