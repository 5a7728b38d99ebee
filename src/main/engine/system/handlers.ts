// The app itself: what it is and runs on, its health at a glance, and its settings.
import type { AppInfo, HealthView } from '../../../shared/types';
import type { EventBus } from '../events';
import type { Handlers } from '../rpc/handlers';
import type { SettingsRepo } from '../store/settingsRepo';

export interface SystemHandlerDeps {
  info: Omit<AppInfo, 'canRememberSecrets'>;
  canRememberSecrets(): boolean;
  health(): HealthView;
  settings: SettingsRepo;
  events: EventBus;
  /**
   * Called when the local socket or the resync tick changed: the local host's runtime is rebuilt
   * with them (unless a test pinned the socket).
   */
  localRuntimeSettingsChanged(): Promise<void>;
}

export function systemHandlers(deps: SystemHandlerDeps): Pick<Handlers, 'app.info' | 'system.health' | 'settings.get' | 'settings.update'> {
  const { settings, events } = deps;
  return {
    'app.info': () => ({ ...deps.info, canRememberSecrets: deps.canRememberSecrets() }),
    'system.health': () => deps.health(),
    'settings.get': () => settings.get(),
    'settings.update': async (patch) => {
      const before = settings.get();
      const after = settings.update(patch);
      events.emit('settings.changed', after);
      if (after.dockerSocketPath !== before.dockerSocketPath || after.resyncIntervalSec !== before.resyncIntervalSec) await deps.localRuntimeSettingsChanged();
      return after;
    },
  };
}
