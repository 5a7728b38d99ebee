import { describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../shared/contract';
import { abortable, buildClient } from './client';

describe('buildClient', () => {
  it('has one function per call in the contract, each sending its own name', async () => {
    const sent: string[] = [];
    const client = buildClient(
      async (name) => {
        sent.push(name);
        return null;
      },
      () => () => undefined,
    );
    for (const name of CALL_NAMES) await (client[name] as (input: object) => Promise<unknown>)({});
    expect(sent).toEqual(CALL_NAMES);
  });

  it('is not mistaken for a promise, and hands out the event subscriber', () => {
    const on = () => () => undefined;
    const client = buildClient(async () => null, on) as unknown as Record<string, unknown>;
    expect(client.then).toBeUndefined();
    expect(client.on).toBe(on);
  });
});

describe('abortable', () => {
  it('rejects as soon as the signal aborts and ignores the late value', async () => {
    let resolveLate: (value: string) => void = () => undefined;
    const late = new Promise<string>((resolve) => (resolveLate = resolve));
    const controller = new AbortController();
    const call = abortable(late, controller.signal);
    controller.abort();
    resolveLate('stale');
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('passes the value through when nothing aborts', async () => {
    await expect(abortable(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1);
  });
});
