// The open terminals of one host, owned by its host scope and closed with it. A session belongs to
// the connection (a window's webContents, a browser tab's WebSocket) that opened it: its output goes
// there only, only that connection may type into, resize or close it, and it closes when that
// connection goes away. Each session is recorded in its workload's history when it opens and when it
// ends (who, when, which container, how long), never what was typed.
import { randomUUID } from 'node:crypto';
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import { MAX_EXEC_SESSIONS_PER_CONNECTION } from '../../../shared/exec';
import type { ExecShell } from '../../../shared/exec';
import type { ContainerView } from '../../../shared/types';
import type { EventBus } from '../events';
import type { ExecSessionRepo } from '../store/execSessionRepo';
import { ExecSession } from './execSession';
import type { ExecEnding } from './execSession';

export interface ExecSessionsDeps {
  hostId: string;
  docker(): Dockerode;
  events: Pick<EventBus, 'emitTo' | 'emit'>;
  history: ExecSessionRepo;
  /** The OS user the app runs as, for the history. */
  osUser: string;
  now?: () => number;
}

interface Entry {
  connectionId: string;
  session: ExecSession;
}

export class ExecSessions {
  private readonly sessions = new Map<string, Entry>();
  /** Opens in flight, per connection, so parallel opens cannot pass the per-connection limit together. */
  private readonly opening = new Map<string, number>();
  /** Connections that went away while one of their opens was in flight: that session is closed on arrival. */
  private readonly goneWhileOpening = new Set<string>();
  private closed = false;

  constructor(private readonly deps: ExecSessionsDeps) {}

  count(connectionId?: string): number {
    if (connectionId === undefined) return this.sessions.size;
    return [...this.sessions.values()].filter((e) => e.connectionId === connectionId).length;
  }

  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  async open(connectionId: string, row: ContainerView, size: { cols: number; rows: number }): Promise<{ sessionId: string; shell: ExecShell }> {
    if (this.closed) throw new AppError('CONFLICT', `Tinyforge is closing host ${this.deps.hostId}; no terminal can be opened.`);
    if (row.state !== 'running') throw new AppError('CONFLICT', `${row.name} is not running: a terminal needs a running container.`, { container: row.name });
    const busy = this.count(connectionId) + (this.opening.get(connectionId) ?? 0);
    if (busy >= MAX_EXEC_SESSIONS_PER_CONNECTION) {
      throw new AppError('CONFLICT', `this window already has ${busy} terminals open (the most it may have); close one first.`);
    }
    this.opening.set(connectionId, (this.opening.get(connectionId) ?? 0) + 1);
    const sessionId = randomUUID();
    const now = this.deps.now ?? Date.now;
    try {
      let recorded = false;
      let endedEarly: ExecEnding | null = null;
      const session = await ExecSession.open({
        docker: this.deps.docker(),
        dockerId: row.dockerId,
        name: row.name,
        cols: size.cols,
        rows: size.rows,
        send: (data) => this.deps.events.emitTo(connectionId, 'exec.output', { sessionId, data }),
        ended: (ending) => {
          this.sessions.delete(sessionId);
          if (recorded) this.deps.history.end(sessionId, now(), ending.reason);
          else endedEarly = ending;
          this.deps.events.emitTo(connectionId, 'exec.ended', { sessionId, ...ending });
          this.historyChanged(row);
        },
      });
      this.deps.history.start({
        id: sessionId,
        hostId: this.deps.hostId,
        workloadId: row.workloadId,
        containerId: row.id,
        containerName: row.name,
        osUser: this.deps.osUser,
        shell: session.shell,
        startedAt: now(),
      });
      recorded = true;
      this.historyChanged(row);
      // The shell can end before it is recorded (the container stopped at that moment).
      const early = endedEarly as ExecEnding | null;
      if (early) this.deps.history.end(sessionId, now(), early.reason);
      else this.sessions.set(sessionId, { connectionId, session });
      // Closed (host scope closing, or the connection gone) while Docker was answering.
      if (this.closed) await session.close({ reason: 'shutdown', exitCode: null, message: null });
      else if (this.goneWhileOpening.has(connectionId)) await session.close({ reason: 'closed', exitCode: null, message: null });
      return { sessionId, shell: session.shell };
    } finally {
      const left = (this.opening.get(connectionId) ?? 1) - 1;
      if (left > 0) this.opening.set(connectionId, left);
      else {
        this.opening.delete(connectionId);
        this.goneWhileOpening.delete(connectionId);
      }
    }
  }

  private historyChanged(row: ContainerView): void {
    if (row.workloadId) this.deps.events.emit('exec.changed', { hostId: this.deps.hostId, workloadId: row.workloadId });
  }

  /** The caller's own session; another connection's is refused, whatever its id. */
  private own(connectionId: string, sessionId: string): ExecSession {
    const entry = this.sessions.get(sessionId);
    if (!entry) throw new AppError('NOT_FOUND', 'this terminal session has ended or never existed.');
    if (entry.connectionId !== connectionId) throw new AppError('FORBIDDEN', 'this terminal session belongs to another window; nothing was sent.');
    return entry.session;
  }

  write(connectionId: string, sessionId: string, data: string): void {
    this.own(connectionId, sessionId).write(data);
  }

  resize(connectionId: string, sessionId: string, cols: number, rows: number): Promise<void> {
    return this.own(connectionId, sessionId).resize(cols, rows);
  }

  async close(connectionId: string, sessionId: string): Promise<boolean> {
    const entry = this.sessions.get(sessionId);
    if (!entry) return false;
    if (entry.connectionId !== connectionId) throw new AppError('FORBIDDEN', 'this terminal session belongs to another window; it stays open.');
    await entry.session.close({ reason: 'closed', exitCode: null, message: null });
    return true;
  }

  /** The connection went away: its sessions go with it. */
  async closeConnection(connectionId: string): Promise<void> {
    if (this.opening.has(connectionId)) this.goneWhileOpening.add(connectionId);
    const mine = [...this.sessions.values()].filter((e) => e.connectionId === connectionId);
    await Promise.all(mine.map((e) => e.session.close({ reason: 'closed', exitCode: null, message: null })));
  }

  /** The host's connection dropped: every session ends, telling its client why. */
  async hostDown(reason: string | null): Promise<void> {
    await this.endAll({ reason: 'host-down', exitCode: null, message: reason });
  }

  /** The host scope is closing: refuse new sessions and end every open one, waiting for each. */
  async closeAll(): Promise<void> {
    this.closed = true;
    await this.endAll({ reason: 'shutdown', exitCode: null, message: null });
  }

  private async endAll(ending: ExecEnding): Promise<void> {
    await Promise.all([...this.sessions.values()].map((e) => e.session.close(ending)));
  }
}
