// What the RFC 2136 provider does with answers a real server would never send: a local TCP
// receiver on 127.0.0.1 plays an impostor (or a broken server) and the provider must not believe
// it. An update is only "done" when the answer carries a valid TSIG over our request's MAC.
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { OPCODE, RCODE, decodeMessage, encodeMessage, flagsOf } from './dnsWire';
import { Rfc2136Provider } from './rfc2136Provider';

const key = { name: 'tf-key', algorithm: 'hmac-sha256' as const, secret: Buffer.alloc(32, 3) };
const record = { name: 'a.z.test', type: 'A' as const, address: '192.0.2.1', ttl: 300 };
let server: Server | null = null;

/** A server that answers each framed request with `reply(request)` (null: hang; 'close': hang up). */
async function impostor(reply: (request: Buffer) => Buffer | null | 'close'): Promise<number> {
  server = createServer((socket: Socket) => {
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 2 || buf.length < 2 + buf.readUInt16BE(0)) return;
      const answer = reply(buf.subarray(2, 2 + buf.readUInt16BE(0)));
      if (answer === 'close') socket.destroy();
      else if (answer) {
        const frame = Buffer.alloc(2);
        frame.writeUInt16BE(Math.min(answer.length, 0xffff));
        socket.write(Buffer.concat([frame, answer]));
      }
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const provider = (port: number) => new Rfc2136Provider({ server: { host: '127.0.0.1', port }, zone: 'z.test', key, timeoutMs: 500 });

/** A well-formed, unsigned NOERROR answer to the request. */
function unsignedOk(request: Buffer, id = decodeMessage(request).id): Buffer {
  const req = decodeMessage(request);
  return encodeMessage({
    id,
    flags: flagsOf({ response: true, opcode: OPCODE.UPDATE, rcode: RCODE.NOERROR }),
    questions: req.questions,
    answers: [],
    authorities: [],
    additionals: [],
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

describe('Rfc2136Provider against answers it must not trust', () => {
  it('refuses an unsigned "NOERROR" for an update: an impostor cannot make it believe a record exists', async () => {
    const error = await failure(provider(await impostor((req) => unsignedOk(req))).create(record));
    expect(error.code).toBe('DNS_AUTH_FAILED');
    expect(error.details).toMatchObject({ reason: 'unsigned' });
  });

  it('refuses an answer to another question (another id) and bytes that are not DNS', async () => {
    expect((await failure(provider(await impostor((req) => unsignedOk(req, (decodeMessage(req).id + 1) & 0xffff))).test())).message).toContain(
      'answered another question',
    );
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    expect((await failure(provider(await impostor(() => Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).test())).code).toBe('DNS_PROTOCOL');
  });

  it('says the server is unreachable when it hangs up or never answers, within the time limit', async () => {
    expect((await failure(provider(await impostor(() => 'close')).test())).code).toBe('DNS_UNREACHABLE');
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const started = Date.now();
    const hung = await failure(provider(await impostor(() => null)).test());
    expect(hung.code).toBe('DNS_UNREACHABLE');
    expect(hung.message).toContain('did not answer');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('sends nothing for a name outside its zone', async () => {
    let asked = 0;
    const port = await impostor((req) => {
      asked += 1;
      return unsignedOk(req);
    });
    expect((await failure(provider(port).create({ ...record, name: 'a.other.test' }))).code).toBe('DNS_REFUSED');
    expect(asked).toBe(0);
  });
});
