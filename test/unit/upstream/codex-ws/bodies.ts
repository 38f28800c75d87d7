/** Request bodies shared by the codex-ws unit tests. */
import type { InputItem, ResponsesRequest } from '../../../../proxy/src/codex/types.js';

export const user = (text: string): InputItem => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
export const baseBody = (input: InputItem[] = [user('hi')]): ResponsesRequest => ({
  model: 'gpt-5.6-sol',
  instructions: 'Be brief.',
  input,
  tools: [],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  reasoning: { effort: 'medium', summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'sess-1',
});
