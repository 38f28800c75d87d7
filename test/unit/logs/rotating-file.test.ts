import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../proxy/src/logs/logger.js';
import { RotatingFile } from '../../../proxy/src/logs/rotating-file.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('RotatingFile', () => {
  it('creates the folder and a 0600 file, appends, and rotates by size keeping `keep` old files', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ccp-log-'));
    const file = path.join(dir, 'Logs', 'proxy.log');
    const out = new RotatingFile(file, { maxBytes: 20, keep: 2 });
    for (const line of ['aaaaaaaaa\n', 'bbbbbbbbb\n', 'ccccccccc\n', 'ddddddddd\n', 'eeeeeeeee\n', 'fffffffff\n', 'ggggggggg\n']) {
      out.writeNow(Buffer.from(line));
    }
    out.flush();
    expect(readFileSync(file, 'utf8')).toBe('ggggggggg\n');
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('eeeeeeeee\nfffffffff\n');
    expect(readFileSync(`${file}.2`, 'utf8')).toBe('ccccccccc\nddddddddd\n');
    expect(existsSync(`${file}.3`)).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('continues an existing file, and a logger writing to it redacts secrets like the stderr logger', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ccp-log-'));
    const file = path.join(dir, 'proxy.log');
    const first = new RotatingFile(file);
    first.writeNow(Buffer.from('old\n'));
    const out = new RotatingFile(file);
    const logger = createLogger({ level: 'info', destination: out });
    logger.info({ headers: { authorization: 'Bearer sk-secret-123' }, refreshToken: 'rt-secret', account: 'acct_1' }, 'request');
    await new Promise<void>((resolve) => out.end(resolve));
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('old\n')).toBe(true);
    const line = JSON.parse(text.split('\n')[1]!) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'request', account: 'acct_1', refreshToken: '[redacted]', headers: { authorization: '[redacted]' } });
    expect(text).not.toContain('secret');
  });
});
