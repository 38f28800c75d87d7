/** Error envelopes: Anthropic `{type:'error', error:{type,message}}` on /v1/messages*, `{error:{code,message}}` on /api. */
import type { Request, Response } from 'express';
import { failureOf } from '../contract/call.js';
import { ContractError, HTTP_STATUS } from '../contract/errors.js';
import type { Logger } from '../logs/logger.js';
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

/** The /api error shape: `{ error: { code, message } }` with the code's status (contract/errors.ts). */
export function sendContractError(res: Response, e: ContractError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(HTTP_STATUS[e.code]).json({ error: { code: e.code, message: e.message } });
}

/** Wraps an async /api handler: whatever it throws is answered in the /api shape (an internal failure is logged). */
export function contractHandler(
  logger: Pick<Logger, 'error'>,
  fn: (req: Request, res: Response) => Promise<unknown>,
): (req: Request, res: Response) => void {
  return (req, res) => {
    fn(req, res).catch((e: unknown) => sendContractError(res, failureOf(e, logger, `${req.method} ${req.originalUrl.split('?')[0]}`)));
  };
}

/** The /api 404 for a path no route knows. */
export function notFound(_req: Request, res: Response): void {
  sendContractError(res, new ContractError('not_found', 'not found'));
}
