// The engine's part of keystroke to echo, a breakdown beside bench/terminalEcho.ts (which measures
// the whole of it in Chromium): exec.input is dispatched through the engine's contract exactly as a
// window's keystroke is, the keystroke goes down the exec's attach connection (the local socket, or
// the one SSH connection's forwarded channel), the TTY echoes it, and the time is taken when the
// exec.output event carrying it is emitted to the connection. The renderer's hop (IPC or the
// WebSocket, then xterm drawing it) is not in it. Medians of SAMPLES keystrokes per host.
import { createApp } from '../src/main/engine/app';
import type { App } from '../src/main/engine/app';
import { canonicalLabels } from '../src/main/engine/docker/labels';
import { dispatchCall } from '../src/main/engine/rpc/handlers';
import { DOCKER_SOCKET, TEST_IMAGE, TEST_RUN_LABEL, newRunId, removeRun, testDocker, waitFor } from '../src/main/engine/testing/dockerHost';
import { stage, tempDir } from '../src/main/engine/testing/fixtures';
import { TestSshServer, addTrustedHost } from '../src/main/engine/testing/sshServer';
import { median, round } from './report';

const SAMPLES = 200;
const CONNECTION = 'bench';
/** Letters and digits only: each echoes as itself, whatever the line editor does around it. */
const KEYS = 'abcdefghijklmnopqrstuvwxyz0123456789';

async function echoMedian(app: App, hostId: string, runId: string, samples: number): Promise<number> {
  const docker = testDocker();
  const project = app.services.workloads.createProject({ hostId, name: `echo-${hostId}`, imageRepository: 'acme/echo', stages: [stage('production')] });
  const name = `${runId}-${hostId}`;
  const created = await docker.createContainer({
    Image: TEST_IMAGE,
    name,
    Cmd: ['sleep', '3600'],
    Labels: { ...canonicalLabels(project.id, 'project', 'production'), [TEST_RUN_LABEL]: runId },
  });
  await created.start();
  await app.handlers['reconcile.now']({ hostId });
  const row = await waitFor(`row ${name}`, () => app.services.containers.list(hostId).find((c) => c.name === name));
  app.services.containers.setTrust(row, true, Date.now());

  let waiting: { key: string; resolve: (at: number) => void } | null = null;
  let sessionId = '';
  let seen = '';
  const stop = app.events.subscribeDirected((_connection, event, payload) => {
    // The prompt can come before exec.open answers with the id: until then, any output is this session's.
    if (event !== 'exec.output' || (sessionId !== '' && (payload as { sessionId: string }).sessionId !== sessionId)) return;
    const data = (payload as { data: string }).data;
    seen += data;
    if (waiting && data.includes(waiting.key)) {
      const done = waiting;
      waiting = null;
      done.resolve(performance.now());
    }
  });
  try {
    const opened = await dispatchCall(app.handlers, 'exec.open', { id: row.id, cols: 120, rows: 40 }, { connectionId: CONNECTION });
    if (!opened.ok) throw new Error(`exec.open failed: ${opened.error.message}`);
    sessionId = (opened.value as { sessionId: string }).sessionId;
    await waitFor('the prompt', () => seen.includes('# '));
    const times: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      // A fresh line now and then, so the line editor never scrolls a long line.
      if (i % 30 === 29) {
        await dispatchCall(app.handlers, 'exec.input', { sessionId, data: '\u0015' }, { connectionId: CONNECTION });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const key = KEYS[i % KEYS.length]!;
      const echoed = new Promise<number>((resolve) => (waiting = { key, resolve }));
      const start = performance.now();
      const sent = await dispatchCall(app.handlers, 'exec.input', { sessionId, data: key }, { connectionId: CONNECTION });
      if (!sent.ok) throw new Error(`exec.input failed: ${sent.error.message}`);
      times.push((await echoed) - start);
    }
    await dispatchCall(app.handlers, 'exec.close', { sessionId }, { connectionId: CONNECTION });
    return round(median(times));
  } finally {
    stop();
  }
}

/** Median engine hop of keystroke to echo in milliseconds on the local socket and on an SSH host (same dockerd, through sshd). */
export async function execEcho(samples = SAMPLES): Promise<{ exec_echo_engine_ms_local: number; exec_echo_engine_ms_ssh: number }> {
  const server = await TestSshServer.start();
  const runId = newRunId();
  const app = await createApp({ dataDir: tempDir(), shell: 'browser', dockerSocketPath: DOCKER_SOCKET, resyncIntervalMs: 60_000, log: () => {} });
  try {
    await waitFor('docker up', () => app.services.runtime('local')?.connection.status.state === 'up');
    const sshHostId = await addTrustedHost(app, server, 'echo-ssh');
    const local = await echoMedian(app, 'local', runId, samples);
    const ssh = await echoMedian(app, sshHostId, runId, samples);
    return { exec_echo_engine_ms_local: local, exec_echo_engine_ms_ssh: ssh };
  } finally {
    await removeRun(testDocker(), runId);
    await app.close();
    await server.dispose();
  }
}
