// How a DockerConnection reaches a daemon: the local socket, or a persistent SSH connection. A dial
// yields a session (a dockerode client plus a way to hear that the carrier died); the connection
// above it owns state, retries and the events stream, the same for both.
import type { Duplex } from 'node:stream';
import Dockerode from 'dockerode';
import type { AppError } from '../../../shared/errors';

export interface DockerSession {
  docker: Dockerode;
  /** The carrier died (an SSH connection closing); the local socket has none. */
  onLost(listener: (reason: string) => void): () => void;
  /** When Docker cannot be reached through the carrier, a specific error if the dialer can tell why. */
  diagnose?(): Promise<AppError | null>;
  /** A raw stream to the Docker socket (backs the exposed local socket of a remote host). */
  forward?(callback: (err: Error | undefined, stream: Duplex) => void): void;
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
    return { docker, onLost: () => () => undefined, close: async () => undefined };
  }
}
