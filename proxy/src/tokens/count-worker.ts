/** Worker-thread entry: counts the tokens of one count_tokens request per message (the tokenizer loads here). */
import { parentPort } from 'node:worker_threads';
import type { CountTokensRequest } from '../anthropic/request.js';
import { countRequestTokens } from '../translate/count-tokens.js';

parentPort?.on('message', (req: Pick<CountTokensRequest, 'system' | 'messages' | 'tools'>) => {
  try {
    parentPort?.postMessage({ ok: true, value: countRequestTokens(req) });
  } catch (e) {
    parentPort?.postMessage({ ok: false, message: (e as Error).message });
  }
});
