// LogStreams without Docker: a stream still opening when the app closes. (Everything that needs a
// real container is in logStreams.docker.test.ts.)
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../events';
import { LogStreams } from './logStreams';
import type { OpenLogStream } from './logStreams';

/** A Docker whose inspect answers only when the test says so, honouring the abort signal or not. */
function slowDocker(options: { honoursAbort: boolean }) {
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const container = {
    inspect: ({ abortSignal }: { abortSignal?: AbortSignal } = {}) =>
      new Promise((resolve, reject) => {
        if (options.honoursAbort) abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        void answered.then(() => resolve({ Config: { Tty: true } }));
      }),
    logs: async () => new PassThrough(),
  };
  const docker = { getContainer: () => container } as unknown as Dockerode;
  return { docker, answer };
}

function setup(docker: Dockerode) {
  const events = new EventBus();
  const happened: string[] = [];
  events.subscribeDirected((connectionId, event, payload) => {
    if (event === 'logs.end') happened.push(`end ${(payload as { reason: string }).reason}`);
  });
  const logs = new LogStreams({ events });
  const request: OpenLogStream = {
    streamId: 's1',
    hostId: 'local',
    docker: () => docker,
    dockerId: 'abc',
    name: 'web-1',
    tail: 10,
    follow: true,
    timestamps: false,
  };
  return { logs, happened, open: () => logs.open({ connectionId: 'ws:1' }, request) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('LogStreams.closeAll', () => {
  it('waits for a stream still opening: Docker answers after close began, and the stream ends with shutdown first', async () => {
    const { docker, answer } = slowDocker({ honoursAbort: false });
    const h = setup(docker);
    const opening = h.open();

    const closing = h.logs.closeAll().then(() => h.happened.push('closeAll resolved'));
    await tick();
    const beforeDockerAnswered = [...h.happened];
    answer();
    await closing;

    expect(beforeDockerAnswered).toEqual([]);
    expect(h.happened).toEqual(['end shutdown', 'closeAll resolved']);
    expect(await opening).toEqual({ streamId: 's1', tty: true });
    expect(h.logs.count()).toBe(0);
  });

  it('cuts short a Docker request that has not answered, and the open fails saying why', async () => {
    const { docker } = slowDocker({ honoursAbort: true });
    const h = setup(docker);
    const opening = h.open();
    await tick();

    await h.logs.closeAll();

    await expect(opening).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('closed (shutdown) before it opened') });
    expect(h.logs.count()).toBe(0);
  });
});
