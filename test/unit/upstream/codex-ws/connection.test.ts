import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dial, WsClosedError, type WsConnection } from '../../../../proxy/src/upstream/codex-ws/connection.js';

let server: WebSocketServer | undefined;
const conns: WsConnection[] = [];

async function serve(opts: { autoPong?: boolean; onMessage?: (sock: WebSocket, data: string) => void } = {}): Promise<string> {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1', autoPong: opts.autoPong ?? true });
  server.on('connection', (sock) => sock.on('message', (d) => opts.onMessage?.(sock, String(d))));
  await new Promise((r) => server!.once('listening', r));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}
async function open(url: string): Promise<WsConnection> {
  const d = await dial({ url, headers: {}, timeoutMs: 2000 });
  if (!d.ok) throw new Error(d.reason);
  conns.push(d.connection);
  return d.connection;
}
afterEach(async () => {
  for (const c of conns.splice(0)) c.terminate();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

describe('WsConnection', () => {
  it('one turn at a time: a second startTurn while busy throws; the queue ends after the terminal', async () => {
    const url = await serve({
      onMessage: (sock) => {
        sock.send('{"type":"response.created"}');
        sock.send('not json');
        sock.send('{"type":"response.completed","response":{"id":"r1"}}');
      },
    });
    const c = await open(url);
    const q = c.startTurn('{"type":"response.create"}');
    expect(c.busy).toBe(true);
    expect(() => c.startTurn('{}')).toThrow(/in flight/);
    const types: string[] = [];
    for (let r = await q.next(); !r.done; r = await q.next()) types.push(r.value.type);
    expect(types).toEqual(['response.created', 'response.completed']);
    expect(c.busy).toBe(false);
    expect(c.malformedFrames).toBe(1);
  });
  it('a close before the terminal ends the turn with WsClosedError (and says whether an event was seen)', async () => {
    const url = await serve({ onMessage: (sock) => sock.close(1011) });
    const c = await open(url);
    const q = c.startTurn('{}');
    const err = await q.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WsClosedError);
    expect(err).toMatchObject({ code: 1011, sawEvent: false });
    expect(c.isOpen).toBe(false);
  });
  it('a binary frame from the server is a protocol error: the socket is terminated', async () => {
    const url = await serve({ onMessage: (sock) => sock.send(Buffer.from('{"type":"x"}'), { binary: true }) });
    const c = await open(url);
    const q = c.startTurn('{}');
    await expect(q.next()).rejects.toBeInstanceOf(WsClosedError);
  });
  it('client pings keep the socket alive; a server that stops answering is terminated after 2.5 intervals', async () => {
    let pings = 0;
    const url = await serve({ autoPong: false });
    server!.on('connection', (sock) => sock.on('ping', () => pings++));
    const c = await open(url);
    c.startKeepalive(20);
    await new Promise((r) => setTimeout(r, 200));
    expect(pings).toBeGreaterThan(0);
    expect(c.isOpen).toBe(false);
  });
  it('dial: a refused upgrade returns status, headers and body; a silent server times out', async () => {
    const http = await import('node:http');
    const srv = http.createServer();
    srv.on('upgrade', (_req, sock) => sock.end('HTTP/1.1 426 Upgrade Required\r\ncontent-type: application/json\r\nx-codex-primary-used-percent: 9\r\ncontent-length: 2\r\n\r\n{}'));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const url = `ws://127.0.0.1:${(srv.address() as AddressInfo).port}/`;
    expect(await dial({ url, headers: {}, timeoutMs: 2000 })).toMatchObject({ ok: false, reason: 'refused', status: 426, bodyText: '{}', headers: { 'x-codex-primary-used-percent': '9' } });
    srv.removeAllListeners('upgrade');
    const held: import('node:stream').Duplex[] = [];
    srv.on('upgrade', (_req, sock) => void held.push(sock));
    expect(await dial({ url, headers: {}, timeoutMs: 100 })).toMatchObject({ ok: false, reason: 'timeout' });
    for (const sock of held) sock.destroy();
    await new Promise((r) => srv.close(r));
  });
});
