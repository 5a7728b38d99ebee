// The composition root's lifecycle against the real dockerd: every connection and stream it opens
// is closed by close(), including across restarts racing each other and close() itself.
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from './app';
import type { App } from './app';
import { LocalDialer } from './docker/dialer';
import { DockerConnection } from './docker/dockerConnection';
import { DOCKER_SOCKET, waitFor } from './testing/dockerHost';
import { tempDir } from './testing/fixtures';

/** Open sockets to the Docker daemon (unix sockets show up as PipeWrap handles). */
const pipes = () => process.getActiveResourcesInfo().filter((r) => r === 'PipeWrap').length;
const settle = () => new Promise((r) => setTimeout(r, 200));

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('app lifecycle', () => {
  it('leaves no Docker socket open after close, even with two restarts racing and a third in flight at close', async () => {
    await settle();
    const before = pipes();
    app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: undefined, log: () => {} });
    await app.handlers['settings.update']({ dockerSocketPath: DOCKER_SOCKET });
    await waitFor('up', () => app!.services.runtime('local')?.connection.status.state === 'up');
    await Promise.all([app.handlers['settings.update']({ resyncIntervalSec: 40 }), app.handlers['settings.update']({ resyncIntervalSec: 50 })]);
    await waitFor('up again', () => app!.services.runtime('local')?.connection.status.state === 'up');
    void app.handlers['settings.update']({ resyncIntervalSec: 60 });
    await app.close();
    app = undefined;
    await settle();
    expect(pipes()).toBe(before);
  });

  it('closes an events subscription that was still being opened when close() ran', async () => {
    await settle();
    const before = pipes();
    // Hold the subscription's answer until close() has run, to hit that window every time.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inFlight = new Promise<void>((r) => (entered = r));
    const inner = new LocalDialer(DOCKER_SOCKET);
    const dialer = {
      describe: inner.describe,
      async open() {
        const session = await inner.open();
        const realGetEvents = session.docker.getEvents.bind(session.docker) as (o: object) => Promise<NodeJS.ReadableStream>;
        (session.docker as unknown as { getEvents: (o: object) => Promise<NodeJS.ReadableStream> }).getEvents = async (o) => {
          const stream = await realGetEvents(o);
          entered();
          await gate;
          return stream;
        };
        return session;
      },
    };
    const connection = new DockerConnection({ hostId: 'local', dialer });
    const started = connection.start();
    await inFlight;
    await Promise.race([connection.close(), new Promise((r) => setTimeout(r, 100))]);
    release();
    await started;
    await settle();
    expect(pipes()).toBe(before);
  });

  it('refuses a second engine on the same data folder, and allows it once the first closed', async () => {
    const dataDir = tempDir();
    app = await createApp({ dataDir, shell: 'browser', dockerSocketPath: DOCKER_SOCKET, log: () => {} });
    await expect(createApp({ dataDir, shell: 'browser', dockerSocketPath: DOCKER_SOCKET, log: () => {} })).rejects.toMatchObject({
      code: 'ALREADY_RUNNING',
      details: { dataDir },
    });
    await app.close();
    app = await createApp({ dataDir, shell: 'browser', dockerSocketPath: DOCKER_SOCKET, log: () => {} });
    expect(app.services.runtime('local')).toBeDefined();
  });
});
