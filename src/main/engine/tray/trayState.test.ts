import { describe, expect, it } from 'vitest';
import type { ContainerHealth, ContainerState, ContainerView, HostView, StopKind } from '../../../shared/types';
import { containerView, hostView } from '../testing/fixtures';
import { isFailed, trayState } from './trayState';

const host = hostView;
const container = (state: ContainerState, fields: { hostId?: string; health?: ContainerHealth; exitCode?: number | null } = {}) => containerView(state, fields);

const local = host('local', 'up');
const level = (hosts: HostView[], containers: ContainerView[]) => trayState(hosts, containers).level;

describe('trayState: green', () => {
  it('is green when every host is up and every container runs healthy', () => {
    const containers = [container('running', { health: 'healthy' }), container('running'), container('running', { health: 'starting' })];
    expect(level([local, host('b', 'up')], containers)).toBe('green');
  });

  it('is green with no hosts and no containers (nothing is failing)', () => {
    expect(trayState([], [])).toEqual({
      level: 'green',
      counts: { hostsTotal: 0, hostsUp: 0, hostsDown: 0, hostsConnecting: 0, running: 0, unhealthy: 0, restarting: 0, failed: 0 },
      tooltipParts: [
        { kind: 'hosts', up: 0, total: 0 },
        { kind: 'running', count: 0 },
      ],
      hosts: [],
    });
  });

  it.each<[string, ContainerView]>([
    ['created', container('created')],
    ['paused', container('paused')],
    ['removing', container('removing')],
    ['pending (a deploy placeholder)', container('pending')],
    ['missing (removed outside the app)', container('missing', { exitCode: 1 })],
    ['exited 0', container('exited', { exitCode: 0 })],
    ['exited 130 (SIGINT)', container('exited', { exitCode: 130 })],
    ['exited 143 (SIGTERM)', container('exited', { exitCode: 143 })],
    ['exited with no known code', container('exited', { exitCode: null })],
    ['dead with a clean code', container('dead', { exitCode: 0 })],
  ])('stays green for a container that is %s', (_label, c) => {
    expect(level([local], [c])).toBe('green');
  });
});

describe('trayState: amber', () => {
  it('is amber while a host is connecting', () => {
    expect(level([local, host('b', 'connecting', 'retrying in 4 s')], [])).toBe('amber');
  });

  it('is amber when a container is restarting', () => {
    expect(level([local], [container('running'), container('restarting')])).toBe('amber');
  });

  it('is amber when a running container is unhealthy', () => {
    expect(level([local], [container('running', { health: 'unhealthy' })])).toBe('amber');
  });

  it('stays amber when several amber causes tie', () => {
    const state = trayState(
      [local, host('b', 'connecting'), host('c', 'connecting')],
      [container('restarting'), container('running', { health: 'unhealthy' })],
    );
    expect(state.level).toBe('amber');
    expect(state.counts).toMatchObject({ hostsConnecting: 2, restarting: 1, unhealthy: 1 });
  });
});

describe('trayState: red', () => {
  it('is red when a host is down', () => {
    expect(level([local, host('b', 'down', 'ECONNREFUSED')], [])).toBe('red');
  });

  it.each([1, 2, 125, 126, 127, 134, 137, 139, 255, -1])('is red when a container exited with code %i', (exitCode) => {
    expect(level([local], [container('exited', { exitCode })])).toBe('red');
  });

  it('is red when a container is dead with no known exit code', () => {
    expect(level([local], [container('dead', { exitCode: null })])).toBe('red');
  });

  it('is red when a container is dead with a failing exit code', () => {
    expect(level([local], [container('dead', { exitCode: 137 })])).toBe('red');
  });

  it('stays red when several red causes tie', () => {
    const state = trayState([local, host('b', 'down'), host('c', 'down')], [container('exited', { exitCode: 1 }), container('dead')]);
    expect(state.level).toBe('red');
    expect(state.counts).toMatchObject({ hostsDown: 2, failed: 2 });
  });
});

describe('trayState: red beats amber', () => {
  it('is red when a host is down and another is connecting', () => {
    expect(level([host('a', 'connecting'), host('b', 'down')], [])).toBe('red');
  });

  it('is red when one container failed and another is restarting or unhealthy', () => {
    const containers = [container('restarting'), container('running', { health: 'unhealthy' }), container('exited', { exitCode: 2 })];
    expect(level([local], containers)).toBe('red');
  });

  it('is red when a container failed on an up host while another host is connecting', () => {
    expect(level([local, host('b', 'connecting')], [container('exited', { exitCode: 1 })])).toBe('red');
  });

  it('is red when a host is down even though every container is fine', () => {
    expect(level([local, host('b', 'down')], [container('running', { health: 'healthy' })])).toBe('red');
  });
});

describe('trayState: stale rows of hosts that are not up', () => {
  it('does not count a failed container of a down host (its state is stale), though the host is red', () => {
    const state = trayState([local, host('b', 'down')], [container('exited', { hostId: 'b', exitCode: 1 })]);
    expect(state.counts.failed).toBe(0);
    expect(state.level).toBe('red');
  });

  it('does not turn a connecting host red for its stale failed containers', () => {
    const state = trayState([local, host('b', 'connecting')], [container('exited', { hostId: 'b', exitCode: 1 }), container('dead', { hostId: 'b' })]);
    expect(state.level).toBe('amber');
    expect(state.counts.failed).toBe(0);
  });

  it('counts running, unhealthy and restarting only on hosts that are up', () => {
    const state = trayState(
      [local, host('b', 'down'), host('c', 'connecting')],
      [
        container('running'),
        container('running', { hostId: 'b' }),
        container('running', { hostId: 'c', health: 'unhealthy' }),
        container('restarting', { hostId: 'c' }),
      ],
    );
    expect(state.counts).toMatchObject({ running: 1, unhealthy: 0, restarting: 0 });
  });

  it('ignores containers of a host it was not given (a host removed between two fetches)', () => {
    expect(trayState([local], [container('exited', { hostId: 'gone', exitCode: 1 }), container('running', { hostId: 'gone' })])).toMatchObject({
      level: 'green',
      counts: { running: 0, failed: 0 },
    });
  });
});

describe('trayState: counts, tooltip parts and hosts', () => {
  it('counts hosts by state and containers by trouble', () => {
    const state = trayState(
      [local, host('b', 'up'), host('c', 'down', 'timed out'), host('d', 'connecting')],
      [
        container('running'),
        container('running', { health: 'healthy' }),
        container('running', { health: 'unhealthy', hostId: 'b' }),
        container('restarting', { hostId: 'b' }),
        container('exited', { exitCode: 137 }),
        container('exited', { exitCode: 0 }),
        container('missing'),
      ],
    );
    expect(state.counts).toEqual({
      hostsTotal: 4,
      hostsUp: 2,
      hostsDown: 1,
      hostsConnecting: 1,
      running: 3,
      unhealthy: 1,
      restarting: 1,
      failed: 1,
    });
  });

  it('lists hosts and running always, and each trouble only when there is some, in a fixed order', () => {
    const quiet = trayState([local, host('b', 'down')], [container('running'), container('running')]);
    expect(quiet.tooltipParts).toEqual([
      { kind: 'hosts', up: 1, total: 2 },
      { kind: 'running', count: 2 },
    ]);

    const troubled = trayState([local], [container('exited', { exitCode: 1 }), container('restarting'), container('running', { health: 'unhealthy' })]);
    expect(troubled.tooltipParts).toEqual([
      { kind: 'hosts', up: 1, total: 1 },
      { kind: 'running', count: 1 },
      { kind: 'unhealthy', count: 1 },
      { kind: 'restarting', count: 1 },
      { kind: 'failed', count: 1 },
    ]);
  });

  it('lists the hosts in the order given, with their state and reason only', () => {
    const state = trayState([host('b', 'down', 'the key differs'), local], []);
    expect(state.hosts).toEqual([
      { id: 'b', name: 'b', state: 'down', reason: 'the key differs' },
      { id: 'local', name: 'local', state: 'up', reason: null },
    ]);
  });

  it('does not change its inputs', () => {
    const hosts = [local, host('b', 'down')];
    const containers = [container('running'), container('exited', { exitCode: 1 })];
    const before = structuredClone({ hosts, containers });
    trayState(hosts, containers);
    expect({ hosts, containers }).toEqual(before);
  });
});

describe('isFailed', () => {
  it.each<[ContainerState, number | null, boolean]>([
    ['exited', 0, false],
    ['exited', 130, false],
    ['exited', 143, false],
    ['exited', null, false],
    ['exited', 1, true],
    ['exited', 137, true],
    ['dead', null, true],
    ['dead', 0, false],
    ['dead', 139, true],
    ['running', 1, false],
    ['missing', 1, false],
    ['restarting', 1, false],
  ])('%s with exit code %s -> %s', (state, exitCode, expected) => {
    expect(isFailed({ state, exitCode, stopKind: null })).toBe(expected);
  });

  it.each<[StopKind, number, boolean]>([
    ['app', 137, false],
    ['outside', 137, false],
    ['outside', 1, false],
    ['crash', 143, true],
    ['crash', 0, false],
    ['oom', 137, true],
  ])('classified %s with exit code %s -> %s (the kind beats the code)', (stopKind, exitCode, expected) => {
    expect(isFailed({ state: 'exited', exitCode, stopKind })).toBe(expected);
  });

  it('counts a drained instance killed after its grace as no failure in the tray, and a crash as one', () => {
    const hosts = [hostView('local', 'up')];
    const drained = containerView('exited', { exitCode: 137, stopKind: 'app' });
    const crash = containerView('exited', { exitCode: 143, stopKind: 'crash' });
    expect(trayState(hosts, [drained]).counts.failed).toBe(0);
    expect(trayState(hosts, [drained, crash]).counts.failed).toBe(1);
  });
});
