import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotifyEvent } from '../../../shared/notify';
import { EventGrouper, groupKeyOf } from './grouper';
import type { GroupedEvent } from './message';

const crash = (container: string, exitCode = 1): Extract<NotifyEvent, { kind: 'container.crashed' }> => ({
  kind: 'container.crashed',
  hostId: 'local',
  workloadId: 'w1',
  container,
  stopKind: 'crash',
  exitCode,
});

describe('EventGrouper', () => {
  let out: GroupedEvent[];
  let grouper: EventGrouper;
  beforeEach(() => {
    vi.useFakeTimers();
    out = [];
    grouper = new EventGrouper(
      (g) => out.push(g),
      (kind) => (kind === 'container.crashed' ? 1_000 : 0),
      () => Date.now(),
    );
  });
  afterEach(() => {
    grouper.close();
    vi.useRealTimers();
  });

  it('holds repeats of one crash for the window and sends one message with the count and the last facts', () => {
    grouper.add(crash('web', 1));
    vi.advanceTimersByTime(400);
    grouper.add(crash('web', 1));
    grouper.add(crash('web', 137));
    expect(out).toEqual([]);
    vi.advanceTimersByTime(600);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ count: 3, event: { exitCode: 137 } });
    expect(out[0]!.lastAt - out[0]!.firstAt).toBe(400);
  });

  it('keeps different containers apart, and opens a new window after one closed', () => {
    grouper.add(crash('web'));
    grouper.add(crash('worker'));
    vi.advanceTimersByTime(1_000);
    grouper.add(crash('web'));
    vi.advanceTimersByTime(1_000);
    expect(out.map((g) => [(g.event as { container: string }).container, g.count])).toEqual([
      ['web', 1],
      ['worker', 1],
      ['web', 1],
    ]);
  });

  it('sends deploy outcomes at once, one each', () => {
    const ok: NotifyEvent = { kind: 'deploy.succeeded', hostId: 'local', workloadId: 'w1', stageId: 's1', deployId: 'd1', image: 'a:1' };
    grouper.add(ok);
    grouper.add({ ...ok, deployId: 'd2' });
    expect(out.map((g) => g.count)).toEqual([1, 1]);
  });

  it('drops what is still gathering when closed (no timer fires after)', () => {
    grouper.add(crash('web'));
    grouper.close();
    vi.advanceTimersByTime(5_000);
    expect(out).toEqual([]);
  });

  it('groups by the thing an event is about, not by its moment or code', () => {
    expect(groupKeyOf(crash('web', 1))).toBe(groupKeyOf(crash('web', 2)));
    expect(groupKeyOf(crash('web'))).not.toBe(groupKeyOf({ ...crash('web'), hostId: 'ssh-1' }));
    expect(groupKeyOf({ kind: 'webhook.refused', workloadId: 'w1', status: 401, reason: 'bad signature', remoteAddress: '10.0.0.1' })).toBe(
      groupKeyOf({ kind: 'webhook.refused', workloadId: 'w1', status: 429, reason: 'throttled', remoteAddress: '10.0.0.2' }),
    );
  });
});
