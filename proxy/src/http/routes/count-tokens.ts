/** POST /v1/messages/count_tokens: a real o200k count of system, messages, tools and images. */
import type { Request, Response } from 'express';
import { parseCountTokensRequest } from '../../anthropic/request.js';
import { countRequestTokens } from '../../translate/count-tokens.js';
import { invalidRequest, sendAnthropicError } from '../errors.js';

export function countTokensHandler() {
  return (req: Request, res: Response): void => {
    const parsed = parseCountTokensRequest(req.body);
    if (!parsed.ok) return sendAnthropicError(res, invalidRequest(parsed.message));
    res.json({ input_tokens: countRequestTokens(parsed.value) });
  };
}
