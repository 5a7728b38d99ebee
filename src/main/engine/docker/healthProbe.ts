// The health probe of a stage's instance: GET <path> on the container's IP, dialled from the Docker
// host (a container IP means nothing on this machine when the host is reached over SSH).
import { DialAgent } from './dialAgent';
import type { TcpDial } from './dialer';
import { dialRequest } from './dialRequest';

/** Resolves with the HTTP status of `GET http://<ip>:<port><path>` as the Docker host sees it. */
export type HealthProbe = (ip: string, port: number, path: string) => Promise<number>;

export function dialProbe(dial: TcpDial, timeoutMs = 2_000): HealthProbe {
  const agent = new DialAgent(dial, 'health probe');
  return async (ip, port, path) => (await dialRequest({ agent, host: ip, port, path, timeoutMs })).status;
}

/** 2xx and 3xx pass, as the deploy's health step says. */
export function isHealthyStatus(status: number): boolean {
  return status >= 200 && status < 400;
}
