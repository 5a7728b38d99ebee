// How a DockerConnection reaches a daemon: the local socket, or a persistent SSH connection. A dial
// yields a session (a dockerode client plus a way to hear that the carrier died); the connection
// above it owns state, retries and the events stream, the same for both.
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import Dockerode from 'dockerode';
import type { AppError } from '../../../shared/errors';
import { LocalHostShell } from './hostShell';
import type { HostShell } from './hostShell';

/**
 * Opens a TCP stream to `host:port` as seen from the Docker host (its loopback, a container's IP):
 * the proxy's admin API and the deployer's health probe go through this, so they work the same on
 * a local host and on one reached over SSH.
 */
export type TcpDial = (host: string, port: number) => Promise<Duplex>;

/** The local host's dial: this machine is the Docker host. */
export const localDial: TcpDial = (host, port) =>
  new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });

export interface DockerSession {
  docker: Dockerode;
  /** The carrier died (an SSH connection closing); the local socket has none. */
  onLost(listener: (reason: AppError) => void): () => void;
  /** When Docker cannot be reached through the carrier, a specific error if the dialer can tell why. */
  diagnose?(): Promise<AppError | null>;
  /** A raw stream to the Docker socket (backs the exposed local socket of a remote host). */
  forward?(callback: (err: Error | undefined, stream: Duplex) => void): void;
  /** A TCP stream from the Docker host to `host:port` (see TcpDial). */
  dial: TcpDial;
  /** Programs and files on the Docker host itself (the compose CLI), through this same carrier. */
  shell: HostShell;
  close(): Promise<void>;
}

export interface DockerDialer {
  /** Where it dials, for messages: a socket path or ssh://user@host/path. */
  readonly describe: string;
  /** Rejects with an AppError whose code says what to fix. */
  open(): Promise<DockerSession>;
}

export class LocalDialer implements DockerDialer {
  constructor(readonly describe: string) {}

  async open(): Promise<DockerSession> {
    const docker = new Dockerode({ socketPath: this.describe });
    return { docker, onLost: () => () => undefined, dial: localDial, shell: new LocalHostShell(), close: async () => undefined };
  }
}
