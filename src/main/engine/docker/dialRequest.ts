// One small HTTP exchange through a DialAgent, bounded as a whole: connect, send, and the full
// answer must fit in `timeoutMs`, so a dead SSH link or a silent upstream ends in an error, not a hang.
import { request } from 'node:http';
import type { Agent } from 'node:http';

export interface DialRequest {
  agent: Agent;
  host: string;
  port: number;
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
}

export interface DialResponse {
  status: number;
  text: string;
}

/** Answers larger than this are cut off: the admin API and health paths say little. */
const MAX_BODY = 4 * 1024 * 1024;

export function dialRequest(input: DialRequest): Promise<DialResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, response?: DialResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response!);
    };
    const req = request(
      {
        agent: input.agent,
        host: input.host,
        port: input.port,
        method: input.method ?? 'GET',
        path: input.path,
        headers: { ...input.headers, ...(input.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(input.body)) }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY) chunks.push(chunk);
        });
        res.on('end', () => finish(null, { status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => finish(error));
        res.on('aborted', () => finish(new Error('the connection closed before the answer was complete')));
      },
    );
    const timer = setTimeout(() => {
      const error = new Error(`no answer within ${input.timeoutMs} ms`);
      error.name = 'TimeoutError';
      finish(error);
      req.destroy(error);
    }, input.timeoutMs);
    req.on('error', (error) => finish(error));
    req.on('close', () => finish(new Error('the connection closed before an answer')));
    if (input.body !== undefined) req.write(input.body);
    req.end();
  });
}
