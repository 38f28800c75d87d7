/**
 * A size-rotating log file as a pino destination (the app's `~/Library/Logs/Codex Claude Proxy/proxy.log`; a
 * packaged app has no stderr anyone reads). `proxy.log` grows to `maxBytes`, then becomes `proxy.log.1` (older ones
 * shift up to `keep`, the oldest is deleted). Writes are synchronous appends of whole lines (pino hands over one line
 * per write), so a crash loses nothing already logged and `flush()` only has to fsync.
 *
 * Redaction is the logger's (logger.ts REDACT_PATHS): build the logger with `createLogger({ destination })` and the
 * file receives exactly the redacted lines stderr gets.
 */
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';

export interface RotatingFileOptions {
  /** Default 5 MiB. */
  maxBytes?: number;
  /** Rotated files kept besides the current one. Default 3. */
  keep?: number;
}

export class RotatingFile extends Writable {
  private fd: number;
  private size: number;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(
    readonly file: string,
    o: RotatingFileOptions = {},
  ) {
    super({ decodeStrings: true });
    this.maxBytes = o.maxBytes ?? 5 * 1024 * 1024;
    this.keep = Math.max(1, o.keep ?? 3);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.fd = openSync(file, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    try {
      this.writeNow(chunk);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  /** Appends synchronously (also what pino's `flushSync` paths call). */
  writeNow(chunk: Buffer): void {
    if (this.size > 0 && this.size + chunk.length > this.maxBytes) this.rotate();
    writeSync(this.fd, chunk);
    this.size += chunk.length;
  }

  /** Makes everything written so far durable. */
  flush(): void {
    fsyncSync(this.fd);
  }

  override _final(cb: (err?: Error | null) => void): void {
    try {
      this.flush();
      closeSync(this.fd);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(`${this.file}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      try {
        renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
      } catch {
        // a gap in the sequence (never rotated that far yet)
      }
    }
    renameSync(this.file, `${this.file}.1`);
    this.fd = openSync(this.file, 'a', 0o600);
    this.size = 0;
  }
}

/** stderr (for `npm run start:app` in a terminal) plus the rotating file, as one destination for createLogger. */
export function stderrAndFile(file: RotatingFile): NodeJS.WritableStream {
  // pino's multistream result is a DestinationStream (write only); createLogger takes it as its destination.
  return pino.multistream([{ stream: pino.destination(2) }, { stream: file }]) as unknown as NodeJS.WritableStream;
}
