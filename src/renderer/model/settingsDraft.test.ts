import { describe, expect, it } from 'vitest';
import { validateCallInput } from './formIssues';
import { settingsDraftOf, settingsUpdateFrom } from './settingsDraft';

const current = {
  language: 'en',
  dockerSocketPath: '/var/run/docker.sock',
  resyncIntervalSec: 30,
  staleAfterDays: 7,
  registryWatchIntervalMin: 15,
  desktopNotifications: true,
} as const;

describe('settingsUpdateFrom', () => {
  it('sends nothing when nothing changed', () => {
    expect(settingsUpdateFrom(settingsDraftOf(current), current)).toEqual({});
  });

  it('sends only the changed fields', () => {
    const draft = { ...settingsDraftOf(current), language: 'ru' as const, resyncIntervalSec: '60' };
    expect(settingsUpdateFrom(draft, current)).toEqual({ language: 'ru', resyncIntervalSec: 60 });
  });

  it('sends a changed stale threshold, and lets the schema refuse zero days', () => {
    expect(settingsUpdateFrom({ ...settingsDraftOf(current), staleAfterDays: '14' }, current)).toEqual({ staleAfterDays: 14 });
    const update = settingsUpdateFrom({ ...settingsDraftOf(current), staleAfterDays: '0' }, current);
    expect(validateCallInput('settings.update', update).map((i) => i.path)).toEqual(['staleAfterDays']);
  });

  it('sends a changed registry watch interval, and lets the schema refuse one under a minute', () => {
    expect(settingsUpdateFrom({ ...settingsDraftOf(current), registryWatchIntervalMin: '60' }, current)).toEqual({ registryWatchIntervalMin: 60 });
    const update = settingsUpdateFrom({ ...settingsDraftOf(current), registryWatchIntervalMin: '0' }, current);
    expect(validateCallInput('settings.update', update).map((i) => i.path)).toEqual(['registryWatchIntervalMin']);
  });

  it('passes an empty or non-numeric interval on for the schema to reject', () => {
    const update = settingsUpdateFrom({ ...settingsDraftOf(current), resyncIntervalSec: '' }, current);
    expect(validateCallInput('settings.update', update).map((i) => i.path)).toEqual(['resyncIntervalSec']);
  });

  it('lets the schema name an interval below the minimum', () => {
    const update = settingsUpdateFrom({ ...settingsDraftOf(current), resyncIntervalSec: '2' }, current);
    expect(validateCallInput('settings.update', update)).toEqual([{ path: 'resyncIntervalSec', message: 'Too small: expected number to be >=5' }]);
  });
});
