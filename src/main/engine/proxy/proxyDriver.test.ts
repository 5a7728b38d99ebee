// The "no proxy" driver: it accepts every route and holds none, without any I/O.
import { describe, expect, it } from 'vitest';
import { NoneProxyDriver } from './proxyDriver';

describe('NoneProxyDriver', () => {
  it('answers an upsert with the route it was given and lists nothing', async () => {
    const driver = new NoneProxyDriver();
    await driver.ensure();
    const route = { id: 'wl-1-prod', host: 'api.example.com', upstream: { host: 'tf-api-green', port: 3000 } };
    expect(await driver.upsertRoute(route)).toEqual(route);
    await driver.removeRoute('wl-1-prod');
    expect(await driver.listRoutes()).toEqual([]);
    await driver.close();
    expect(driver.kind).toBe('none');
  });
});
