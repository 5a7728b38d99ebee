// Docker hosts: the local one and SSH hosts, their host keys, passphrases and reverse proxies.
import { z } from 'zod';
import type { HostTestResult, HostView } from '../types';
import { type } from '../typeMarker';
import { absolutePath, call, id, name } from './schemas';

/** How to reach an SSH host. Secrets (the passphrase) travel separately and are never stored in plain text. */
export const sshSettingsSchema = z
  .strictObject({
    address: z
      .string()
      .trim()
      .min(1, { error: 'is required', abort: true })
      .max(253, 'must be at most 253 characters')
      .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+|[0-9a-fA-F:]+)$/, 'must be a host name or an IP address'),
    port: z.number().int().min(1).max(65_535).default(22),
    username: z
      .string()
      .trim()
      .min(1, { error: 'is required', abort: true })
      .max(64, 'must be at most 64 characters')
      .regex(/^[A-Za-z0-9._][A-Za-z0-9._-]*$/, 'must be a valid user name'),
    auth: z.enum(['key', 'agent']).default('key'),
    privateKeyPath: absolutePath.nullable().default(null),
    socketPath: z
      .string()
      .trim()
      .max(4_096)
      .regex(/^\//, 'must be an absolute path on the remote host, such as /var/run/docker.sock')
      .default('/var/run/docker.sock'),
    exposeSocket: z.boolean().default(false),
  })
  .refine((s) => s.auth !== 'key' || s.privateKeyPath !== null, { message: 'is required with key authentication', path: ['privateKeyPath'] });

const passphrase = z.string().max(1_024, 'must be at most 1024 characters');

/** A DNS name routes hang under (`<subdomain>.<domain>`): labels of letters, digits and dashes. */
const proxyDomain = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { error: 'is required', abort: true })
  .max(200, 'must be at most 200 characters')
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, 'must be a domain such as apps.example.com (no scheme, port or path)');
/** NPM's admin address: http(s) only, no credentials in it (the login travels separately). */
const npmUrl = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(2_048, 'must be at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.search === '' && url.hash === '';
    } catch {
      return false;
    }
  }, 'must be an http(s) address such as http://npm.lan:81, without a user, query or fragment');
const npmEmail = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(254, 'must be at most 254 characters')
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');

/** A full image reference for the managed proxy: repository with an optional tag or digest. */
const proxyImage = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(255, 'must be at most 255 characters')
  .regex(
    /^(?:[a-z0-9.-]+(?::\d{1,5})?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
    'must be an image such as caddy:2 or mirror.example.com/library/caddy:2',
  );

/**
 * A host's reverse proxy. `npm.password` may be left out to keep the one already known; it is a
 * secret: it goes to the SecretStore and never comes back out through the contract.
 */
export const proxySettingsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('caddy'), domain: proxyDomain, httpPort: z.number().int().min(1).max(65_535), image: proxyImage.optional() }),
  z.strictObject({
    kind: z.literal('npm'),
    domain: proxyDomain,
    npm: z.strictObject({ url: npmUrl, email: npmEmail, password: z.string().min(1, 'is required').max(1_024, 'must be at most 1024 characters').optional() }),
  }),
  z.strictObject({ kind: z.literal('none') }),
]);

const fingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be an OpenSSH SHA256 fingerprint');

export const hostCalls = {
  'hosts.list': call(z.strictObject({}), type<HostView[]>()),
  /** Saves an SSH host and starts connecting; it stays down until its host key is accepted. */
  'hosts.add': call(
    z.strictObject({
      name,
      ssh: sshSettingsSchema,
      passphrase: passphrase.optional(),
      /** Keep the passphrase in the OS keychain (desktop app only); else only for this session. */
      rememberPassphrase: z.boolean().default(false),
    }),
    type<HostView>(),
  ),
  /** Changes a host's settings; a new address or port forgets the accepted host key. */
  'hosts.update': call(z.strictObject({ id, name: name.optional(), ssh: sshSettingsSchema.optional() }), type<HostView>()),
  /** Removes an SSH host; refused while workloads live on it. Its container rows go with it. */
  'hosts.remove': call(z.strictObject({ id }), type<{ removed: true }>()),
  /** Tries settings without saving: reports the host key and, if trusted, the Docker version. */
  'hosts.test': call(
    z.strictObject({
      /** Test a saved host (its pinned key and known passphrase apply). */
      id: id.optional(),
      ssh: sshSettingsSchema.optional(),
      passphrase: passphrase.optional(),
      /** Go on past the host key check if the server offers exactly this key. */
      acceptFingerprint: fingerprint.optional(),
    }),
    type<HostTestResult>(),
  ),
  /** Pins the key the host offered; must name the offered fingerprint exactly. */
  'hosts.acceptHostKey': call(z.strictObject({ id, fingerprint }), type<HostView>()),
  /** Supplies the key's passphrase for this session (and the keychain, if asked). */
  'hosts.unlock': call(z.strictObject({ id, passphrase, rememberPassphrase: z.boolean().default(false) }), type<HostView>()),
  /** Drops the connection and connects again now (skipping any backoff wait). */
  'hosts.reconnect': call(z.strictObject({ id }), type<HostView>()),
  /**
   * Sets a host's reverse proxy (local or SSH). Changing the kind while stages on the host have
   * routes is refused (CONFLICT); settings the kind does not use are kept for later.
   */
  'hosts.setProxy': call(z.strictObject({ id, proxy: proxySettingsSchema }), type<HostView>()),
} as const;
