// The stacks.* slice of the contract: a stack's files checked at their lines and saved only when
// they pass, operations started on the host's stack service, and the stack's history, versions and
// services.
import { AppError } from '../../../shared/errors';
import type { EventBus } from '../events';
import type { Handlers } from '../rpc/handlers';
import type { SecretStore } from '../store/secretStore';
import type { StackRepo } from '../store/stackRepo';
import type { WorkloadRepo } from '../store/workloadRepo';
import type { StackRoutes } from './stackRoutes';
import type { StackService } from './stackService';
import { assertComposeValid, checkStackFiles } from './composeChecks';

export interface StackHandlerDeps {
  workloads: WorkloadRepo;
  stacks: StackRepo;
  secrets: SecretStore;
  events: EventBus;
  /** NOT_FOUND for an id that names no host. */
  requireHost(hostId: string): void;
  /** The stack service of a host (its scope's). */
  service(hostId: string): StackService;
  /** The published services of a host's stacks (its scope's). */
  routes(hostId: string): StackRoutes;
}

type StackCalls = Extract<keyof Handlers, `stacks.${string}`>;

export function stackHandlers(deps: StackHandlerDeps): Pick<Handlers, StackCalls> {
  const { workloads, stacks, events } = deps;
  const serviceOf = (id: string) => {
    const workload = workloads.get(id);
    if (workload.kind !== 'stack') throw new AppError('NOT_FOUND', `${workload.name} is not a stack.`, { workloadId: id });
    return deps.service(workload.hostId);
  };
  const secretsOf = (id: string) => deps.secrets.stackSecretKeys(id).map((key) => ({ key, keeping: deps.secrets.stackSecretKeeping(id, key) }));
  return {
    'stacks.check': ({ hostId, ...files }) => {
      deps.requireHost(hostId);
      return checkStackFiles(files);
    },
    'stacks.checkOnHost': async ({ hostId, ...files }) => {
      deps.requireHost(hostId);
      assertComposeValid(files);
      return deps.service(hostId).checkOnHost(files);
    },
    'stacks.save': async ({ id, ...files }) => {
      const stack = serviceOf(id).stack(id);
      assertComposeValid(files);
      stacks.save(id, files);
      events.emit('workloads.changed', { hostId: stack.hostId });
      return workloads.get(id);
    },
    'stacks.run': async ({ id, operation }) => {
      const service = serviceOf(id);
      if (operation.kind === 'down') {
        const stack = service.stack(id);
        if (operation.confirmName !== stack.name) {
          throw new AppError('VALIDATION', `type the stack's name, ${stack.name}, to confirm taking it down; nothing was done.`, undefined, [
            { path: 'operation.confirmName', message: 'must be the stack name' },
          ]);
        }
        return service.begin(id, { kind: 'down', removeVolumes: operation.removeVolumes }).operation;
      }
      return service.begin(id, operation).operation;
    },
    'stacks.operations': ({ id }) => {
      serviceOf(id).stack(id);
      return stacks.history(id);
    },
    'stacks.versions': ({ id }) => {
      serviceOf(id).stack(id);
      return stacks.versions(id);
    },
    'stacks.services': ({ id }) => serviceOf(id).services(id),
    'stacks.secrets': ({ id }) => {
      serviceOf(id).stack(id);
      return secretsOf(id);
    },
    'stacks.setSecret': async ({ id, key, value }) => {
      const stack = serviceOf(id).stack(id);
      // One place for a key: a plain .env line with the same name would shadow or be shadowed.
      if (value !== null && new RegExp(`^\\s*(?:export\\s+)?${key}\\s*=`, 'm').test(stack.envFile)) {
        throw new AppError('VALIDATION', `${key} is already a plain line of the .env file; remove it there first. Nothing was changed.`, undefined, [
          { path: 'key', message: 'is already in the .env file' },
        ]);
      }
      if (value === null) deps.secrets.forgetStackSecret(id, key);
      else deps.secrets.setStackSecret(id, key, value);
      events.emit('workloads.changed', { hostId: stack.hostId });
      return secretsOf(id);
    },
    'stacks.compose': async ({ hostId }) => {
      deps.requireHost(hostId);
      const cli = await deps.service(hostId).compose();
      return { flavor: cli.flavor, version: cli.version };
    },
    'stacks.foreign': ({ hostId }) => {
      deps.requireHost(hostId);
      return deps.service(hostId).foreign();
    },
    'stacks.adoptPreview': ({ hostId, project }) => {
      deps.requireHost(hostId);
      return deps.service(hostId).adoptPreview(project);
    },
    'stacks.routes': async ({ id }) => {
      const stack = serviceOf(id).stack(id);
      return deps.routes(stack.hostId).list(id);
    },
    'stacks.publish': async ({ id, ...route }) => {
      const stack = serviceOf(id).stack(id);
      return deps.routes(stack.hostId).publish(id, route);
    },
    'stacks.unpublish': async ({ id, routeId }) => {
      const stack = serviceOf(id).stack(id);
      return deps.routes(stack.hostId).unpublish(id, routeId);
    },
  };
}
