// The Docker registry scripts/test-host.sh serves on 127.0.0.1:5000 (read-only, from files), and
// stand-ins for registries that are down or hung. Pull tests use these; nothing here starts or
// stops the shared registry, which other test runs use at the same time.
import { createServer as createHttpServer, request } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { Transform } from 'node:stream';
import type Dockerode from 'dockerode';

export const TEST_REGISTRY = process.env.TINYFORGE_TEST_REGISTRY ?? '127.0.0.1:5000';
/** Tags v1 (the test app image plus three layers of 3, 2 and 1 MB) and v2 (v1 plus one more). */
export const LAYERED_REPOSITORY = `${TEST_REGISTRY}/tinyforge-test/layered`;

/**
 * The same registry behind a login (scripts/test-host.sh: a second caddy with `basicauth` in front
 * of :5000). The login is fixed by that script; it guards nothing but the tests' images.
 */
export const AUTH_REGISTRY = process.env.TINYFORGE_TEST_AUTH_REGISTRY ?? '127.0.0.1:5001';
export const AUTH_REGISTRY_LOGIN = { username: 'tinyforge-test', password: 'registry-pass-5001' } as const;
export const AUTH_LAYERED_REPOSITORY = `${AUTH_REGISTRY}/tinyforge-test/layered`;

/** Fails with a clear message when the authenticated registry is not there (test-host.sh not run). */
export async function authRegistryAnswers(): Promise<void> {
  const res = await fetch(`http://${AUTH_REGISTRY}/v2/`).catch((error: unknown) => {
    throw new Error(`the authenticated test registry on ${AUTH_REGISTRY} does not answer (${String(error)}): run scripts/test-host.sh`);
  });
  if (res.status !== 401)
    throw new Error(`the authenticated test registry on ${AUTH_REGISTRY} answered ${res.status} without a login, not 401: run scripts/test-host.sh`);
}

export interface Manifest {
  config: { digest: string; size: number };
  layers: { digest: string; size: number }[];
}

/** The manifest the registry serves for a tag, read over HTTP as dockerd reads it. */
export async function registryManifest(tag: string): Promise<Manifest> {
  const res = await fetch(`http://${LAYERED_REPOSITORY.replace('/', '/v2/')}/manifests/${tag}`, {
    headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  if (!res.ok) throw new Error(`the test registry answered ${res.status} for tag ${tag}: run scripts/test-host.sh`);
  return (await res.json()) as Manifest;
}

/** Removes a pulled image if present, so a test starts (and leaves the host) without it. */
export async function removeImage(docker: Dockerode, image: string): Promise<void> {
  await docker
    .getImage(image)
    .remove()
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
}

/** A port nothing listens on: bound by the kernel's choice, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A "registry" that accepts connections and never says a word: what a hung server looks like. */
export async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The test registry behind a relay that sends at most `bytesPerSecond`: on loopback a pull of a few
 * MB is over before dockerd reports any byte in between, and a slow link is what progress is for.
 */
export async function slowRegistry(bytesPerSecond: number): Promise<{ address: string; close(): Promise<void> }> {
  const [host, port] = TEST_REGISTRY.split(':');
  const piece = 16 * 1024;
  const throttle = () =>
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        void (async () => {
          for (let i = 0; i < chunk.length; i += piece) {
            this.push(chunk.subarray(i, i + piece));
            await new Promise((r) => setTimeout(r, (piece / bytesPerSecond) * 1000));
          }
        })().then(() => done(), done);
      },
    });
  const server = createHttpServer((req, res) => {
    // Caddy picks the site by Host: ask for the registry's own name.
    const upstream = request({ host, port: Number(port), path: req.url, method: req.method, headers: { ...req.headers, host: TEST_REGISTRY } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(throttle()).pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
