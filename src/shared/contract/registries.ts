// Logins for private image registries, one per registry host; passwords never come back out.
import { z } from 'zod';
import type { RegistryTestResult, RegistryView } from '../types';
import { type } from '../typeMarker';
import { canonicalRegistryHost } from '../registryHost';
import { call, id } from './schemas';

/**
 * A registry host as Docker names it in an image reference: a dot, a port or `localhost`, else
 * Docker would read it as a Docker Hub namespace. Docker Hub's aliases fold into `docker.io`.
 */
const registryHost = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { error: 'is required', abort: true })
  .max(255, 'must be at most 255 characters')
  .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/, {
    error: 'must be a registry host such as ghcr.io or registry.example.com:5000 (no scheme, user or path)',
    abort: true,
  })
  .refine(
    (h) => h.includes('.') || h.includes(':') || h === 'localhost',
    'must have a dot or a port (ghcr.io, myregistry:5000), as Docker reads an image reference',
  )
  .transform(canonicalRegistryHost);
/** Basic auth puts `user:password` in one header: a colon in the user name would split it wrongly. */
const registryUsername = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(255, 'must be at most 255 characters')
  .regex(/^[^\s:]+$/, 'must be a user name without spaces or colons');
const registryPassword = z.string().min(1, 'is required').max(4_096, 'must be at most 4096 characters');

export const registryCalls = {
  /** Saved registry logins, without their passwords. */
  'registries.list': call(z.strictObject({}), type<RegistryView[]>()),
  /**
   * Saves the login for a registry host (one per host). `password` may be left out to keep the one
   * known, for the same user name only; it goes to the SecretStore and never comes back out.
   */
  'registries.set': call(z.strictObject({ registry: registryHost, username: registryUsername, password: registryPassword.optional() }), type<RegistryView>()),
  'registries.remove': call(z.strictObject({ registry: registryHost }), type<{ removed: true }>()),
  /**
   * Logs in to the registry from a Docker host (Docker's /auth) without saving anything. Leave
   * the password out to test the saved one (same user name only).
   */
  'registries.test': call(
    z.strictObject({ registry: registryHost, username: registryUsername, password: registryPassword.optional(), hostId: id.default('local') }),
    type<RegistryTestResult>(),
  ),
} as const;
