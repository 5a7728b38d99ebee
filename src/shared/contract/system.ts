// The app itself: what it is, its health, the reconciler's reports and the settings.
import { z } from 'zod';
import type { AppInfo, HealthView, ReconcileReport, SettingsView } from '../types';
import { type } from '../typeMarker';
import { call, id } from './schemas';

export const systemCalls = {
  'app.info': call(z.strictObject({}), type<AppInfo>()),
  'system.health': call(z.strictObject({}), type<HealthView>()),

  'reconcile.report': call(z.strictObject({}), type<ReconcileReport[]>()),
  'reconcile.now': call(z.strictObject({ hostId: id.default('local') }), type<ReconcileReport>()),

  'settings.get': call(z.strictObject({}), type<SettingsView>()),
  'settings.update': call(
    z.strictObject({
      language: z.enum(['en', 'ru']).optional(),
      dockerSocketPath: z
        .string()
        .trim()
        .max(4_096)
        .regex(
          /^(\/|\/\/\.\/pipe\/|\\\\\.\\pipe\\)/,
          'must be an absolute socket path such as /var/run/docker.sock, or a named pipe such as //./pipe/docker_engine',
        )
        .optional(),
      resyncIntervalSec: z.number().int().min(5).max(3_600).optional(),
      /** How often a watched image's tag is checked in its registry (one check per image per interval). */
      registryWatchIntervalMin: z.number().int().min(1).max(1_440).optional(),
      staleAfterDays: z.number().int().min(1).max(365).optional(),
      desktopNotifications: z.boolean().optional(),
    }),
    type<SettingsView>(),
  ),
} as const;
