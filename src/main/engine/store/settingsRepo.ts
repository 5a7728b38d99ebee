// The settings table: a key/value store whose values are JSON, read with defaults.
import type { Database, Statement } from 'better-sqlite3';
import { contract } from '../../../shared/contract';
import type { SettingsView } from '../../../shared/types';

const SETTING_SCHEMAS = contract.calls['settings.update'].input.shape;

export function defaultDockerSocketPath(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? '//./pipe/docker_engine' : '/var/run/docker.sock';
}

export const DEFAULT_SETTINGS: SettingsView = {
  language: 'en',
  dockerSocketPath: defaultDockerSocketPath(),
  resyncIntervalSec: 30,
  staleAfterDays: 7,
  registryWatchIntervalMin: 15,
  desktopNotifications: true,
};

export class SettingsRepo {
  private readonly getAll: Statement<[], { key: string; value: string }>;
  private readonly put: Statement<[string, string]>;

  constructor(private readonly db: Database) {
    this.getAll = db.prepare('SELECT key, value FROM settings');
    this.put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  get(): SettingsView {
    const settings: SettingsView = { ...DEFAULT_SETTINGS };
    for (const { key, value } of this.getAll.all()) {
      if (!Object.hasOwn(DEFAULT_SETTINGS, key) || !Object.hasOwn(SETTING_SCHEMAS, key)) continue;
      // A hand-edited, corrupt or outdated value falls back to the default rather than breaking
      // startup (a string resync interval would make setInterval fire every millisecond).
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        continue;
      }
      const checked = SETTING_SCHEMAS[key as keyof typeof SETTING_SCHEMAS].safeParse(parsed);
      if (checked.success && checked.data !== undefined) (settings as unknown as Record<string, unknown>)[key] = checked.data;
    }
    return settings;
  }

  update(patch: Partial<SettingsView>): SettingsView {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) this.put.run(key, JSON.stringify(value));
      }
    })();
    return this.get();
  }
}
