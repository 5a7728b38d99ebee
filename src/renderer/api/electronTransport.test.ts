import { describe, expect, it } from 'vitest';
import type { RawBridge } from '../../shared/contract';
import { CallError } from '../../shared/errors';
import { createElectronTransport } from './electronTransport';

function fakeBridge(answer: (name: string, input: unknown) => Promise<unknown>): RawBridge {
  return new Proxy({} as RawBridge, {
    get: (_target, name: string) => (name === 'on' ? () => () => undefined : (input: unknown) => answer(name, input)),
  });
}

describe('Electron transport', () => {
  it('unwraps a value envelope', async () => {
    const { client } = createElectronTransport(fakeBridge(async () => ({ ok: true, value: [1] })));
    await expect(client['hosts.list']({})).resolves.toEqual([1]);
  });

  it('throws a CallError with the code of an error envelope', async () => {
    const bridge = fakeBridge(async () => ({ ok: false, error: { code: 'DOCKER_UNREACHABLE', message: 'socket gone' } }));
    const error = await createElectronTransport(bridge)
      .client['containers.list']({})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallError);
    expect((error as CallError).code).toBe('DOCKER_UNREACHABLE');
  });

  it('keeps the issues of a VALIDATION envelope', async () => {
    const issues = [{ path: 'sourceDir', message: 'must be at most 4096 characters' }];
    const bridge = fakeBridge(async () => ({ ok: false, error: { code: 'VALIDATION', message: 'Invalid input', issues } }));
    await expect(createElectronTransport(bridge).client['workloads.createSite']({ name: 'Blog' })).rejects.toMatchObject({ code: 'VALIDATION', issues });
  });

  it('settles a cancelled call at once, whatever IPC answers later', async () => {
    let answerLate: (value: unknown) => void = () => undefined;
    const bridge = fakeBridge(() => new Promise((resolve) => (answerLate = resolve)));
    const controller = new AbortController();
    const call = createElectronTransport(bridge).client['containers.list']({}, { signal: controller.signal });
    controller.abort();
    answerLate({ ok: true, value: ['stale'] });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports the connection as always open', () => {
    const { connection } = createElectronTransport(fakeBridge(async () => null));
    expect(connection.status()).toEqual({ state: 'open' });
  });
});
