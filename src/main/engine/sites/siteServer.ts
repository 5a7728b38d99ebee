// What serves one version of a static site: the same Caddy image as the host's managed proxy, as
// a plain `file_server` over the version's volume, mounted read-only, with a read-only root, no
// capabilities, no new privileges and no admin endpoint. The server's config is a Caddyfile written
// into the version's volume beside its files (`/srv/Caddyfile`, files under `/srv/site`), so a
// rollback serves a version with the options it was deployed with.
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { SiteOptions, SiteView, WorkloadView } from '../../../shared/types';
import { siteLabel } from '../../../shared/publicNames';
import type { BlueGreenTarget } from '../bluegreen/runner';
import { canonicalLabels, LABEL, workloadNetwork } from '../docker/labels';
import type { ProxyRoute } from '../proxy/proxyDriver';
import type { SiteVersionRow } from '../store/siteRepo';

/** The port the site's server listens on inside its container (unprivileged: it has no capabilities). */
export const SITE_PORT = 8080;
/** Where a version's volume is mounted; its files are under `site/`. */
export const SITE_MOUNT = '/srv';
/** Always answers 200 while the server runs: the health path of a version without an index.html. */
export const SITE_HEALTH_PATH = '/.well-known/tinyforge-health';
/** The role of a site's serving containers, and of the short-lived one that fills a version's volume. */
export const SITE_ROLE = 'site';
export const LOADER_ROLE = 'site-loader';
/** A label on a site's volumes and containers: which version (a claim like any label; the records decide). */
export const VERSION_LABEL = 'tinyforge.site.version';

/** Assets whose name carries a content hash (`app.3f2a9c1b.js`, `logo-5d41402a.svg`): safe to cache for a year. */
const HASHED_ASSET = String.raw`[.-][0-9a-fA-F]{8,}\.(?:js|mjs|css|map|woff2?|ttf|otf|eot|png|jpe?g|gif|svg|webp|avif|ico|wasm|json)$`;

/** The Caddyfile of a version: its options, nothing else the host or the user could inject. */
export function siteCaddyfile(options: SiteOptions): string {
  const lines = [
    '{',
    '\tadmin off',
    '\tauto_https off',
    '}',
    `:${SITE_PORT} {`,
    `\troot * ${SITE_MOUNT}/site`,
    `\thandle ${SITE_HEALTH_PATH} {`,
    '\t\trespond 200',
    '\t}',
    '\thandle {',
    '\t\theader -Server',
  ];
  if (options.cacheHashed) {
    lines.push(
      '\t\t@html path / *.html */',
      '\t\theader @html Cache-Control no-cache',
      `\t\t@hashed path_regexp hashed ${HASHED_ASSET}`,
      '\t\theader @hashed Cache-Control "public, max-age=31536000, immutable"',
    );
  }
  if (options.spaFallback) lines.push('\t\ttry_files {path} {path}/ /index.html');
  lines.push(options.precompressed ? '\t\tfile_server {\n\t\t\tprecompressed br gzip\n\t\t}' : '\t\tfile_server');
  lines.push('\t}');
  if (options.notFoundPage) {
    // The page is the site's own file; the answer keeps the 404.
    lines.push(
      '\thandle_errors {',
      '\t\t@missing expression {err.status_code} == 404',
      '\t\thandle @missing {',
      `\t\t\trewrite * ${options.notFoundPage}`,
      '\t\t\tfile_server',
      '\t\t}',
      '\t}',
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** The volume a version's files live in. */
export function versionVolume(siteId: string, versionId: string): string {
  return `tinyforge-site-${siteId.slice(0, 8)}-${versionId.slice(0, 8)}`;
}

/** The name of a site's new serving container (read back from its row afterwards). */
export function siteContainerName(siteName: string, runId: string): string {
  return `${siteLabel(siteName, null)}-site-${runId.slice(0, 8)}`;
}

/** The route of a site: its public name to a serving container. */
export function siteRoute(id: string, site: Pick<SiteView, 'name' | 'subdomain'>, domain: string, upstream: string, healthPath: string): ProxyRoute {
  return { id, host: `${siteLabel(site.name, site.subdomain)}.${domain}`, upstream: { host: upstream, port: SITE_PORT }, healthPath };
}

/**
 * A site as the blue-green runner's target, serving `version` (null: recovery, which only routes,
 * drains and cleans up, and never creates a container).
 */
export function siteTarget(site: SiteView, version: SiteVersionRow | null): BlueGreenTarget {
  // GET / when the version has an index.html; else (and in recovery, where the version is not at
  // hand) the path the server always answers while it runs.
  const healthPath = version?.hasIndex ? '/' : SITE_HEALTH_PATH;
  return {
    key: site.id,
    workloadId: site.id,
    kind: 'site',
    stageId: null,
    role: SITE_ROLE,
    network: workloadNetwork(site.id),
    port: SITE_PORT,
    healthPath,
    healthTimeoutSec: 30,
    // The new one and the one it replaces, while the old drains; then the old is removed (a
    // version's volume stays: a rollback needs only a new container on it).
    maxInstances: 1,
    subdomain: site.subdomain,
    instanceTag: version ? `v${version.number}` : undefined,
    containerName: (runId) => siteContainerName(site.name, runId),
    route: (routeId, domain, upstream) => siteRoute(routeId, site, domain, upstream, healthPath),
    createOptions: (): Dockerode.ContainerCreateOptions => {
      if (!version) throw new Error('a site target without a version creates nothing');
      return {
        Labels: { ...canonicalLabels(site.id, 'site', SITE_ROLE), [VERSION_LABEL]: version.id },
        Cmd: ['caddy', 'run', '--config', `${SITE_MOUNT}/Caddyfile`, '--adapter', 'caddyfile'],
        Entrypoint: [],
        User: '65534:65534',
        Env: ['HOME=/tmp', 'XDG_CONFIG_HOME=/tmp/config', 'XDG_DATA_HOME=/tmp/data'],
        HostConfig: {
          Init: true,
          ReadonlyRootfs: true,
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges'],
          Tmpfs: { '/tmp': 'rw,noexec,nosuid,size=16m' },
          Mounts: [{ Type: 'volume', Source: version.volume, Target: SITE_MOUNT, ReadOnly: true }],
        },
      };
    },
  };
}

/**
 * Labels of the short-lived container that fills a version's volume: no workload's, so the
 * reconciler never makes a row of it (it is gone within the upload; one a crash left is found by
 * its name, which the version's id gives).
 */
export function loaderLabels(versionId: string): Record<string, string> {
  return { [LABEL.role]: LOADER_ROLE, [VERSION_LABEL]: versionId };
}

/** Labels of a version's volume. */
export function versionLabels(siteId: string, versionId: string, role: string): Record<string, string> {
  return { [LABEL.managed]: 'true', [LABEL.workloadId]: siteId, [LABEL.workloadKind]: 'site', [LABEL.role]: role, [VERSION_LABEL]: versionId };
}

/** The site a run's target key names, as a target for recovery and the proxy's reconcile; null for another kind's key. */
export function siteTargetOf(workloads: { get(id: string): WorkloadView }, key: string): BlueGreenTarget | null {
  let workload: WorkloadView;
  try {
    workload = workloads.get(key);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
  return workload.kind === 'site' ? siteTarget(workload, null) : null;
}
