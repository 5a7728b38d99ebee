// The settings form as typed, and the update it sends: only the fields that changed, so saving the
// language does not make the engine reconnect to Docker over an unchanged socket path.
import type { CallInput } from '../../shared/contract';
import type { Language, SettingsView } from '../../shared/types';

export interface SettingsDraft {
  language: Language;
  dockerSocketPath: string;
  resyncIntervalSec: string;
  staleAfterDays: string;
  registryWatchIntervalMin: string;
  desktopNotifications: boolean;
}

export function settingsDraftOf(settings: SettingsView): SettingsDraft {
  return {
    ...settings,
    resyncIntervalSec: String(settings.resyncIntervalSec),
    staleAfterDays: String(settings.staleAfterDays),
    registryWatchIntervalMin: String(settings.registryWatchIntervalMin),
  };
}

export function settingsUpdateFrom(draft: SettingsDraft, current: SettingsView): CallInput<'settings.update'> {
  const update: CallInput<'settings.update'> = {};
  if (draft.language !== current.language) update.language = draft.language;
  const socket = draft.dockerSocketPath.trim();
  if (socket !== current.dockerSocketPath) update.dockerSocketPath = socket;
  const interval = draft.resyncIntervalSec.trim() === '' ? Number.NaN : Number(draft.resyncIntervalSec);
  if (interval !== current.resyncIntervalSec) update.resyncIntervalSec = interval;
  const days = draft.staleAfterDays.trim() === '' ? Number.NaN : Number(draft.staleAfterDays);
  if (days !== current.staleAfterDays) update.staleAfterDays = days;
  const watch = draft.registryWatchIntervalMin.trim() === '' ? Number.NaN : Number(draft.registryWatchIntervalMin);
  if (watch !== current.registryWatchIntervalMin) update.registryWatchIntervalMin = watch;
  if (draft.desktopNotifications !== current.desktopNotifications) update.desktopNotifications = draft.desktopNotifications;
  return update;
}
