// The exec.* slice of the contract: terminals in owned containers, tied to the connection that
// opened them. Sessions live in their host's scope; a session id alone finds its host.
import type { Handlers } from '../rpc/handlers';
import { requireCaller } from '../rpc/handlers';
import { verifiedContainer } from '../containers/containerActions';
import type { ContainerRepo } from '../store/containerRepo';
import type { ExecSessionRepo } from '../store/execSessionRepo';
import type { WorkloadRepo } from '../store/workloadRepo';
import { AppError } from '../../../shared/errors';
import type { ExecSessions } from './execSessions';

export interface ExecHandlerDeps {
  containers: ContainerRepo;
  workloads: WorkloadRepo;
  history: ExecSessionRepo;
  /** The host's sessions (built with its scope); DOCKER_UNREACHABLE is raised when opening, not here. */
  sessionsOf(hostId: string): ExecSessions;
  /** Every scope's sessions that exist now (to find a session by its id). */
  allSessions(): ExecSessions[];
}

type ExecCalls = Extract<keyof Handlers, `exec.${string}`>;

export function execHandlers(deps: ExecHandlerDeps): Pick<Handlers, ExecCalls> {
  const holder = (sessionId: string) => deps.allSessions().find((s) => s.has(sessionId));
  const missing = () => new AppError('NOT_FOUND', 'this terminal session has ended or never existed.');
  return {
    'exec.open': async ({ id, cols, rows }, ctx) => {
      const caller = requireCaller(ctx);
      const row = verifiedContainer(deps.containers, id);
      return deps.sessionsOf(row.hostId).open(caller.connectionId, row, { cols, rows });
    },
    'exec.input': async ({ sessionId, data }, ctx) => {
      const caller = requireCaller(ctx);
      const sessions = holder(sessionId);
      if (!sessions) throw missing();
      sessions.write(caller.connectionId, sessionId, data);
      return { sent: true as const };
    },
    'exec.resize': async ({ sessionId, cols, rows }, ctx) => {
      const caller = requireCaller(ctx);
      const sessions = holder(sessionId);
      if (!sessions) throw missing();
      await sessions.resize(caller.connectionId, sessionId, cols, rows);
      return { resized: true as const };
    },
    'exec.close': async ({ sessionId }, ctx) => {
      const caller = requireCaller(ctx);
      return { closed: (await holder(sessionId)?.close(caller.connectionId, sessionId)) ?? false };
    },
    'exec.history': async ({ workloadId }) => {
      deps.workloads.get(workloadId);
      return deps.history.list(workloadId);
    },
  };
}
