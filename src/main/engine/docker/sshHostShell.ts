// The host shell of an SSH host, on the session's own ssh2 Client: a command is an exec channel and
// files go through one SFTP channel kept open, so nothing here ever opens a second SSH connection
// (compose's DOCKER_HOST=ssh:// does, once per call, and sshd's MaxStartups then drops them).
// A channel that closes without an exit status means the connection died under the command: its
// outcome on the host is unknown, which is a different thing from a command that failed.
import { randomBytes } from 'node:crypto';
import type { Client, ClientChannel, SFTPWrapper, Stats } from 'ssh2';
import { AppError } from '../../../shared/errors';
import type { HostCommand, HostCommandResult, HostFile, HostShell } from './hostShell';
import { DEFAULT_READ_LIMIT, asError, KILL_GRACE_MS, LineCollector, checkFileName, checkHostPath, remoteScript, signalExit, timeoutError } from './hostShell';

// SFTP status codes (draft-ietf-secsh-filexfer-02, the version OpenSSH speaks).
const SFTP_NO_SUCH_FILE = 2;
const SFTP_PERMISSION_DENIED = 3;
/** The first stderr line of every command: the remote shell's PID, then handed on by `exec`. */
const PID_MARKER = 'tinyforge-pid:';
/**
 * What the login shell of every command's channel runs: it reports its PID, then reads the
 * command's script from stdin to its end and runs it. The script comes after the channel is open,
 * so the channel of the next command can be opened ahead: sshd runs `$SHELL -c`, and bash then
 * sources ~/.bashrc (pyenv, nvm, conda: often hundreds of milliseconds), which is then paid while
 * the host is idle, not while the user waits. The command still has a channel and a shell of its
 * own, so its output, exit status and kill stay its own too. An empty script (the channel ended
 * unused) runs nothing.
 */
const LAUNCHER = `printf '${PID_MARKER}%s\\n' "$$" >&2 && tinyforge_script=$(cat) && eval "$tinyforge_script"`;

type ChannelEvent = { kind: 'stdout' | 'stderr'; chunk: Buffer } | { kind: 'exit'; code: number | null; signal: string | undefined } | { kind: 'close' };

/**
 * A command channel whose login shell is starting or waiting for its script. What it says before a
 * command claims it (the PID line, anything the rc files print) is kept and handed to that command.
 */
class LaunchedChannel {
  closed = false;
  private sink: ((event: ChannelEvent) => void) | null = null;
  private readonly early: ChannelEvent[] = [];

  constructor(readonly channel: ClientChannel) {
    const emit = (event: ChannelEvent) => (this.sink ? this.sink(event) : this.early.push(event));
    channel.on('data', (chunk: Buffer) => emit({ kind: 'stdout', chunk }));
    channel.stderr.on('data', (chunk: Buffer) => emit({ kind: 'stderr', chunk }));
    channel.on('exit', (code: number | null, signal?: string) => emit({ kind: 'exit', code, signal }));
    channel.on('close', () => {
      this.closed = true;
      emit({ kind: 'close' });
    });
  }

  get claimed(): boolean {
    return this.sink !== null;
  }

  claim(sink: (event: ChannelEvent) => void): void {
    this.sink = sink;
    for (const event of this.early.splice(0)) sink(event);
  }
}

/** SFTP paths are relative to the login home: `~/x` is `x` there, `~` is `.`. */
function sftpPath(path: string): string {
  checkHostPath(path);
  if (path === '~') return '.';
  return path.startsWith('~/') ? path.slice(2) || '.' : path;
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

export class SshHostShell implements HostShell {
  private sftpChannel: Promise<SFTPWrapper> | null = null;
  /** The next command's channel, opened ahead (see LAUNCHER); null when it failed to open. */
  private standby: Promise<LaunchedChannel | null> | null = null;
  /** close() was called: no channel is opened ahead any more (a command ending late must not leave one). */
  private ended = false;
  /** What each running command does when the connection closes (one listener on the client for all). */
  private readonly onConnectionClosed = new Set<() => void>();

  constructor(
    private readonly client: Client,
    /** user@host, for messages. */
    private readonly where: string,
    /** The connection under this shell is gone (closed by us or lost). */
    private readonly isClosed: () => boolean,
  ) {
    client.on('close', () => {
      for (const listener of [...this.onConnectionClosed]) listener();
    });
  }

  async run(cmd: HostCommand): Promise<HostCommandResult> {
    // The shell first reports its PID, which `exec` hands on to the program: sshd refuses channel
    // signals for sessions that run without privilege separation (a root login), so a kill may
    // have to go through `kill` on another channel instead.
    const script = remoteScript(cmd);
    cmd.signal?.throwIfAborted();
    if (this.isClosed()) throw this.lost(cmd, false);
    return new Promise<HostCommandResult>((resolve, reject) => {
      let settled = false;
      let channel: ClientChannel | null = null;
      let exitCode: number | null = null;
      let remotePid: number | null = null;
      let stoppedBy: Error | null = null;
      let killTimer: NodeJS.Timeout | null = null;
      const out = new LineCollector('stdout', cmd.onLine);
      const err = new LineCollector('stderr', cmd.onLine);
      let head: Buffer | null = Buffer.alloc(0);
      const timer = cmd.timeoutMs ? setTimeout(() => stop(timeoutError(cmd, this.where)), cmd.timeoutMs) : null;
      const finish = (action: () => void) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        cmd.signal?.removeEventListener('abort', onAbort);
        this.onConnectionClosed.delete(onConnectionClosed);
        action();
        this.prepare();
      };
      const signal = (name: 'TERM' | 'KILL') => {
        channel?.signal(name);
        if (remotePid !== null) this.kill(remotePid, name);
      };
      const stop = (why: Error) => {
        if (stoppedBy !== null || settled) return;
        stoppedBy = why;
        if (!channel) return;
        signal('TERM');
        killTimer = setTimeout(() => {
          signal('KILL');
          channel?.close();
        }, KILL_GRACE_MS);
      };
      const onAbort = () => stop(asError(cmd.signal?.reason ?? 'aborted'));
      const onConnectionClosed = () => finish(() => reject(stoppedBy ?? this.lost(cmd, true)));
      // The PID line is ours, not the program's: it is kept out of stderr and onLine.
      const onStderr = (chunk: Buffer) => {
        if (head === null) return err.push(chunk);
        head = Buffer.concat([head, chunk]);
        const newline = head.indexOf(10);
        if (newline < 0 && head.length < 64) return;
        const first = head.subarray(0, newline < 0 ? 0 : newline).toString('latin1');
        const match = new RegExp(`^${PID_MARKER}(\\d+)$`).exec(first);
        if (match) remotePid = Number(match[1]);
        const rest = match ? head.subarray(newline + 1) : head;
        head = null;
        if (rest.length > 0) err.push(rest);
      };
      const onEvent = (event: ChannelEvent) => {
        if (event.kind === 'stdout') out.push(event.chunk);
        else if (event.kind === 'stderr') onStderr(event.chunk);
        else if (event.kind === 'exit') exitCode = typeof event.code === 'number' ? event.code : signalExit(event.signal);
        else {
          if (head !== null && head.length > 0) err.push(head);
          head = null;
          const result = { exitCode: exitCode ?? -1, stdout: out.end(), stderr: err.end() };
          if (stoppedBy !== null) {
            const why = stoppedBy;
            finish(() => reject(why));
          } else if (exitCode === null) finish(() => reject(this.lost(cmd, true)));
          else finish(() => resolve(result));
        }
      };
      cmd.signal?.addEventListener('abort', onAbort, { once: true });
      this.onConnectionClosed.add(onConnectionClosed);
      this.commandChannel().then(
        (launched) => {
          if (settled) {
            // The connection went down while the channel opened.
            launched.channel.close();
            return;
          }
          channel = launched.channel;
          launched.claim(onEvent);
          if (launched.closed) return;
          // Stopped before it started: the shell gets no script and ends having run nothing.
          launched.channel.end(stoppedBy === null ? script : undefined);
          if (stoppedBy !== null) {
            const why = stoppedBy;
            stoppedBy = null;
            stop(why);
          }
        },
        (error: unknown) =>
          // The server refused the channel (MaxSessions reached, the connection going down): the
          // command never started, so its outcome is known.
          finish(() =>
            reject(
              this.isClosed()
                ? this.lost(cmd, false)
                : new AppError('SSH_UNREACHABLE', `${this.where} refused to run ${cmd.argv[0]}: ${asError(error).message}.`, { host: this.where }),
            ),
          ),
      );
    });
  }

  /** The channel for a command: the one opened ahead if it is still open, else a new one. */
  private async commandChannel(): Promise<LaunchedChannel> {
    const ahead = this.standby;
    this.standby = null;
    const launched = ahead ? await ahead : null;
    if (launched && !launched.closed) return launched;
    return this.launch();
  }

  /** Opens the next command's channel ahead (after each command), unless one is open or opening. */
  private prepare(): void {
    if (this.standby !== null || this.ended || this.isClosed()) return;
    const opening: Promise<LaunchedChannel | null> = this.launch().then(
      (launched) => {
        // Closed unclaimed (the server ended it, or close() below): the next command opens its own.
        launched.channel.once('close', () => {
          if (this.standby === opening && !launched.claimed) this.standby = null;
        });
        return launched;
      },
      // Refused (MaxSessions reached, say): the next command asks for its own and reports that.
      () => null,
    );
    this.standby = opening;
  }

  private launch(): Promise<LaunchedChannel> {
    return new Promise<LaunchedChannel>((resolve, reject) => {
      try {
        this.client.exec(LAUNCHER, (error, channel) => (error ? reject(error) : resolve(new LaunchedChannel(channel))));
      } catch (error) {
        reject(asError(error));
      }
    });
  }

  /** Signals a remote process group (its session leader's PID) through `kill` on a channel of its own. */
  private kill(pid: number, signal: 'TERM' | 'KILL'): void {
    if (this.isClosed()) return;
    try {
      this.client.exec(`kill -${signal} -- -${pid} 2>/dev/null || kill -${signal} ${pid} 2>/dev/null`, (error, channel) => {
        if (error) return;
        channel.resume();
        channel.stderr.resume();
      });
    } catch {
      // The connection is going down: the command dies with it.
    }
  }

  async writeFiles(dir: string, files: HostFile[]): Promise<string> {
    for (const file of files) checkFileName(file.name);
    const path = sftpPath(dir);
    return this.withSftp('write to', dir, async (sftp) => {
      await this.mkdirs(sftp, path);
      // An existing folder keeps its mode under mkdir: this one may hold a secret .env.
      await call<void>((cb) => sftp.chmod(path, 0o700, cb));
      for (const file of files) {
        const mode = file.mode ?? 0o600;
        const target = joinPath(path, file.name);
        const temp = joinPath(path, `.${file.name}.${randomBytes(6).toString('hex')}.tmp`);
        try {
          await call<void>((cb) => sftp.writeFile(temp, file.content, { mode, flag: 'wx' }, cb));
          // sftp-server applies its umask to the mode asked for.
          await call<void>((cb) => sftp.chmod(temp, mode, cb));
          // posix-rename replaces the target in one step; plain SFTP rename refuses an existing one.
          await call<void>((cb) => sftp.ext_openssh_rename(temp, target, cb));
        } catch (error) {
          await call<void>((cb) => sftp.unlink(temp, cb)).catch(() => undefined);
          throw error;
        }
      }
      return call<string>((cb) => sftp.realpath(path, cb));
    });
  }

  async readFile(path: string, maxBytes = DEFAULT_READ_LIMIT): Promise<string> {
    const remote = sftpPath(path);
    return this.withSftp('read', path, async (sftp) => {
      const info = await call<Stats>((cb) => sftp.stat(remote, cb));
      if (!info.isFile()) throw new AppError('VALIDATION', `${path} is not a regular file.`, { path });
      if (info.size > maxBytes) throw new AppError('VALIDATION', `${path} is ${info.size} bytes, more than the ${maxBytes} allowed.`, { path, maxBytes });
      const data = await call<Buffer>((cb) => sftp.readFile(remote, cb));
      if (data.length > maxBytes) throw new AppError('VALIDATION', `${path} grew past the ${maxBytes} bytes allowed while being read.`, { path, maxBytes });
      return data.toString('utf8');
    });
  }

  async removeFiles(dir: string, names: string[]): Promise<void> {
    for (const name of names) checkFileName(name);
    const path = sftpPath(dir);
    await this.withSftp('remove files from', dir, async (sftp) => {
      for (const name of names) {
        await call<void>((cb) => sftp.unlink(joinPath(path, name), cb)).catch((error: { code?: unknown }) => {
          if (error.code !== SFTP_NO_SUCH_FILE) throw error;
        });
      }
    });
  }

  /** Closes the SFTP channel and the channel opened ahead (the connection itself belongs to the session). */
  close(): void {
    this.ended = true;
    const current = this.sftpChannel;
    this.sftpChannel = null;
    void current?.then((sftp) => sftp.end()).catch(() => undefined);
    const standby = this.standby;
    this.standby = null;
    // Its shell reads an empty script and exits.
    void standby?.then((launched) => launched?.channel.end()).catch(() => undefined);
  }

  private async mkdirs(sftp: SFTPWrapper, path: string): Promise<void> {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    let prefix = path.startsWith('/') ? '' : '.';
    for (const part of parts) {
      prefix = prefix === '' ? `/${part}` : `${prefix}/${part}`;
      const current = prefix;
      const info = await call<Stats>((cb) => sftp.stat(current, cb)).catch((error: { code?: unknown }) => {
        if (error.code === SFTP_NO_SUCH_FILE) return null;
        throw error;
      });
      if (info && !info.isDirectory()) throw new AppError('CONFLICT', `${current} exists on ${this.where} and is not a folder.`, { path: current });
      if (!info) await call<void>((cb) => sftp.mkdir(current, { mode: 0o700 }, cb));
    }
  }

  /** Runs `work` on the cached SFTP channel, turning its failures into errors a user can act on. */
  private async withSftp<T>(op: string, path: string, work: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
    try {
      return await work(await this.sftp());
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (this.isClosed())
        throw new AppError(
          'HOST_CONNECTION_LOST',
          `the connection to ${this.where} was lost while trying to ${op} ${path}; some files may have been written.`,
          {
            host: this.where,
          },
        );
      const code = (error as { code?: unknown }).code;
      const why = (error as Error).message;
      if (code === SFTP_NO_SUCH_FILE) throw new AppError('NOT_FOUND', `cannot ${op} ${path} on ${this.where}: it does not exist.`, { path, host: this.where });
      if (code === SFTP_PERMISSION_DENIED)
        throw new AppError('FORBIDDEN', `cannot ${op} ${path} on ${this.where}: permission denied.`, { path, host: this.where });
      throw new AppError('INTERNAL', `cannot ${op} ${path} on ${this.where}: ${why}`, { path, host: this.where });
    }
  }

  /** One SFTP channel per connection, opened on first use and again if the server closed it. */
  private sftp(): Promise<SFTPWrapper> {
    if (this.isClosed()) return Promise.reject(new Error('connection closed'));
    if (this.sftpChannel) return this.sftpChannel;
    const opening = new Promise<SFTPWrapper>((resolve, reject) => {
      this.client.sftp((error, sftp) => {
        if (error) return reject(error);
        const forget = () => {
          if (this.sftpChannel === opening) this.sftpChannel = null;
        };
        sftp.once('close', forget);
        sftp.once('end', forget);
        resolve(sftp);
      });
    });
    this.sftpChannel = opening;
    opening.catch(() => {
      if (this.sftpChannel === opening) this.sftpChannel = null;
    });
    return opening;
  }

  private lost(cmd: HostCommand, started: boolean): AppError {
    const command = cmd.argv[0] ?? '';
    return new AppError(
      'HOST_CONNECTION_LOST',
      started
        ? `the connection to ${this.where} was lost while ${command} was running: whether it finished on the host is unknown. Check the host once it is back, then retry.`
        : `the connection to ${this.where} is closed; ${command} was not started.`,
      { host: this.where, command, started },
    );
  }
}

/** ssh2's SFTP methods take node-style callbacks. */
function call<T>(start: (cb: (error: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}
