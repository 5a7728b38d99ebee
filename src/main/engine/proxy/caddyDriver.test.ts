// The Caddy driver's image pull, against a fake dockerode whose registry never answers: ensure()
// must give up within the pull's stall bound instead of hanging the proxy reconcile and every
// deploy's route step behind it. The driver against a real Caddy: caddy.docker.test.ts.
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import Modem from 'docker-modem';
import { describe, expect, it } from 'vitest';
import { CaddyDriver } from './caddyDriver';

const notFound = () => Promise.reject(Object.assign(new Error('no such thing'), { statusCode: 404 }));

describe('CaddyDriver', () => {
  it('gives up pulling its image when the registry goes silent, with the stall bound named', async () => {
    const stream = new PassThrough();
    let signal: AbortSignal | undefined;
    const docker = {
      modem: new Modem({ socketPath: '/nonexistent' }),
      listNetworks: async () => [{ Name: 'tf-proxy' }],
      getContainer: () => ({ inspect: notFound }),
      getImage: () => ({ inspect: notFound }),
      // dockerd accepted the pull and then says nothing, as it does for a registry that hangs.
      pull: async (_image: string, opts?: { abortSignal?: AbortSignal }) => {
        signal = opts?.abortSignal;
        signal?.addEventListener('abort', () => stream.destroy());
        return stream;
      },
    } as unknown as Dockerode;
    const caddy = new CaddyDriver({ docker, image: 'caddy:2', network: 'tf-proxy', pull: { stallMs: 200, timeoutMs: 5_000 } });

    const started = Date.now();
    await expect(caddy.ensure()).rejects.toThrow(/^pulling caddy:2 made no progress for 200 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(signal?.aborted).toBe(true);
    await caddy.close();
  }, 3_000);
});
