// Helpers for tests and benches that talk to the real dockerd: create labelled containers from the
// test images made by scripts/test-host.sh, wait for conditions, clean up by run label, and stop or
// start the daemon itself.
import { execFileSync, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import Dockerode from 'dockerode';

export const TEST_IMAGE = 'tinyforge-test/busybox:latest';
/** Every container a test creates carries this label, so cleanup finds exactly its own. */
export const TEST_RUN_LABEL = 'tinyforge-test.run';
export const DOCKER_SOCKET = process.env.TINYFORGE_TEST_DOCKER_SOCKET ?? '/var/run/docker.sock';

export function testDocker(): Dockerode {
  return new Dockerode({ socketPath: DOCKER_SOCKET });
}

export function newRunId(): string {
  return `run-${process.pid}-${Date.now().toString(36)}`;
}

export async function runContainer(
  docker: Dockerode,
  runId: string,
  opts: { name: string; labels?: Record<string, string>; cmd?: string[]; start?: boolean },
): Promise<Dockerode.Container> {
  const container = await docker.createContainer({
    Image: TEST_IMAGE,
    name: opts.name,
    Cmd: opts.cmd ?? ['sleep', '3600'],
    Labels: { ...opts.labels, [TEST_RUN_LABEL]: runId },
    HostConfig: { AutoRemove: false },
  });
  if (opts.start !== false) await container.start();
  return container;
}

export async function removeRun(docker: Dockerode, runId: string): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${TEST_RUN_LABEL}=${runId}`] } });
  await Promise.all(
    list.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000, everyMs = 25): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as Truthy<T>;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

export async function dockerAnswers(docker: Dockerode): Promise<boolean> {
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}

/** Stops the daemon the way a crash or an upgrade would, and waits until it is gone. */
export async function stopDockerd(docker: Dockerode): Promise<void> {
  try {
    execFileSync('pkill', ['-TERM', '-x', 'dockerd']);
  } catch {
    // pkill exits 1 when nothing matched: already stopped.
  }
  await waitFor('dockerd to stop', async () => !(await dockerAnswers(docker)) && !isRunning('dockerd'), 30_000, 100);
}

/** Starts dockerd detached (it outlives the test process, as scripts/test-host.sh's does). */
export async function startDockerd(docker: Dockerode): Promise<void> {
  const log = openSync('/tmp/dockerd.log', 'a');
  const child = spawn('dockerd', [], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  await waitFor('dockerd to answer', () => dockerAnswers(docker), 30_000, 100);
}

function isRunning(name: string): boolean {
  try {
    execFileSync('pgrep', ['-x', name]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes containers left by test runs whose process is gone (a run killed mid-test cannot clean
 * up after itself). Runs of live processes are left alone.
 */
export async function removeStaleRuns(docker: Dockerode): Promise<number> {
  const list = await docker.listContainers({ all: true, filters: { label: [TEST_RUN_LABEL] } });
  const stale = list.filter((c) => {
    const pid = Number(/^run-(\d+)-/.exec(c.Labels[TEST_RUN_LABEL] ?? '')?.[1]);
    if (!Number.isInteger(pid) || pid <= 0) return true;
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  });
  await Promise.all(
    stale.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  return stale.length;
}

/** Creates and starts `count` containers named `<runId>-<i>` with these labels, 8 at a time. */
export async function runMany(docker: Dockerode, runId: string, count: number, labels: Record<string, string>): Promise<void> {
  const queue = Array.from({ length: count }, (_, i) => i);
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      await runContainer(docker, runId, { name: `${runId}-${i}`, labels });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** Removes a compose project's containers (any state) and its default network: what a test or bench made. */
export async function removeComposeProject(docker: Dockerode, project: string): Promise<void> {
  for (const c of await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } })) {
    await docker
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  await docker
    .getNetwork(`${project}_default`)
    .remove()
    .catch(() => undefined);
}
