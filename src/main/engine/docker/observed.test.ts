import { describe, expect, it } from 'vitest';
import { fromDockerSummary, healthFromStatus, normaliseState } from './observed';

describe('state normalisation', () => {
  it.each(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'])('keeps Docker state %s', (s) => {
    expect(normaliseState(s)).toBe(s);
  });
  it('lower-cases and trims', () => {
    expect(normaliseState(' Running ')).toBe('running');
  });
  it('treats an unknown or absent state as dead, never as running', () => {
    expect(normaliseState('zombie')).toBe('dead');
    expect(normaliseState(undefined)).toBe('dead');
  });
  it('reads health from the status text', () => {
    expect(healthFromStatus('Up 2 minutes (healthy)')).toBe('healthy');
    expect(healthFromStatus('Up 2 minutes (unhealthy)')).toBe('unhealthy');
    expect(healthFromStatus('Up 1 second (health: starting)')).toBe('starting');
    expect(healthFromStatus('Up 2 minutes')).toBe('none');
  });
  it('normalises a list entry: name without slash, ms timestamps', () => {
    const c = fromDockerSummary({
      Id: 'abc',
      Names: ['/web-1'],
      Image: 'nginx',
      ImageID: 'sha',
      Command: '',
      Created: 1_700_000_000,
      Ports: [],
      Labels: { a: 'b' },
      State: 'exited',
      Status: 'Exited (0) 1 hour ago',
      HostConfig: { NetworkMode: 'bridge' },
      NetworkSettings: { Networks: {} },
      Mounts: [],
    });
    expect(c).toMatchObject({ dockerId: 'abc', name: 'web-1', createdAt: 1_700_000_000_000, state: 'exited', exitCode: 0, labels: { a: 'b' } });
  });
});
