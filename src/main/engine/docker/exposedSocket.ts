// A local unix socket that forwards to a remote host's Docker socket through its SSH connection, so
// the docker and compose CLIs can be pointed at the host: DOCKER_HOST=unix://<path>.
import { chmodSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { dirname } from 'node:path';
import type { DockerSession } from './dialer';

export class ExposedSocket {
  private server: Server | null = null;
  private readonly clients = new Set<Socket>();

  /** `session()` is asked per client: the carrier of the moment, or null while the host is down. */
  constructor(
    readonly path: string,
    private readonly session: () => DockerSession | null,
  ) {}

  async start(): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    // A socket file left by a crashed run blocks listen(); nothing else should live at this path.
    if (existsSync(this.path)) unlinkSync(this.path);
    const server = createServer((client) => {
      this.clients.add(client);
      client.on('close', () => this.clients.delete(client));
      client.on('error', () => client.destroy());
      const forward = this.session()?.forward;
      if (!forward) return client.destroy();
      forward((err, remote) => {
        if (err || client.destroyed) {
          client.destroy();
          remote?.destroy();
          return;
        }
        remote.on('error', () => client.destroy());
        client.pipe(remote).pipe(client);
        client.on('close', () => remote.destroy());
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => resolve());
    });
    // Only this user may drive the remote Docker through it.
    chmodSync(this.path, 0o600);
    this.server = server;
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
    if (existsSync(this.path)) unlinkSync(this.path);
  }

  get listening(): boolean {
    return this.server !== null;
  }
}
