// dialRequest ends every exchange: a server that accepts and never answers, or one that cuts the
// answer short, gives an error within the bound instead of a hang.
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DialAgent } from './dialAgent';
import { localDial } from './dialer';
import { dialRequest } from './dialRequest';

let server: Server | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

function listen(onConnection: (socket: Socket) => void): Promise<number> {
  server = createServer((socket) => {
    sockets.push(socket);
    onConnection(socket);
  });
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port)));
}

const agent = new DialAgent(localDial, 'test');

describe('dialRequest', () => {
  it('reads a whole answer', async () => {
    const port = await listen((s) => s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok')));
    expect(await dialRequest({ agent, host: '127.0.0.1', port, path: '/', timeoutMs: 2_000 })).toEqual({ status: 200, text: 'ok' });
  });

  it('gives up on a server that accepts and says nothing, within the bound', async () => {
    const port = await listen(() => undefined);
    const started = Date.now();
    await expect(dialRequest({ agent, host: '127.0.0.1', port, path: '/', timeoutMs: 300 })).rejects.toThrow(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('fails when the answer is cut short', async () => {
    const port = await listen((s) => s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial')));
    await expect(dialRequest({ agent, host: '127.0.0.1', port, path: '/', timeoutMs: 2_000 })).rejects.toThrow();
  });

  it('fails at once when the dial is refused', async () => {
    const refusing = new DialAgent(() => Promise.reject(new Error('host h is not connected')), 'refusing');
    await expect(dialRequest({ agent: refusing, host: '127.0.0.1', port: 1, path: '/', timeoutMs: 5_000 })).rejects.toThrow(/host h is not connected/);
  });

  it('does not show the dial closure when inspected (docker-modem inspects request options deeply)', async () => {
    const { inspect } = await import('node:util');
    expect(inspect({ agent }, { showHidden: true, depth: null })).toContain('DialAgent(test)');
  });
});
