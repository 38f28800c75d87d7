/** Structured logging with secrets redacted by path; JSON lines on stderr (stdout carries the CLI's own output). */
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["chatgpt-account-id"]',
  '*.accessToken',
  '*.refreshToken',
  '*.idToken',
  'accessToken',
  'refreshToken',
  'idToken',
  'apiKey',
  '*.apiKey',
];

export function createLogger(opts: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    { level: opts.level ?? process.env.LOG_LEVEL ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined },
    (opts.destination as pino.DestinationStream | undefined) ?? pino.destination(2),
  );
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
