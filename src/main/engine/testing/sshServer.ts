// A real OpenSSH server for tests: its own host key, client keys and authorized_keys in a temp
// folder, listening on 127.0.0.1 on a free port. Tests can replace its host key (as a reinstalled or
// impersonated server would), kill its per-connection processes (a dropped session), or stop it.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostKey, SshSettings } from '../../../shared/types';
import { waitFor } from './dockerHost';
import type { App } from '../app';

export const SSHD = '/usr/sbin/sshd';
export const NO_DOCKER_USER = 'tinyforge-nodocker';
/** A user whose ~/.bashrc sleeps 1 s, then exports TINYFORGE_RC=from-bashrc (scripts/test-host.sh). */
export const SLOW_RC_USER = 'tinyforge-slowrc';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function keygen(file: string, passphrase = ''): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'tinyforge-test', '-f', file]);
}

/** `SHA256:...` exactly as `ssh-keygen -lf` prints it. */
export function fingerprintFile(pubFile: string): HostKey {
  const out = execFileSync('ssh-keygen', ['-lf', pubFile], { encoding: 'utf8' });
  const m = /^\d+ (SHA256:\S+) .* \((\w+)\)$/m.exec(out.trim());
  if (!m) throw new Error(`cannot read a fingerprint from: ${out}`);
  return { fingerprint: m[1]!, type: m[2] === 'ED25519' ? 'ssh-ed25519' : m[2]!.toLowerCase() };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export class TestSshServer {
  readonly dir: string;
  readonly hostKeyFile: string;
  /** Authorized for root and for the no-docker user. */
  readonly clientKey: string;
  /** The same, encrypted with `passphrase`. */
  readonly encryptedClientKey: string;
  readonly passphrase = 'correct horse battery staple';
  /** A key nobody authorized. */
  readonly strangerKey: string;
  readonly logFile: string;
  port = 0;
  private child: ChildProcess | null = null;

  private constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'tinyforge-sshd-'));
    // sshd reads authorized_keys as the logging-in user: the folder must be readable by the
    // unprivileged test user too.
    chmodSync(this.dir, 0o755);
    this.hostKeyFile = join(this.dir, 'host_key');
    this.clientKey = join(this.dir, 'client_key');
    this.encryptedClientKey = join(this.dir, 'client_key_encrypted');
    this.strangerKey = join(this.dir, 'stranger_key');
    this.logFile = join(this.dir, 'sshd.log');
    keygen(this.hostKeyFile);
    keygen(this.clientKey);
    keygen(this.encryptedClientKey, this.passphrase);
    keygen(this.strangerKey);
    const authorized = [readFileSync(`${this.clientKey}.pub`, 'utf8'), readFileSync(`${this.encryptedClientKey}.pub`, 'utf8')].join('');
    writeFileSync(join(this.dir, 'authorized_keys'), authorized, { mode: 0o644 });
  }

  static async start(): Promise<TestSshServer> {
    const server = new TestSshServer();
    server.port = await freePort();
    await server.run();
    return server;
  }

  get hostKey(): HostKey {
    return fingerprintFile(`${this.hostKeyFile}.pub`);
  }

  settings(overrides: Partial<SshSettings> = {}): SshSettings {
    return {
      address: '127.0.0.1',
      port: this.port,
      username: 'root',
      auth: 'key',
      privateKeyPath: this.clientKey,
      socketPath: '/var/run/docker.sock',
      exposeSocket: false,
      ...overrides,
    };
  }

  /** Successful logins so far, from sshd's own log. */
  acceptedLogins(): number {
    try {
      return (readFileSync(this.logFile, 'utf8').match(/Accepted publickey/g) ?? []).length;
    } catch {
      return 0;
    }
  }

  /**
   * Drops every open session as a network cut would, keeping the listener. Each session is a
   * privileged process with an unprivileged child holding the socket too: kill the whole tree, or
   * the connection would stay open until keepalives notice.
   */
  killSessions(): void {
    this.signalSessions('SIGKILL');
  }

  /** Freezes every session: the TCP connection stays open but nothing answers, as a dead link. */
  freezeSessions(): void {
    this.signalSessions('SIGSTOP');
  }

  thawSessions(): void {
    this.signalSessions('SIGCONT');
  }

  private signalSessions(signal: NodeJS.Signals): void {
    if (!this.child?.pid) return;
    const descendants = (pid: number): number[] => {
      let out = '';
      try {
        out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
      } catch {
        return [];
      }
      const children = out
        .split('\n')
        .map((l) => Number(l.trim()))
        .filter((n) => n > 0);
      return children.flatMap((c) => [c, ...descendants(c)]);
    };
    for (const pid of descendants(this.child.pid)) {
      try {
        process.kill(pid, signal);
      } catch {
        // Already gone.
      }
    }
  }

  /** A new host key on the same address and port: a reinstalled server, or an impostor. */
  async replaceHostKey(): Promise<void> {
    await this.stop();
    rmSync(this.hostKeyFile);
    rmSync(`${this.hostKeyFile}.pub`);
    keygen(this.hostKeyFile);
    await this.run();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    this.killSessions();
    child.kill('SIGTERM');
    await exited;
    await waitFor('sshd port closed', async () => !(await portOpen(this.port)), 5_000, 20);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async run(): Promise<void> {
    this.child = spawn(
      SSHD,
      [
        '-D',
        '-p',
        String(this.port),
        '-h',
        this.hostKeyFile,
        '-E',
        this.logFile,
        '-o',
        'ListenAddress=127.0.0.1',
        '-o',
        `AuthorizedKeysFile=${join(this.dir, 'authorized_keys')}`,
        '-o',
        'StrictModes=no',
        '-o',
        'PidFile=none',
        '-o',
        'UsePAM=no',
        '-o',
        'PasswordAuthentication=no',
        '-o',
        'KbdInteractiveAuthentication=no',
        '-o',
        'PermitRootLogin=prohibit-password',
        '-o',
        'AllowStreamLocalForwarding=yes',
        '-o',
        'LogLevel=VERBOSE',
        '-o',
        'MaxStartups=100',
        '-o',
        'MaxSessions=100',
      ],
      { stdio: 'ignore' },
    );
    const child = this.child;
    await waitFor(
      'sshd listening',
      async () => {
        if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}; see ${this.logFile}`);
        return portOpen(this.port);
      },
      10_000,
      20,
    );
  }
}

/**
 * Adds `server` as an SSH host of `app`, accepts the host key it offers (as a user who checked it
 * would) and waits until the host is up. Answers with the host's id.
 */
export async function addTrustedHost(
  app: App,
  server: Pick<TestSshServer, 'settings'>,
  name: string,
  settings?: Parameters<TestSshServer['settings']>[0],
): Promise<string> {
  const added = await app.handlers['hosts.add']({ name, ssh: server.settings(settings), rememberPassphrase: false });
  const view = () => app.services.hostViews().find((h) => h.id === added.id);
  const offered = await waitFor('the offered key', () => view()?.offeredHostKey);
  await app.handlers['hosts.acceptHostKey']({ id: added.id, fingerprint: offered.fingerprint });
  await waitFor(`${name} up`, () => view()?.state === 'up', 15_000);
  return added.id;
}
