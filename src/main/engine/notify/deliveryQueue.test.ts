import { describe, expect, it } from 'vitest';
import { DeliveryQueue, backoffMs } from './deliveryQueue';
import type { NotifyMessage } from './message';

const message = (title: string): NotifyMessage => ({ kind: 'test', title, body: '', severity: 'info', count: 1, firstAt: 0, lastAt: 0, event: null });

describe('DeliveryQueue', () => {
  it('doubles the wait between tries, up to the cap', () => {
    const policy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 500 };
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(a, policy))).toEqual([100, 200, 400, 500, 500]);
  });

  it('delivers a message enqueued while the last one is being settled (none left behind)', async () => {
    const sent: string[] = [];
    const queue = new DeliveryQueue({
      send: async (_id, m) => {
        sent.push(m.title);
        return true;
      },
      onSuccess: () => undefined,
      onFailure: () => undefined,
      // Enqueues from inside the worker's last step, as a publish from another event's handler would.
      onPending: () => {
        if (sent.length === 1 && queue.pending('c') === 0) queue.enqueue('c', message('second'));
      },
      log: () => undefined,
    });
    queue.enqueue('c', message('first'));
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toEqual(['first', 'second']);
    await queue.close();
  });

  it('gives up after the bounded tries, telling each failure and the last as final', async () => {
    const failures: [number, boolean][] = [];
    const queue = new DeliveryQueue({
      send: async () => {
        throw new Error('refused');
      },
      onSuccess: () => undefined,
      onFailure: (_id, _e, attempt, final) => failures.push([attempt, final]),
      onPending: () => undefined,
      log: () => undefined,
      retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 10 },
    });
    queue.enqueue('c', message('x'));
    await new Promise((r) => setTimeout(r, 100));
    expect(failures).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(queue.pending('c')).toBe(0);
    await queue.close();
  });
});
