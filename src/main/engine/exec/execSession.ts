// One terminal: a Docker exec with a TTY in an owned container, attached over the host's own
// connection (the local socket, or the one SSH connection's forwarded channel). The first size is
// set right after the exec starts, before the shell draws its prompt, and on every resize after.
// It ends exactly once: closed by its owner, the shell exited, the container stopped, the host
// went away, or the app is closing.
import { StringDecoder } from 'node:string_decoder';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { ExecEndReason, ExecShell } from '../../../shared/exec';
import { isNotFound } from '../docker/dockerErrors';
import { BASH_PROBE, hangUpCommand, launchCommand, shellFromProbe, takePidFrame } from './shellLaunch';

export interface ExecEnding {
  reason: ExecEndReason;
  exitCode: number | null;
  message: string | null;
}

export interface ExecSessionOptions {
  docker: Dockerode;
  dockerId: string;
  /** For messages. */
  name: string;
  cols: number;
  rows: number;
  /** Output, decoded; called in order. */
  send(data: string): void;
  /** Called once, when the session has ended for whatever reason. */
  ended(ending: ExecEnding): void;
}

/** How often, and how many times, to look again before calling a killed shell's container running. */
const STOP_LOOK_MS = 100;
const STOP_LOOKS = 20;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Reads a non-TTY exec's stream to its end (its output is not needed). */
function drain(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('data', () => undefined);
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });
}

/** Runs a short command in the container and answers with its exit code. */
async function runQuiet(container: Dockerode.Container, cmd: string[]): Promise<number | null> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  await drain(await exec.start({}));
  return (await exec.inspect()).ExitCode;
}

export class ExecSession {
  readonly shell: ExecShell;
  private readonly decoder = new StringDecoder('utf8');
  private pending: string | null = '';
  private pid: number | null = null;
  /** Keystrokes that came before the PID frame. */
  private early = '';
  private ending: ExecEnding | null = null;
  private readonly finished: Promise<void>;
  private finish!: () => void;

  private constructor(
    private readonly options: ExecSessionOptions,
    private readonly container: Dockerode.Container,
    private readonly exec: Dockerode.Exec,
    private readonly stream: Duplex,
    shell: ExecShell,
  ) {
    this.shell = shell;
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  /** Chooses the shell, creates and starts the exec with a TTY, then sets its size at once. */
  static async open(options: ExecSessionOptions): Promise<ExecSession> {
    const container = options.docker.getContainer(options.dockerId);
    const gone = (error: unknown): never => {
      if (isNotFound(error)) throw new AppError('NOT_FOUND', `${options.name} no longer exists in Docker.`, { container: options.name });
      if (error instanceof Error && /is not running|is paused|is restarting/i.test(error.message)) {
        throw new AppError('CONFLICT', `${options.name} is not running: a terminal needs a running container.`, { container: options.name });
      }
      throw error;
    };
    const shell = shellFromProbe(await runQuiet(container, BASH_PROBE).catch(gone));
    const exec = await container
      .exec({
        Cmd: launchCommand(shell),
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: true,
        // No COLUMNS/LINES: they would override the TTY's size in many programs and go stale at the first resize.
        Env: ['TERM=xterm-256color'],
      })
      .catch(gone);
    const stream = await exec.start({ hijack: true, stdin: true, Tty: true }).catch(gone);
    const session = new ExecSession(options, container, exec, stream, shell);
    session.attach();
    // Before the shell draws anything (it is still printing its PID): the prompt and every program
    // it starts see the real size from the first line.
    await session.resize(options.cols, options.rows).catch(() => undefined);
    return session;
  }

  /**
   * Keystrokes, as the terminal emulator produced them. Held until the launcher has printed its PID:
   * the TTY would echo them at once, in front of that frame.
   */
  write(data: string): void {
    if (this.ending) throw new AppError('CONFLICT', 'this terminal session has ended.');
    if (this.pending !== null) this.early += data;
    else this.stream.write(data);
  }

  async resize(cols: number, rows: number): Promise<void> {
    if (this.ending) return;
    await this.exec.resize({ w: cols, h: rows });
  }

  /**
   * Ends the session: hangs up its shell in the container (Docker would leave it running), cuts the
   * attach connection, and resolves once ended() has been called.
   */
  async close(ending: ExecEnding): Promise<void> {
    if (!this.ending) {
      this.ending = ending;
      const pid = this.pid;
      if (pid !== null && ending.reason !== 'host-down') await runQuiet(this.container, hangUpCommand(pid)).catch(() => undefined);
      this.stream.destroy();
    }
    await this.finished;
  }

  get done(): Promise<void> {
    return this.finished;
  }

  private attach(): void {
    this.stream.on('data', (chunk: Buffer) => this.output(this.decoder.write(chunk)));
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      void this.whyEnded().then((why) => {
        const tail = this.decoder.end();
        if (tail) this.output(tail);
        // Output that never completed a frame is still output.
        if (this.pending) this.options.send(this.pending);
        this.pending = null;
        const ending = this.ending ?? why;
        this.ending = ending;
        this.options.ended(ending);
        this.finish();
      });
    };
    this.stream.once('end', settle);
    this.stream.once('close', settle);
    this.stream.once('error', (error: Error) => {
      this.ending ??= { reason: 'error', exitCode: null, message: error.message };
      settle();
    });
  }

  private output(text: string): void {
    if (this.pending !== null) {
      const frame = takePidFrame(this.pending + text);
      if (!frame.done) {
        this.pending += text;
        return;
      }
      this.pending = null;
      this.pid = frame.pid;
      text = frame.rest;
      if (this.early) this.stream.write(this.early);
      this.early = '';
    }
    if (text) this.options.send(text);
  }

  /**
   * The attach connection ended without anyone closing it: the shell exited, or the container
   * stopped (which kills it). The daemon can end the stream a moment before its own record says the
   * container stopped, so a shell killed by a signal gets a few more looks before it counts as exited.
   */
  private async whyEnded(): Promise<ExecEnding> {
    if (this.ending) return this.ending;
    try {
      const exitCode = (await this.exec.inspect()).ExitCode;
      const killed = exitCode === null || exitCode > 128;
      for (let look = 0; ; look += 1) {
        const info = await this.container.inspect();
        if (!info.State.Running) return { reason: 'container-stopped', exitCode: null, message: null };
        if (!killed || look >= STOP_LOOKS) return { reason: 'exited', exitCode, message: null };
        await new Promise((resolve) => setTimeout(resolve, STOP_LOOK_MS));
      }
    } catch (error) {
      if (isNotFound(error)) return { reason: 'container-stopped', exitCode: null, message: null };
      return { reason: 'host-down', exitCode: null, message: messageOf(error) };
    }
  }
}
