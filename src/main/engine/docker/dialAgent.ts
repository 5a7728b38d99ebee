// An http.Agent whose connections come from a TcpDial: plain HTTP to an address as the Docker host
// sees it (Caddy's admin API on the host's loopback, a container's health path), carried by the
// host's own connection. No keep-alive: a session can change under the agent (reconnect), and a
// pooled stream of the old one would fail the next request for no reason of its own.
import { Agent } from 'node:http';
import type { ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { inspect } from 'node:util';
import type { TcpDial } from './dialer';

export class DialAgent extends Agent {
  constructor(
    private readonly dial: TcpDial,
    private readonly label: string,
  ) {
    super({ keepAlive: false });
  }

  /**
   * Anything that inspects request options (docker-modem does, with depth: null) would otherwise
   * walk the dial closure's whole SSH client: see ForwardedSocketAgent in sshDialer.ts.
   */
  [inspect.custom](): string {
    return `DialAgent(${this.label})`;
  }

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, socket: Duplex) => void): Duplex | undefined {
    const host = options.hostname ?? options.host ?? '127.0.0.1';
    const port = Number(options.port ?? 80);
    this.dial(host, port).then(
      (socket) => callback?.(null, socket),
      (error: unknown) => callback?.(error instanceof Error ? error : new Error(String(error)), undefined as unknown as Duplex),
    );
    return undefined;
  }
}
