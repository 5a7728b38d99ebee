// Docker over one persistent SSH connection. Every Docker API call rides a channel forwarded to the
// remote Docker socket (openssh_forwardOutStreamLocal) behind an http.Agent, so a call costs a
// channel open, not an SSH handshake (dockerode's own `protocol: 'ssh'` opens a new connection per
// call: about 285 ms each on loopback). ssh2 accepts any host key unless given a hostVerifier, so
// ours always checks the pinned SHA256 fingerprint and refuses before authenticating otherwise.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Agent } from 'node:http';
import type { ClientRequestArgs } from 'node:http';
import { homedir } from 'node:os';
import type { Duplex } from 'node:stream';
import { inspect } from 'node:util';
import Dockerode from 'dockerode';
import { Client, utils } from 'ssh2';
import type { ConnectConfig } from 'ssh2';
import { AppError } from '../../../shared/errors';
import type { ErrorCode, ErrorDetails } from '../../../shared/errors';
import type { HostKey, SshSettings } from '../../../shared/types';
import type { DockerDialer, DockerSession } from './dialer';
import { SshHostShell } from './sshHostShell';

export interface SshDialerOptions {
  settings: SshSettings;
  /** The accepted key; null means none yet, so any offered key is refused and reported. */
  pinned: HostKey | null;
  /** hosts.test only: also go on if the server offers exactly this fingerprint (the one the user reviewed). */
  acceptFingerprint?: string;
  passphrase: string | null;
  /** Called with every key a server offers that does not match the pin (for the user to review). */
  onOfferedKey?: (key: HostKey) => void;
  /** Called with every key a server offers, accepted or not. */
  onHostKey?: (key: HostKey) => void;
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** The agent socket; defaults to SSH_AUTH_SOCK. */
  agentSocket?: string;
}

/** OpenSSH's form: `SHA256:` + unpadded base64 of the SHA-256 of the key blob. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type is the blob's first SSH string: uint32 length, then the name. */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  if (len <= 0 || len > 64 || keyBlob.length < 4 + len) return 'unknown';
  return keyBlob.subarray(4, 4 + len).toString('ascii');
}

export function sshError(code: ErrorCode, message: string, details?: ErrorDetails): AppError {
  return new AppError(code, message, details);
}

function target(s: SshSettings): string {
  return `${s.username}@${s.address}${s.port === 22 ? '' : `:${s.port}`}`;
}

function expandHome(path: string): string {
  return path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
}

/** Reads and decrypts the key file, turning every failure into a code the user can act on. */
export async function loadPrivateKey(path: string, passphrase: string | null): Promise<Buffer> {
  let data: Buffer;
  try {
    // A FIFO or a device (/dev/zero) would hang or fill memory: keys are small regular files.
    const info = await stat(expandHome(path));
    if (!info.isFile()) throw sshError('SSH_KEY_UNREADABLE', `${path} is not a regular file.`);
    if (info.size > 64 * 1024) throw sshError('SSH_KEY_UNREADABLE', `${path} is ${info.size} bytes: too large to be a private key.`);
    data = await readFile(expandHome(path));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw sshError('SSH_KEY_UNREADABLE', `cannot read the private key ${path}: ${(error as Error).message}`);
  }
  const parsed = utils.parseKey(data, passphrase ?? undefined);
  if (parsed instanceof Error) {
    const m = parsed.message;
    if (/no passphrase given/i.test(m)) throw sshError('SSH_PASSPHRASE_NEEDED', `the private key ${path} is encrypted: enter its passphrase.`);
    if (/bad passphrase|bad decrypt|integrity check failed/i.test(m))
      throw sshError('SSH_BAD_PASSPHRASE', `the passphrase does not open the private key ${path}.`);
    const hint = /unsupported key format/i.test(m) ? ' If it is an encrypted PKCS#8 key, convert it with ssh-keygen -p -f <file>.' : '';
    throw sshError('SSH_KEY_UNREADABLE', `the private key ${path} cannot be used: ${m}.${hint}`);
  }
  return data;
}

/** http expects a net.Socket; a channel is a Duplex without the socket knobs it may call. */
function asSocket(channel: Duplex): Duplex {
  const socket = channel as Duplex & Record<string, unknown>;
  socket.setTimeout ??= () => socket;
  socket.setNoDelay ??= () => socket;
  socket.setKeepAlive ??= () => socket;
  socket.ref ??= () => socket;
  socket.unref ??= () => socket;
  return socket;
}

/** An http.Agent whose every connection is a channel forwarded to the remote Docker socket. */
class ForwardedSocketAgent extends Agent {
  constructor(
    private readonly client: Client,
    private readonly socketPath: string,
  ) {
    // Keep-alive: an HTTP request reuses an open channel instead of opening one per call.
    super({ keepAlive: true, maxFreeSockets: 4 });
  }

  /**
   * docker-modem logs every request with util.inspect(options, { showHidden: true, depth: null })
   * whether or not debugging is on, and the options hold this agent: without this, each Docker call
   * walked the whole ssh2 client (several ms, more with an events stream open).
   */
  [inspect.custom](): string {
    return `ForwardedSocketAgent(${this.socketPath})`;
  }

  override createConnection(_options: ClientRequestArgs, callback?: (err: Error | null, socket: Duplex) => void): Duplex | undefined {
    this.client.openssh_forwardOutStreamLocal(this.socketPath, (err, channel) => {
      if (err) return callback?.(err, undefined as unknown as Duplex);
      callback?.(null, asSocket(channel));
    });
    return undefined;
  }
}

export class SshDialer implements DockerDialer {
  readonly describe: string;

  constructor(private readonly options: SshDialerOptions) {
    this.describe = `ssh://${target(options.settings)}${options.settings.socketPath}`;
  }

  async open(): Promise<DockerSession> {
    const { settings, pinned } = this.options;
    const config: ConnectConfig = {
      host: settings.address.replace(/^\[|\]$/g, ''),
      port: settings.port,
      username: settings.username,
      readyTimeout: this.options.readyTimeoutMs ?? 10_000,
      keepaliveInterval: this.options.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: this.options.keepaliveCountMax ?? 3,
      // AES-GCM runs in Node's own crypto; ssh2's default first choice, chacha20-poly1305, needs its
      // optional native addon (not built here) and otherwise computes Poly1305 in JavaScript.
      algorithms: {
        cipher: ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr', 'chacha20-poly1305@openssh.com'],
      },
    };
    if (settings.auth === 'key') {
      if (!settings.privateKeyPath) throw sshError('SSH_KEY_UNREADABLE', 'no private key file is set for this host.');
      config.privateKey = await loadPrivateKey(settings.privateKeyPath, this.options.passphrase);
      if (this.options.passphrase) config.passphrase = this.options.passphrase;
    } else {
      const agent = this.options.agentSocket ?? process.env.SSH_AUTH_SOCK;
      if (!agent)
        throw sshError(
          'SSH_AGENT_UNAVAILABLE',
          'no ssh-agent is running for Tinyforge (SSH_AUTH_SOCK is not set). Start one and add your key, or use a key file.',
        );
      config.agent = agent;
    }

    let refusedKey: { key: HostKey; changed: boolean } | null = null;
    config.hostVerifier = (blob: Buffer) => {
      const offered = { type: keyTypeOf(blob), fingerprint: fingerprintOf(blob) };
      this.options.onHostKey?.(offered);
      if (pinned && pinned.fingerprint === offered.fingerprint) return true;
      if (this.options.acceptFingerprint === offered.fingerprint) return true;
      refusedKey = { key: offered, changed: pinned !== null };
      this.options.onOfferedKey?.(offered);
      return false;
    };

    const client = new Client();
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error & { level?: string; code?: string }) => {
        client.removeListener('ready', ready);
        // ssh2 may report a second error for the same failure ("Connection lost before
        // handshake"); with no listener left that would crash the process.
        client.on('error', () => undefined);
        client.destroy();
        reject(this.classify(error, refusedKey));
      };
      const ready = () => {
        client.removeListener('error', fail);
        resolve();
      };
      client.once('ready', ready);
      client.once('error', fail);
      try {
        client.connect(config);
      } catch (error) {
        fail(error as Error);
      }
    });

    // Small request/response exchanges over one TCP connection: without this, Nagle's algorithm
    // holds each short packet back waiting for an ACK, adding milliseconds to every Docker call.
    client.setNoDelay(true);
    const lostListeners = new Set<(reason: AppError) => void>();
    let closed = false;
    const lost = (reason: AppError) => {
      if (closed) return;
      closed = true;
      for (const l of lostListeners) l(reason);
    };
    const host = target(settings);
    client.on('error', (error: Error) => lost(sshError('SSH_UNREACHABLE', `the SSH connection to ${host} failed: ${error.message}`, { host })));
    client.on('close', () => lost(sshError('SSH_UNREACHABLE', `the SSH connection to ${host} closed`, { host })));

    const agent = new ForwardedSocketAgent(client, settings.socketPath);
    const shell = new SshHostShell(client, host, () => closed);
    // dockerode speaks plain HTTP over whatever socket the agent hands it.
    const docker = new Dockerode({ protocol: 'http', host: 'docker', port: 80, agent } as Dockerode.DockerOptions);

    return {
      docker,
      onLost(listener) {
        lostListeners.add(listener);
        return () => lostListeners.delete(listener);
      },
      diagnose: () => this.diagnoseSocket(client),
      forward: (cb) => client.openssh_forwardOutStreamLocal(settings.socketPath, cb),
      // A direct-tcpip channel on the same connection: the remote sshd opens the TCP connection, so
      // `127.0.0.1` and container IPs mean the remote host's, never this machine's.
      dial: (host, port) =>
        new Promise((resolve, reject) => {
          if (closed) {
            reject(new Error(`the SSH connection to ${target(settings)} is closed`));
            return;
          }
          client.forwardOut('127.0.0.1', 0, host, port, (err, channel) => (err ? reject(err) : resolve(asSocket(channel))));
        }),
      shell,
      async close() {
        closed = true;
        shell.close();
        agent.destroy();
        client.end();
        client.destroy();
      },
    };
  }

  /**
   * A failed channel to the Docker socket says only "open failed": ask the remote shell whether the
   * socket is missing or not writable for this user, so the error says which.
   */
  private diagnoseSocket(client: Client): Promise<AppError | null> {
    const { socketPath: path, username } = this.options.settings;
    const who = target(this.options.settings);
    const quoted = `'${path.replace(/'/g, `'\\''`)}'`;
    const script = `if [ ! -e ${quoted} ]; then echo missing; elif [ ! -r ${quoted} ] || [ ! -w ${quoted} ]; then echo denied; else echo ok; fi`;
    // The socket exists and is usable, yet the channel failed: the daemon is not listening there, or
    // the server forbids forwarding to sockets for this login.
    const notServed = sshError(
      'DOCKER_UNREACHABLE',
      `SSH works, but ${who} did not connect to ${path}: either no Docker daemon listens there (is it running?), or the server forbids socket forwarding for this login (AllowStreamLocalForwarding, DisableForwarding, or restrict / no-port-forwarding in authorized_keys).`,
    );
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: AppError | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      // A forced command (command="..." in authorized_keys) may never run ours and never exit.
      const timer = setTimeout(() => finish(notServed), 5_000);
      client.exec(script, (err, stream) => {
        if (err) return finish(notServed);
        stream.end();
        let out = '';
        stream.on('data', (d: Buffer) => (out += d.toString()));
        stream.stderr.on('data', () => undefined);
        stream.on('close', () => {
          const verdict = out.trim();
          if (verdict === 'missing')
            finish(
              sshError(
                'DOCKER_NOT_FOUND',
                `there is no Docker socket at ${path} on ${who}. Is Docker installed and running there, or is the socket elsewhere?`,
              ),
            );
          else if (verdict === 'denied')
            finish(
              sshError(
                'DOCKER_PERMISSION_DENIED',
                `${username} may not use ${path} on ${who}. Add the user to the docker group there (then log in again), or use another user.`,
              ),
            );
          else finish(notServed);
        });
        timer.refresh();
        setTimeout(() => stream.close(), 5_000).unref();
      });
    });
  }

  private classify(error: Error & { level?: string; code?: string }, refused: { key: HostKey; changed: boolean } | null): AppError {
    if (error instanceof AppError) return error;
    const s = this.options.settings;
    const who = target(s);
    if (refused) {
      if (refused.changed) {
        const expected = this.options.pinned!;
        return sshError(
          'SSH_HOST_KEY_CHANGED',
          `the host key of ${who} differs from the one you accepted (${expected.type} ${expected.fingerprint}); the server now offers ${refused.key.type} ${refused.key.fingerprint}. Someone may be intercepting the connection, or the server was reinstalled. Nothing was sent. Verify the new key on the server before accepting it.`,
          {
            host: who,
            expected: { type: expected.type, fingerprint: expected.fingerprint },
            offered: { type: refused.key.type, fingerprint: refused.key.fingerprint },
          },
        );
      }
      const offered = { type: refused.key.type, fingerprint: refused.key.fingerprint };
      if (this.options.acceptFingerprint) {
        return sshError(
          'SSH_HOST_KEY_UNKNOWN',
          `${who} offers the host key ${refused.key.type} ${refused.key.fingerprint}, not the key you reviewed (${this.options.acceptFingerprint}). Nothing was sent.`,
          { host: who, offered, reviewed: this.options.acceptFingerprint },
        );
      }
      return sshError(
        'SSH_HOST_KEY_UNKNOWN',
        `${who} offers the host key ${refused.key.type} ${refused.key.fingerprint}. Verify it on the server (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) and accept it to connect.`,
        { host: who, offered },
      );
    }
    if (error.level === 'agent' || /agent/i.test(error.message)) {
      return sshError('SSH_AGENT_UNAVAILABLE', `the ssh-agent could not be used (${error.message}). Start it and add your key (ssh-add), or use a key file.`);
    }
    if (error.level === 'client-authentication') {
      return sshError('SSH_AUTH_FAILED', `${who} refused the login: check the user name and that the key is in ~/.ssh/authorized_keys there.`);
    }
    if (error.level === 'client-timeout') return sshError('SSH_TIMEOUT', `${who} did not complete the SSH handshake in time.`);
    switch (error.code) {
      case 'ECONNREFUSED':
        return sshError('SSH_REFUSED', `nothing accepts SSH connections on ${s.address} port ${s.port}: is sshd running, and is the port right?`);
      case 'ETIMEDOUT':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
      case 'EHOSTDOWN':
        return sshError('SSH_UNREACHABLE', `${s.address} cannot be reached (${error.code}).`);
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return sshError('SSH_UNREACHABLE', `the name ${s.address} does not resolve (${error.code}).`);
      case 'ECONNRESET':
        return sshError('SSH_UNREACHABLE', `${who} closed the connection during the handshake.`);
      default:
        return sshError('SSH_UNREACHABLE', `cannot connect to ${who}: ${error.message}`);
    }
  }
}
