// One DNS exchange over TCP (RFC 1035 4.2.2, RFC 7766): each message framed by a 2-byte length.
// TCP rather than UDP: an UPDATE with TSIG is never truncated, and a lost datagram can never leave
// us guessing whether an update landed.
import { connect } from 'node:net';
import { AppError } from '../../../shared/errors';

export interface DnsServer {
  host: string;
  port: number;
}

/** The largest answer we read: ours are a few records; this bounds a hostile server's. */
const MAX_ANSWER = 65_535;

export function exchangeTcp(server: DnsServer, message: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: server.host, port: server.port });
    const chunks: Buffer[] = [];
    let received = 0;
    const where = `${server.host}:${server.port}`;
    const fail = (error: AppError) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onAbort = () => fail(new AppError('DNS_UNREACHABLE', `the DNS exchange with ${where} was cancelled: Tinyforge is closing.`, { server: where }));
    const timer = setTimeout(
      () => fail(new AppError('DNS_UNREACHABLE', `the DNS server ${where} did not answer within ${Math.round(timeoutMs / 1000)} s.`, { server: where })),
      timeoutMs,
    );
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => {
      const frame = Buffer.alloc(2);
      frame.writeUInt16BE(message.length);
      socket.write(Buffer.concat([frame, message]));
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      const all = Buffer.concat(chunks);
      if (all.length < 2) return;
      const length = all.readUInt16BE(0);
      if (length > MAX_ANSWER || received > MAX_ANSWER + 2)
        return fail(new AppError('DNS_PROTOCOL', `the DNS server ${where} sent an oversized answer.`, { server: where }));
      if (all.length >= 2 + length) {
        cleanup();
        socket.end();
        resolve(all.subarray(2, 2 + length));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      fail(
        new AppError('DNS_UNREACHABLE', `could not reach the DNS server ${where}: ${error.code ?? error.message}.`, {
          server: where,
          cause: error.code ?? 'error',
        }),
      ),
    );
    socket.on('close', () => fail(new AppError('DNS_UNREACHABLE', `the DNS server ${where} closed the connection without an answer.`, { server: where })));
  });
}
