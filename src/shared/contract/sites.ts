// Static sites: a folder or an archive on this computer, checked, copied into a fresh volume per
// version on the site's host and served blue-green by a web-server container behind the host's
// proxy. The last N versions are kept; rolling back to one is a route switch, not a copy. Upload
// progress arrives as sites.progress; the blue-green runs as deploys.changed (stageId null).
import { z } from 'zod';
import type { DeployView, SiteDeployStart, SiteVersionView, WorkloadView } from '../types';
import { type } from '../typeMarker';
import { call, dnsLabel, id } from './schemas';

/** An absolute path on this computer: POSIX, a Windows drive path or a UNC share; no NUL. */
const absolutePath = z
  .string()
  .trim()
  .min(1, { error: 'is required', abort: true })
  .max(4_096, 'must be at most 4096 characters')
  .regex(/^(?:\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\[^\\]+)[^\0]*$/, 'must be an absolute path');

/** A page of the site, as a URL path: `/404.html`. */
const sitePage = z
  .string()
  .trim()
  .max(1_024, 'must be at most 1024 characters')
  .regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, 'must be a path of the site such as /404.html')
  .refine((p) => !p.split('/').includes('..'), 'must not contain ..');

export const siteOptionsSchema = z.strictObject({
  /** Paths with no file answer with /index.html (a single-page app's router takes it from there). */
  spaFallback: z.boolean().default(false),
  /** The page a missing path answers with (status 404); null: the server's plain 404. */
  notFoundPage: sitePage.nullable().default(null),
  /** `Cache-Control: immutable` for content-hashed assets (`app.3f2a9c1b.js`), `no-cache` for HTML. */
  cacheHashed: z.boolean().default(true),
  /** Serve `x.gz` / `x.br` beside `x` to clients that accept them. */
  precompressed: z.boolean().default(true),
});

export const siteCalls = {
  /** A site's public name, server options and how many versions it keeps; options apply from the next deploy. */
  'sites.update': call(
    z.strictObject({
      id,
      subdomain: dnsLabel.nullable().default(null),
      options: siteOptionsSchema,
      keepVersions: z.number().int('must be a whole number').min(1, 'must be 1 to 50').max(50, 'must be 1 to 50').default(5),
    }),
    type<WorkloadView>(),
  ),
  /**
   * Deploys a folder or an archive (.tar, .tar.gz, .zip) from this computer. The source is read and
   * checked first (bad input: a specific error, nothing changed); the answer comes then, and the
   * copy and the blue-green switch go on in the background (sites.progress, deploys.changed). The
   * same content as the version served now is not deployed again (`unchanged`).
   */
  'sites.deploy': call(z.strictObject({ id, source: z.strictObject({ kind: z.enum(['folder', 'archive']), path: absolutePath }) }), type<SiteDeployStart>()),
  /** Stops the upload in progress (its version and volume are removed); the site keeps serving what it served. */
  'sites.cancel': call(z.strictObject({ id }), type<{ cancelled: boolean }>()),
  /** The kept versions, newest first, with the one the route serves marked. */
  'sites.versions': call(z.strictObject({ id }), type<SiteVersionView[]>()),
  /** Serves a kept version again: a container on its volume, then the route switches. No copy. */
  'sites.rollback': call(z.strictObject({ id, versionId: id }), type<DeployView>()),
  /** The site's blue-green runs (deploys and rollbacks), newest first. */
  'sites.deploys': call(z.strictObject({ id }), type<DeployView[]>()),
} as const;
