// The connection's state machine with a scripted dialer: retries back off exponentially up to a
// cap, failures only the user can fix are not retried, and reconnect() skips the wait.
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { ErrorCode } from '../../../shared/errors';
import { DockerConnection } from './dockerConnection';
import type { DockerDialer } from './dialer';

function failingDialer(code: ErrorCode) {
  const attempts: number[] = [];
  const dialer: DockerDialer = {
    describe: 'scripted',
    async open() {
      attempts.push(Date.now());
      throw new AppError(code, `${code}: scripted failure`);
    },
  };
  return { dialer, attempts };
}

let connection: DockerConnection | undefined;
afterEach(async () => {
  await connection?.close();
  connection = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DockerConnection retries', () => {
  it('backs off exponentially from the minimum to the cap', async () => {
    const { dialer, attempts } = failingDialer('SSH_UNREACHABLE');
    connection = new DockerConnection({ hostId: 'h', dialer, backoffMinMs: 20, backoffMaxMs: 80 });
    await connection.start();
    await sleep(600);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(gaps.length).toBeGreaterThanOrEqual(5);
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(38);
    expect(gaps[2]).toBeGreaterThanOrEqual(75);
    // Capped: no gap grows past the maximum (plus scheduling slack).
    expect(Math.max(...gaps)).toBeLessThan(80 + 200);
    expect(gaps.slice(3).every((g) => g >= 75)).toBe(true);
    expect(connection.status).toMatchObject({ state: 'down', code: 'SSH_UNREACHABLE' });
  });

  it.each(['SSH_HOST_KEY_UNKNOWN', 'SSH_HOST_KEY_CHANGED', 'SSH_AUTH_FAILED', 'SSH_PASSPHRASE_NEEDED', 'SSH_BAD_PASSPHRASE'] as const)(
    'does not retry %s on its own, but reconnect() tries at once',
    async (code) => {
      const { dialer, attempts } = failingDialer(code);
      connection = new DockerConnection({ hostId: 'h', dialer, backoffMinMs: 10, backoffMaxMs: 20 });
      await connection.start();
      await sleep(150);
      expect(attempts).toHaveLength(1);
      expect(connection.status).toMatchObject({ state: 'down', code, reason: `${code}: scripted failure` });
      await connection.reconnect();
      expect(attempts).toHaveLength(2);
    },
  );

  it('announces every state change with its reason', async () => {
    const { dialer } = failingDialer('SSH_REFUSED');
    connection = new DockerConnection({ hostId: 'h', dialer, backoffMinMs: 10_000 });
    const seen: string[] = [];
    connection.onState((s) => seen.push(`${s.state}:${s.code ?? ''}`));
    await connection.start();
    expect(seen).toEqual(['down:SSH_REFUSED']);
  });
});
