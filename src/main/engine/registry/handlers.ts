// The registries.* slice of the contract: saved logins for private registries and their test.
// Views and events carry the registry host and user name only, never the password.
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { EventBus } from '../events';
import type { Handlers } from '../rpc/handlers';
import type { RegistryCredentials } from './registryCredentials';
import { testRegistryLogin } from './registryTest';

export interface RegistryHandlerDeps {
  registries: RegistryCredentials;
  events: EventBus;
  log: (message: string) => void;
  /** The connected Docker host's client, or DOCKER_UNREACHABLE. */
  docker: (hostId: string) => Dockerode;
}

type RegistryCalls = 'registries.list' | 'registries.set' | 'registries.remove' | 'registries.test';

export function registryHandlers({ registries, events, log, docker }: RegistryHandlerDeps): Pick<Handlers, RegistryCalls> {
  return {
    'registries.list': () => registries.list(),
    'registries.set': ({ registry, username, password }) => {
      const view = registries.set(registry, username, password);
      log(`registry ${registry}: login saved for user ${username}${password === undefined ? ' (password kept)' : ''}`);
      events.emit('registries.changed', { registry });
      return view;
    },
    'registries.remove': ({ registry }) => {
      registries.remove(registry);
      log(`registry ${registry}: login removed`);
      events.emit('registries.changed', { registry });
      return { removed: true as const };
    },
    'registries.test': async ({ registry, username, password, hostId }) => {
      let secret = password;
      if (secret === undefined) {
        // The saved password is only tried with the user name it was saved for.
        const saved = registries.login(registry);
        if (!saved || saved.username !== username) {
          throw new AppError('VALIDATION', `enter the password or token to test: none is known for ${username} at ${registry} in this session.`, undefined, [
            { path: 'password', message: 'is required' },
          ]);
        }
        secret = saved.password;
      }
      const result = await testRegistryLogin(docker(hostId), { registry, username, password: secret });
      log(`registry ${registry}: login test for user ${username} from host ${hostId}: ${result.ok ? 'accepted' : (result.error?.code ?? 'failed')}`);
      return result;
    },
  };
}
