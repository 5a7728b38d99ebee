// Running programs and writing files on the Docker host itself, not through Docker's API: the
// compose CLI needs both (its files on the host's disk, its process on the host). The local host
// runs them here; an SSH host runs them on its one persistent connection (sshHostShell.ts), so a
// stack deploy never opens another SSH connection. Both take an argv, never a shell string, so no
// argument can be read as shell syntax by anyone between us and the program.
import { spawn } from 'node:child_process';
import { chmod, mkdir, open, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { constants as osConstants, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';

export interface HostCommand {
  /** The program and its arguments; never a shell string (each argument reaches the program as is). */
  argv: string[];
  /** Absolute, or starting with `~/` (the login user's home). */
  cwd?: string;
  /** Added to the login environment. Not for secrets: the host's process list shows them (use writeFiles). */
  env?: Record<string, string>;
  /** Abort kills the command (SIGTERM, then SIGKILL) and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Each complete line as it arrives, in order per stream (a last line without a newline at the end too). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Past this the command is killed and the call rejects with HOST_COMMAND_TIMEOUT. */
  timeoutMs?: number;
}

/** A nonzero exit is a result, not a throw. A missing program exits MISSING_COMMAND_EXIT, as sh's does. */
export interface HostCommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface HostFile {
  name: string;
  content: string | Buffer;
  /** Default 0600: these files may hold secrets (a stack's .env). */
  mode?: number;
}

export interface HostShell {
  run(cmd: HostCommand): Promise<HostCommandResult>;
  /** Creates `dir` (and parents) mode 0700 and writes each file with its mode (default 0600), atomically per file (write temp + rename). Returns the absolute dir. */
  writeFiles(dir: string, files: HostFile[]): Promise<string>;
  /** A regular file's text, refused past `maxBytes` (default 1 MiB). */
  readFile(path: string, maxBytes?: number): Promise<string>;
  /** Removes these files from `dir`; one already gone is not an error. */
  removeFiles(dir: string, names: string[]): Promise<void>;
}

/** sh's own exit status for "command not found"; the local shell reports a missing program the same way. */
export const MISSING_COMMAND_EXIT = 127;
export const DEFAULT_READ_LIMIT = 1024 * 1024;
/** Each stream keeps at most this much (its end): compose's pull progress can run long. */
export const OUTPUT_LIMIT = 8 * 1024 * 1024;
/** How long a killed command gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 3_000;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One argument for POSIX sh, inert: inside single quotes nothing is special but the quote itself. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A host path for sh: `~/x` becomes "$HOME"/'x' (a quoted ~ is not expanded), anything else is quoted. */
export function shPath(path: string): string {
  if (path === '~') return '"$HOME"';
  if (path.startsWith('~/')) return `"$HOME"/${shQuote(path.slice(2))}`;
  return shQuote(path);
}

/** Refuses what no host command can carry, before anything runs. */
export function checkCommand(cmd: HostCommand): void {
  if (cmd.argv.length === 0 || cmd.argv[0] === '') throw new AppError('VALIDATION', 'a host command needs a program to run.');
  if (cmd.argv.some((arg) => arg.includes('\0'))) throw new AppError('VALIDATION', 'a command argument contains a NUL byte, which no program can receive.');
  if (cmd.cwd !== undefined) checkHostPath(cmd.cwd);
  for (const [name, value] of Object.entries(cmd.env ?? {})) {
    if (!ENV_NAME.test(name)) throw new AppError('VALIDATION', `${JSON.stringify(name)} is not a valid environment variable name.`);
    if (value.includes('\0')) throw new AppError('VALIDATION', `the value of ${name} contains a NUL byte.`);
  }
}

/** Host paths are absolute or under the login user's home (`~/`): a relative one would depend on where a shell starts. */
export function checkHostPath(path: string): void {
  if (path.includes('\0') || !(path.startsWith('/') || path === '~' || path.startsWith('~/')))
    throw new AppError('VALIDATION', `${JSON.stringify(path)} is not a host path: give an absolute path or one starting with ~/.`);
}

export function checkFileName(name: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name))
    throw new AppError('VALIDATION', `${JSON.stringify(name)} is not a plain file name.`);
}

/**
 * The script an SSH server's shell runs for `cmd`: every piece quoted, then `exec`, so the program
 * replaces the shell and a signal sent to the session reaches the program itself.
 */
export function remoteScript(cmd: HostCommand): string {
  checkCommand(cmd);
  const parts: string[] = [];
  if (cmd.cwd !== undefined) parts.push(`cd -- ${shPath(cmd.cwd)}`);
  for (const [name, value] of Object.entries(cmd.env ?? {})) parts.push(`export ${name}=${shQuote(value)}`);
  parts.push(`exec ${cmd.argv.map(shQuote).join(' ')}`);
  return parts.join(' && ');
}

/** An abort reason as an Error (AbortSignal allows any value). */
export function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** Splits a byte stream into lines (UTF-8 safe across chunks), keeping the text for the result. */
export class LineCollector {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private text = '';

  constructor(
    private readonly stream: 'stdout' | 'stderr',
    private readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void,
  ) {}

  push(chunk: Buffer): void {
    this.take(this.decoder.write(chunk));
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): string {
    this.take(this.decoder.end());
    if (this.pending !== '') this.onLine?.(this.pending.replace(/\r$/, ''), this.stream);
    this.pending = '';
    return this.text;
  }

  private take(piece: string): void {
    if (piece === '') return;
    this.text += piece;
    if (this.text.length > OUTPUT_LIMIT) this.text = this.text.slice(this.text.length - OUTPUT_LIMIT);
    if (!this.onLine) return;
    const lines = (this.pending + piece).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.onLine(line.replace(/\r$/, ''), this.stream);
  }
}

export function timeoutError(cmd: HostCommand, where: string): AppError {
  return new AppError(
    'HOST_COMMAND_TIMEOUT',
    `${cmd.argv[0]} did not finish within ${Math.round((cmd.timeoutMs ?? 0) / 1000)} s on ${where} and was stopped.`,
    {
      command: cmd.argv[0] ?? '',
      timeoutMs: cmd.timeoutMs ?? 0,
    },
  );
}

/** A signal's death as sh reports it: 128 + the signal's number. */
export function signalExit(signal: string | null | undefined): number {
  const number = signal ? (osConstants.signals as Record<string, number>)[signal.startsWith('SIG') ? signal : `SIG${signal}`] : undefined;
  return 128 + (number ?? 0);
}

function expandLocal(path: string): string {
  checkHostPath(path);
  if (path === '~') return homedir();
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : resolve(path);
}

function fsError(op: string, path: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const why = (error as Error).message;
  if (code === 'ENOENT') return new AppError('NOT_FOUND', `cannot ${op} ${path}: it does not exist.`, { path });
  if (code === 'EACCES' || code === 'EPERM') return new AppError('FORBIDDEN', `cannot ${op} ${path}: permission denied.`, { path });
  return new AppError('INTERNAL', `cannot ${op} ${path}: ${why}`, { path });
}

/** This computer is the Docker host: child processes without a shell, files through fs. */
export class LocalHostShell implements HostShell {
  private readonly where = 'this computer';

  async run(cmd: HostCommand): Promise<HostCommandResult> {
    checkCommand(cmd);
    cmd.signal?.throwIfAborted();
    const cwd = cmd.cwd === undefined ? undefined : expandLocal(cmd.cwd);
    // spawn reports a missing cwd as ENOENT, the same as a missing program: tell them apart first,
    // the way sh's `cd` would fail.
    if (
      cwd !== undefined &&
      !(await stat(cwd).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    )
      return { exitCode: 2, stdout: '', stderr: `cd: ${cmd.cwd}: No such directory\n` };
    return new Promise<HostCommandResult>((resolvePromise, reject) => {
      // A process group of its own, so a kill reaches whatever the program started too (as sshd's
      // session does for a remote command).
      const child = spawn(cmd.argv[0]!, cmd.argv.slice(1), {
        cwd,
        env: { ...process.env, ...cmd.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
      });
      const kill = (signal: NodeJS.Signals) => {
        try {
          if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, signal);
          else child.kill(signal);
        } catch {
          // Already gone.
        }
      };
      const out = new LineCollector('stdout', cmd.onLine);
      const err = new LineCollector('stderr', cmd.onLine);
      let settled = false;
      let stoppedBy: Error | null = null;
      let killTimer: NodeJS.Timeout | null = null;
      const timer = cmd.timeoutMs ? setTimeout(() => stop(timeoutError(cmd, this.where)), cmd.timeoutMs) : null;
      const stop = (why: Error) => {
        if (stoppedBy !== null || settled) return;
        stoppedBy = why;
        kill('SIGTERM');
        killTimer = setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS);
      };
      const onAbort = () => stop(asError(cmd.signal?.reason ?? 'aborted'));
      cmd.signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (action: () => void) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        cmd.signal?.removeEventListener('abort', onAbort);
        action();
      };
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') finish(() => resolvePromise({ exitCode: MISSING_COMMAND_EXIT, stdout: '', stderr: `${cmd.argv[0]}: not found\n` }));
        else if (error.code === 'EACCES') finish(() => resolvePromise({ exitCode: 126, stdout: '', stderr: `${cmd.argv[0]}: Permission denied\n` }));
        else finish(() => reject(new AppError('INTERNAL', `cannot run ${cmd.argv[0]} on ${this.where}: ${error.message}`)));
      });
      child.once('close', (code, signal) => {
        const result = { exitCode: code ?? signalExit(signal), stdout: out.end(), stderr: err.end() };
        finish(() => (stoppedBy !== null ? reject(stoppedBy) : resolvePromise(result)));
      });
    });
  }

  async writeFiles(dir: string, files: HostFile[]): Promise<string> {
    for (const file of files) checkFileName(file.name);
    const absolute = expandLocal(dir);
    try {
      await mkdir(absolute, { recursive: true, mode: 0o700 });
      // An existing folder keeps its mode under mkdir: this one may hold a secret .env.
      await chmod(absolute, 0o700);
      for (const file of files) {
        const mode = file.mode ?? 0o600;
        const target = join(absolute, file.name);
        const temp = join(absolute, `.${file.name}.${randomBytes(6).toString('hex')}.tmp`);
        try {
          await writeFile(temp, file.content, { mode, flag: 'wx' });
          // The umask may have taken bits off the mode asked for.
          await chmod(temp, mode);
          await rename(temp, target);
        } catch (error) {
          await rm(temp, { force: true });
          throw error;
        }
      }
    } catch (error) {
      throw fsError('write to', dir, error);
    }
    return absolute;
  }

  async readFile(path: string, maxBytes = DEFAULT_READ_LIMIT): Promise<string> {
    const absolute = expandLocal(path);
    try {
      const info = await stat(absolute);
      if (!info.isFile()) throw new AppError('VALIDATION', `${path} is not a regular file.`, { path });
      if (info.size > maxBytes) throw new AppError('VALIDATION', `${path} is ${info.size} bytes, more than the ${maxBytes} allowed.`, { path, maxBytes });
      const handle = await open(absolute, 'r');
      try {
        const buffer = Buffer.alloc(maxBytes + 1);
        const { bytesRead } = await handle.read(buffer, 0, maxBytes + 1, 0);
        if (bytesRead > maxBytes) throw new AppError('VALIDATION', `${path} grew past the ${maxBytes} bytes allowed while being read.`, { path, maxBytes });
        return buffer.subarray(0, bytesRead).toString('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw fsError('read', path, error);
    }
  }

  async removeFiles(dir: string, names: string[]): Promise<void> {
    for (const name of names) checkFileName(name);
    const absolute = expandLocal(dir);
    for (const name of names) {
      await unlink(join(absolute, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw fsError('remove', join(dir, name), error);
      });
    }
  }
}
