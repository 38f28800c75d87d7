/** Error envelopes: Anthropic `{type:'error', error:{type,message}}` on /v1/messages*, plain JSON on /api. */
import type { Response } from 'express';
import type { AnthropicErrorResponse } from '../anthropic/errors.js';
import { newId } from '../pipeline/ids.js';

export function sendAnthropicError(res: Response, e: AnthropicErrorResponse): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(e.status).set(e.headers).json({
    type: 'error',
    error: { type: e.type, message: e.message },
    request_id: newId('req'),
  });
}

export function invalidRequest(message: string): AnthropicErrorResponse {
  return { status: 400, type: 'invalid_request_error', message, headers: { 'x-should-retry': 'false' } };
}
