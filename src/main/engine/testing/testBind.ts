// The BIND that scripts/test-host.sh runs as the authoritative server of tinyforge.test on
// 127.0.0.1:5353, its TSIG keys (test fixtures, the same values as in that script), and the real
// ISC tools (`nsupdate`, `dig`) the tests use to look and to change records behind the app's back.
// Nothing here starts or stops that BIND: other test runs use it at the same time, so every test
// works under names of its own.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const TEST_BIND = {
  host: '127.0.0.1',
  port: Number(process.env.TINYFORGE_TEST_BIND_PORT ?? 5353),
  zone: 'tinyforge.test',
  /** The app's key: may update the zone. */
  key: { name: 'tinyforge-test-key', algorithm: 'hmac-sha256', secret: 'dGlueWZvcmdlLXRlc3QtdHNpZy1zZWNyZXQtMjU2IQ==' },
  sha512Key: { name: 'tinyforge-test-sha512', algorithm: 'hmac-sha512', secret: 'dGlueWZvcmdlLXRlc3QtdHNpZy1zZWNyZXQtNTEyLWJpdHMtb2YtaXQtYWxsIQ==' },
  /** Someone else's key, for changes made outside the app. */
  outsideKey: { name: 'tinyforge-test-outside', algorithm: 'hmac-sha256', secret: 'b3V0c2lkZS10aGUtYXBwLXRzaWctc2VjcmV0LTI1Ng==' },
} as const;

/** A label no other test run uses. */
export function uniqueLabel(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Fails with a clear message when the test BIND is not there (test-host.sh not run). */
export async function bindAnswers(): Promise<void> {
  const soa = await dig(TEST_BIND.zone, 'SOA').catch((error: unknown) => {
    throw new Error(`the test BIND on ${TEST_BIND.host}:${TEST_BIND.port} does not answer (${String(error)}): run scripts/test-host.sh`);
  });
  if (soa.length === 0) throw new Error(`the test BIND on ${TEST_BIND.host}:${TEST_BIND.port} has no SOA for ${TEST_BIND.zone}: run scripts/test-host.sh`);
}

/** What `dig` over TCP sees at the authoritative server (the record data, one string each). */
export async function dig(name: string, type: string): Promise<string[]> {
  const { stdout } = await run('dig', ['+tcp', '+short', '+time=2', '+tries=1', '-p', String(TEST_BIND.port), `@${TEST_BIND.host}`, name, type]);
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Runs nsupdate commands (`update add ...`) for the zone with the outside key, as an admin would. */
export async function nsupdateOutside(...commands: string[]): Promise<void> {
  const k = TEST_BIND.outsideKey;
  const script = [`server ${TEST_BIND.host} ${TEST_BIND.port}`, `zone ${TEST_BIND.zone}`, ...commands, 'send', ''].join('\n');
  const child = execFile('nsupdate', ['-v', '-y', `${k.algorithm}:${k.name}:${k.secret}`]);
  const done = new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`nsupdate exited ${code}: ${err}`))));
  });
  child.stdin?.end(script);
  await done;
}
