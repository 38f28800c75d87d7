/**
 * The JSON body parser of every route: express.json with a size limit, plus a nesting-depth limit checked on the
 * raw bytes before parsing (a linear scan), so a 10 000-deep body is a 400 decided here instead of a
 * "Maximum call stack size exceeded" somewhere in a validator or translator.
 */
import express, { type RequestHandler } from 'express';
import { isJsonContentType } from './guards.js';

/** Deepest nesting of arrays / objects accepted (tool schemas of real clients stay far below). */
export const MAX_JSON_DEPTH = 128;

export class BodyTooDeepError extends Error {
  override name = 'BodyTooDeepError';
  readonly status = 400;
  readonly type = 'entity.too.deep';
  readonly expose = true;
  constructor(maxDepth: number) {
    super(`JSON nested deeper than ${maxDepth} levels`);
  }
}

/** The deepest `[` / `{` nesting in JSON text, ignoring brackets inside strings; stops counting above `cap`. */
export function jsonDepth(buf: Uint8Array, cap = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        max = depth;
        if (max > cap) return max;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

export function jsonBody(o: { limit: string; maxDepth?: number }): RequestHandler {
  const maxDepth = o.maxDepth ?? MAX_JSON_DEPTH;
  return express.json({
    limit: o.limit,
    type: (req) => isJsonContentType(req.headers['content-type']),
    verify: (_req, _res, buf) => {
      if (jsonDepth(buf, maxDepth) > maxDepth) throw new BodyTooDeepError(maxDepth);
    },
  });
}
