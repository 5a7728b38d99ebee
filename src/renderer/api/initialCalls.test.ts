import { describe, expect, it } from 'vitest';
import type { RendererCalls } from './client';
import { initialCallNames, routeSection, startInitialCalls } from './initialCalls';

describe('initial calls', () => {
  it('reads the page from the hash route', () => {
    expect(routeSection('#/containers?kind=project&q=web')).toBe('containers');
    expect(routeSection('#/workloads/abc')).toBe('workloads');
    expect(routeSection('')).toBe('');
  });

  it("asks for the Containers page's list first, then what the frame reads", () => {
    expect(initialCallNames('#/containers?state=running')).toEqual(['containers.list', 'hosts.list', 'system.health', 'app.info', 'settings.get']);
    expect(initialCallNames('#/settings')).toEqual(['hosts.list', 'system.health', 'app.info', 'settings.get']);
  });

  it('starts each call once and keeps a failing one from surfacing as an unhandled rejection', async () => {
    const asked: string[] = [];
    const calls = new Proxy({} as RendererCalls, {
      get: (_t, name: string) => () => {
        asked.push(name);
        return name === 'containers.list' ? Promise.reject(new Error('engine gone')) : Promise.resolve(name);
      },
    });
    const started = startInitialCalls(calls, '#/containers');
    expect(asked).toEqual(['containers.list', 'hosts.list', 'system.health', 'app.info', 'settings.get']);
    await expect(started.get('containers.list')).rejects.toThrow('engine gone');
    await expect(started.get('hosts.list')).resolves.toBe('hosts.list');
  });
});
