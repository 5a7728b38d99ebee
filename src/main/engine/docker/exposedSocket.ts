// A local unix socket that forwards to a remote host's Docker socket through its SSH connection, so
// the docker and compose CLIs can be pointed at the host: DOCKER_HOST=unix://<path>.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { DockerSession } from './dialer';

/** sun_path holds 104 bytes on macOS and 108 on Linux, the terminating NUL included. */
const MAX_SOCKET_PATH_BYTES = 103;

/**
 * A short path in a private per-user folder: the data folder can be deep enough to overflow
 * sun_path (Node then silently truncates the name), and /tmp is shared with other users.
 */
export function exposedSocketPath(hostId: string, runtimeDir = process.env.XDG_RUNTIME_DIR || tmpdir()): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const short = createHash('sha256').update(hostId).digest('hex').slice(0, 10);
  return join(runtimeDir, `tinyforge-${uid}`, `docker-${short}.sock`);
}

/** The folder must be ours, a real folder (not a symlink someone planted), and closed to others. */
function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = lstatSync(dir);
  const uid = typeof process.getuid === 'function' ? process.getuid() : info.uid;
  if (!info.isDirectory() || info.uid !== uid) {
    throw new AppError('FORBIDDEN', `${dir} is not a folder owned by this user; not exposing a Docker socket there.`);
  }
  chmodSync(dir, 0o700);
}

export class ExposedSocket {
  private server: Server | null = null;
  private readonly clients = new Set<Socket>();

  /** `session()` is asked per client: the carrier of the moment, or null while the host is down. */
  constructor(
    readonly path: string,
    private readonly session: () => DockerSession | null,
  ) {}

  async start(): Promise<void> {
    if (Buffer.byteLength(this.path) > MAX_SOCKET_PATH_BYTES) {
      throw new AppError('CONFLICT', `the socket path ${this.path} is longer than ${MAX_SOCKET_PATH_BYTES} bytes; unix sockets cannot live there.`);
    }
    privateFolder(dirname(this.path));
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
    this.server = server;
    try {
      // Only this user may drive the remote Docker through it (the folder already says so).
      chmodSync(this.path, 0o600);
    } catch (error) {
      await this.close();
      throw error;
    }
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
