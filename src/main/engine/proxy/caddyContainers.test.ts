import { describe, expect, it } from 'vitest';
import type Dockerode from 'dockerode';
import { createOptions, frontConfig, isCurrent, routingConfig } from './caddyContainers';

const layout = { name: 'tinyforge-caddy', image: 'caddy:2', network: 'tinyforge-proxy', httpPort: 80 };
const inspected = (cmd: string[] | undefined, bound?: string) =>
  ({
    Config: { Cmd: cmd },
    HostConfig: { PortBindings: bound === undefined ? {} : { '80/tcp': [{ HostPort: bound }] } },
  }) as unknown as Dockerode.ContainerInspectInfo;

describe('the managed proxy layout', () => {
  it('gives the routing Caddy no TCP admin listener and publishes nothing of it', () => {
    expect(routingConfig().admin.listen).toMatch(/^unix\//);
    const routing = createOptions(layout, 'routing');
    expect(routing.HostConfig?.PortBindings).toEqual({});
    expect(routing.ExposedPorts).toEqual({});
  });

  it('publishes the admin port on loopback only, from the front, which never joins workload networks and has no admin API of its own', () => {
    const front = createOptions(layout, 'front');
    expect(front.HostConfig?.PortBindings?.['2019/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: '' }]);
    expect(front.HostConfig?.PortBindings?.['80/tcp']).toEqual([{ HostIp: '', HostPort: '80' }]);
    expect(frontConfig('tinyforge-caddy').admin).toEqual({ disabled: true });
    expect(front.HostConfig?.NetworkMode).toBe('tinyforge-proxy');
  });

  it('re-creates a container from an older layout, and a front bound to another HTTP port', () => {
    const routingCmd = createOptions(layout, 'routing').Cmd as string[];
    const frontCmd = createOptions(layout, 'front').Cmd as string[];
    expect(isCurrent(layout, 'routing', inspected(routingCmd))).toBe(true);
    expect(isCurrent(layout, 'routing', inspected(['caddy', 'run', '--config', '/etc/caddy/Caddyfile']))).toBe(false);
    expect(isCurrent(layout, 'front', inspected(frontCmd, '80'))).toBe(true);
    expect(isCurrent(layout, 'front', inspected(frontCmd, '8080'))).toBe(false);
    expect(isCurrent({ ...layout, httpPort: 0 }, 'front', inspected(frontCmd, '41234'))).toBe(true);
  });
});
