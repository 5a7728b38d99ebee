// The host shell against the real thing: this machine for the local host, and this machine's sshd
// (a real OpenSSH server) for an SSH host, the same tests for both. Quoting is proved by arguments
// that a shell would act on reaching the program untouched; the one-connection rule by sshd's own
// log; a dropped connection by killing sshd's session processes under a running command.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { newRunId, waitFor } from '../testing/dockerHost';
import { SLOW_RC_USER, TestSshServer } from '../testing/sshServer';
import { Client } from 'ssh2';
import type { DockerSession } from './dialer';
import { DockerConnection } from './dockerConnection';
import { LocalHostShell } from './hostShell';
import type { HostShell } from './hostShell';
import { SshDialer } from './sshDialer';
import { SshHostShell } from './sshHostShell';
import { rejectionOf } from '../testing/fixtures';

const runId = newRunId();
// Under the login user's home, so `~/` paths are exercised too (root's home here, for both shells).
const base = `~/.tinyforge-test-${runId}`;
const baseAbsolute = join(homedir(), base.slice(2));
const pwned = `/tmp/tinyforge-pwned-${runId}`;
// Each would run something if any shell read it as syntax.
const ODD = [`it's "quoted"`, '$HOME', '${HOME}', 'a;b', `$(touch ${pwned})`, `\`touch ${pwned}\``, '*', '  spaced  ', 'back\\slash', '-n', '~', 'a\nb'];

let sshd: TestSshServer;
let sshSession: DockerSession;

beforeAll(async () => {
  sshd = await TestSshServer.start();
  sshSession = await new SshDialer({ settings: sshd.settings(), pinned: sshd.hostKey, passphrase: null }).open();
});
afterAll(async () => {
  await sshSession?.close();
  await sshd?.dispose();
  rmSync(baseAbsolute, { recursive: true, force: true });
});

function processRunning(marker: string): boolean {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .some((line) => line.trim() === `sleep ${marker}`);
}

describe.each([
  ['local', () => new LocalHostShell() as HostShell],
  ['ssh', () => sshSession.shell],
])('%s host shell', (kind, make) => {
  const dir = `${base}/${kind}`;
  const dirAbsolute = join(baseAbsolute, kind);

  it('hands every argument, the environment and the folder to the program as they are', async () => {
    const shell = make();
    const oddDir = `${dir}/d ir;$x'q"`;
    await shell.writeFiles(oddDir, []);

    const printed = await shell.run({ argv: ['printf', '%s\\n', ...ODD] });
    expect(printed).toEqual({ exitCode: 0, stdout: ODD.map((a) => `${a}\n`).join(''), stderr: '' });

    const env = await shell.run({ argv: ['printenv', 'TF_ODD', 'TF_OTHER'], env: { TF_ODD: ODD.join('|'), TF_OTHER: `x'; touch ${pwned}` } });
    expect(env.stdout).toBe(`${ODD.join('|')}\nx'; touch ${pwned}\n`);

    const pwd = await shell.run({ argv: ['pwd'], cwd: oddDir });
    expect(pwd.stdout).toBe(`${join(dirAbsolute, `d ir;$x'q"`)}\n`);
    expect((await shell.run({ argv: ['pwd'], cwd: '~' })).stdout).toBe(`${homedir()}\n`);
    expect(existsSync(pwned)).toBe(false);
  });

  it('refuses what no program can receive, running nothing', async () => {
    const shell = make();
    for (const bad of [{ argv: [] }, { argv: ['printf', 'a\0b'] }, { argv: ['true'], env: { 'A;touch x': '1' } }, { argv: ['true'], cwd: 'relative/dir' }]) {
      expect(await rejectionOf(shell.run(bad))).toMatchObject({ code: 'VALIDATION' });
    }
  });

  it('streams each line as it arrives, in order, and keeps the whole output', async () => {
    const shell = make();
    const seen: { line: string; stream: string; at: number }[] = [];
    const started = Date.now();
    const result = await shell.run({
      argv: ['sh', '-c', 'for i in 1 2 3; do echo out$i; sleep 0.1; echo err$i >&2; sleep 0.1; done; echo first-of-last; sleep 0.6; printf no-newline'],
      onLine: (line, stream) => seen.push({ line, stream, at: Date.now() - started }),
    });
    const ended = Date.now() - started;
    expect(seen.map((s) => `${s.stream}:${s.line}`)).toEqual([
      'stdout:out1',
      'stderr:err1',
      'stdout:out2',
      'stderr:err2',
      'stdout:out3',
      'stderr:err3',
      'stdout:first-of-last',
      'stdout:no-newline',
    ]);
    // Heard while the command still ran, not replayed at its end.
    expect(seen.find((s) => s.line === 'first-of-last')!.at).toBeLessThan(ended - 400);
    expect(result).toEqual({ exitCode: 0, stdout: 'out1\nout2\nout3\nfirst-of-last\nno-newline', stderr: 'err1\nerr2\nerr3\n' });
  });

  it('returns a nonzero exit and a missing program as results', async () => {
    const shell = make();
    expect(await shell.run({ argv: ['sh', '-c', 'echo oops >&2; exit 7'] })).toEqual({ exitCode: 7, stdout: '', stderr: 'oops\n' });
    expect(await shell.run({ argv: [`tinyforge-no-such-program-${runId}`] })).toMatchObject({ exitCode: 127 });
    expect((await shell.run({ argv: ['pwd'], cwd: `${dir}/missing-folder` })).exitCode).not.toBe(0);
  });

  it('gives the program an empty stdin, which it reads to its end at once', async () => {
    expect(await make().run({ argv: ['cat'], timeoutMs: 10_000 })).toEqual({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('kills the command on abort, and on its time limit', async () => {
    const shell = make();
    const marker = `600.${process.pid}${kind === 'ssh' ? 1 : 2}`;
    const abort = new AbortController();
    const running = shell.run({ argv: ['sleep', marker], signal: abort.signal });
    await waitFor('the command running on the host', () => processRunning(marker), 5_000);
    abort.abort(new Error('stopped by the test'));
    expect(await rejectionOf(running)).toMatchObject({ message: 'stopped by the test' });
    await waitFor('the command gone from the host', () => !processRunning(marker), 5_000);

    // What the program started dies with it (the kill reaches its whole process group).
    const childMarker = `603.${process.pid}${kind === 'ssh' ? 1 : 2}`;
    const parent = new AbortController();
    const withChild = shell.run({ argv: ['sh', '-c', `sleep ${childMarker}; echo after`], signal: parent.signal });
    await waitFor('the child running on the host', () => processRunning(childMarker), 5_000);
    parent.abort(new Error('stopped by the test'));
    await rejectionOf(withChild);
    await waitFor('the child gone from the host', () => !processRunning(childMarker), 5_000);

    const timedMarker = `601.${process.pid}${kind === 'ssh' ? 1 : 2}`;
    const timed = await rejectionOf(shell.run({ argv: ['sleep', timedMarker], timeoutMs: 500 }));
    expect(timed).toMatchObject({ code: 'HOST_COMMAND_TIMEOUT', details: { command: 'sleep', timeoutMs: 500 } });
    await waitFor('the timed-out command gone from the host', () => !processRunning(timedMarker), 5_000);
  });

  it('writes files atomically with private modes into a private folder, reads and removes them', async () => {
    const shell = make();
    const stack = `${dir}/stack`;
    // A folder that exists with a looser mode is made private too: it is about to hold a .env.
    mkdirSync(join(dirAbsolute, 'stack'), { recursive: true, mode: 0o755 });
    const absolute = await shell.writeFiles(stack, [
      { name: 'compose.yml', content: 'services: {}\n' },
      { name: '.env', content: 'SECRET=1\n' },
      { name: 'public.txt', content: Buffer.from('hello'), mode: 0o644 },
    ]);
    expect(absolute).toBe(join(dirAbsolute, 'stack'));
    const modes = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect([modes(absolute), modes(join(absolute, 'compose.yml')), modes(join(absolute, '.env')), modes(join(absolute, 'public.txt'))]).toEqual([
      '700',
      '600',
      '600',
      '644',
    ]);
    // The same, as the host itself reports it (over SSH for the SSH host).
    const stat = await shell.run({ argv: ['stat', '-c', '%a %n', '.', 'compose.yml', '.env'], cwd: stack });
    expect(stat.stdout).toBe('700 .\n600 compose.yml\n600 .env\n');

    await shell.writeFiles(stack, [{ name: 'compose.yml', content: 'services: {a: {}}\n' }]);
    expect(await shell.readFile(`${stack}/compose.yml`)).toBe('services: {a: {}}\n');
    // No temp file left behind by the atomic writes.
    expect((await shell.run({ argv: ['ls', '-A'], cwd: stack })).stdout).toBe('.env\ncompose.yml\npublic.txt\n');

    await shell.removeFiles(stack, ['.env', 'not-there']);
    expect(existsSync(join(absolute, '.env'))).toBe(false);
  });

  it('refuses bad names and paths, and says what is wrong with a file it cannot read', async () => {
    const shell = make();
    for (const name of ['../escape', 'a/b', '..', '']) {
      expect(await rejectionOf(shell.writeFiles(`${dir}/names`, [{ name, content: 'x' }]))).toMatchObject({ code: 'VALIDATION' });
    }
    expect(existsSync(join(dirAbsolute, 'names'))).toBe(false);
    expect(await rejectionOf(shell.writeFiles('relative', []))).toMatchObject({ code: 'VALIDATION' });

    await shell.writeFiles(`${dir}/read`, [{ name: 'big', content: 'x'.repeat(2000) }]);
    expect(await rejectionOf(shell.readFile(`${dir}/read/big`, 1000))).toMatchObject({ code: 'VALIDATION', details: { maxBytes: 1000 } });
    expect(await rejectionOf(shell.readFile(`${dir}/read/nothing`))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejectionOf(shell.readFile(`${dir}/read`))).toMatchObject({ code: 'VALIDATION' });
  });
});

describe('ssh host shell: one connection', () => {
  it('runs many commands and file operations without opening another SSH connection', async () => {
    const before = sshd.acceptedLogins();
    expect(before).toBeGreaterThan(0);
    const shell = sshSession.shell;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => shell.run({ argv: ['echo', String(i)] })));
    for (let i = 0; i < 12; i++) await shell.run({ argv: ['true'] });
    await shell.writeFiles(`${base}/one-connection`, [{ name: 'a', content: '1' }]);
    await shell.readFile(`${base}/one-connection/a`);
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 8 }, (_, i) => `${i}\n`));
    expect(sshd.acceptedLogins()).toBe(before);
  });

  it('opens the SFTP channel again on the same connection after it closed', async () => {
    const before = sshd.acceptedLogins();
    const shell = sshSession.shell as SshHostShell;
    await shell.writeFiles(`${base}/reopen`, [{ name: 'a', content: '1' }]);
    shell.close();
    await shell.writeFiles(`${base}/reopen`, [{ name: 'a', content: '2' }]);
    expect(await shell.readFile(`${base}/reopen/a`)).toBe('2');
    expect(sshd.acceptedLogins()).toBe(before);
  });
});

describe('ssh host shell: the connection drops under a command', () => {
  it('rejects with HOST_CONNECTION_LOST, not as a failed command, and the connection refuses shells while down', async () => {
    // A server of its own: cutting its sessions must not touch the other tests' connection.
    const cut = await TestSshServer.start();
    const connection = new DockerConnection({
      hostId: `cut-${runId}`,
      dialer: new SshDialer({ settings: cut.settings(), pinned: cut.hostKey, passphrase: null }),
      backoffMinMs: 60_000,
    });
    try {
      await connection.start();
      expect(connection.status.state).toBe('up');
      const marker = `602.${process.pid}`;
      const running = connection.shell().run({ argv: ['sleep', marker] });
      await waitFor('the command running on the host', () => processRunning(marker), 5_000);
      cut.killSessions();
      const error = await rejectionOf(running);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'HOST_CONNECTION_LOST', details: { command: 'sleep', started: true } });
      expect((error as Error).message).toMatch(/unknown/);
      await waitFor('the host down', () => connection.status.state === 'down', 5_000);
      expect(() => connection.shell()).toThrow(expect.objectContaining({ code: 'DOCKER_UNREACHABLE' }));
    } finally {
      await connection.close();
      await cut.dispose();
    }
  });
});

describe('ssh host shell: a login shell slow to start', () => {
  // SLOW_RC_USER's ~/.bashrc sleeps 1 s (as pyenv or nvm make one slow) and exports TINYFORGE_RC;
  // bash sources it for every command sshd runs.
  const processesOf = (user: string) =>
    execFileSync('ps', ['-u', user, '-o', 'comm='], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('sshd'));

  it('runs the next command on a channel opened ahead, whose shell has read the rc file already, and ends that channel on close', async () => {
    const client = new Client();
    let closed = false;
    client.on('close', () => (closed = true));
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve).once('error', reject);
      client.connect({ host: '127.0.0.1', port: sshd.port, username: SLOW_RC_USER, privateKey: readFileSync(sshd.clientKey) });
    });
    const shell = new SshHostShell(client, `${SLOW_RC_USER}@127.0.0.1`, () => closed);
    try {
      const timed = async () => {
        const started = performance.now();
        const result = await shell.run({ argv: ['printenv', 'TINYFORGE_RC'] });
        return { result, ms: performance.now() - started };
      };
      // The first command waits for its own login shell: the rc file is slow, as the test needs.
      const first = await timed();
      expect(first.result).toEqual({ exitCode: 0, stdout: 'from-bashrc\n', stderr: '' });
      expect(first.ms).toBeGreaterThan(900);
      // The next channel opened when the first command ended; its shell waits for a script.
      await waitFor('the next shell waiting for its command', () => processesOf(SLOW_RC_USER).includes('cat'), 10_000, 50);
      const next = await timed();
      expect(next.result).toEqual({ exitCode: 0, stdout: 'from-bashrc\n', stderr: '' });
      expect(next.ms).toBeLessThan(600);

      await waitFor('the next shell waiting for its command', () => processesOf(SLOW_RC_USER).includes('cat'), 10_000, 50);
      shell.close();
      await waitFor('no shell left on the host', () => processesOf(SLOW_RC_USER).length === 0, 5_000, 50);
    } finally {
      client.end();
    }
  });
});
