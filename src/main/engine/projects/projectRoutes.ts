// routes.list: a project's routes as the store records them (which container of which stage holds
// a route), compared with what the proxy itself holds for each id, so a route the proxy lost (a
// Caddy container recreated, an NPM host deleted by hand) shows as such instead of as healthy.
import { errorInfoOf } from '../../../shared/errors';
import type { ProjectView, RouteProxyState, RouteView, RoutesView } from '../../../shared/types';
import { routeHost } from '../proxy/stageRoutes';
import type { ProxyDriver, ProxyRoute } from '../proxy/proxyDriver';
import type { RoutedRow } from '../store/deployerRows';

/** Pure: joins recorded rows with the proxy's routes (null when the proxy could not be asked). */
export function joinRoutes(project: ProjectView, rows: readonly RoutedRow[], held: readonly ProxyRoute[] | null, domain: string): RouteView[] {
  return rows.flatMap((row) => {
    const stage = project.stages.find((s) => s.id === row.stageId);
    if (!stage) return [];
    const host = routeHost(stage, project.name, domain);
    const found = held?.find((r) => r.id === row.proxyRouteId);
    let proxy: RouteProxyState = 'unknown';
    if (held) {
      if (!found) proxy = 'missing';
      else if (found.host === host && found.upstream.host === row.name) proxy = 'held';
      else proxy = 'differs';
    }
    return [
      {
        routeId: row.proxyRouteId,
        stageId: stage.id,
        stageName: stage.name,
        host,
        containerId: row.id,
        containerName: row.name,
        port: found?.upstream.port ?? stage.port,
        proxy,
        proxyHost: found?.host ?? null,
        proxyUpstream: found ? `${found.upstream.host}:${found.upstream.port}` : null,
      },
    ];
  });
}

export async function listProjectRoutes(project: ProjectView, rows: readonly RoutedRow[], proxy: () => ProxyDriver, domain: string): Promise<RoutesView> {
  // No recorded route: nothing to compare, and no reason to start the proxy container.
  if (rows.length === 0) return { routes: [], proxyError: null };
  try {
    const driver = proxy();
    await driver.ensure();
    return { routes: joinRoutes(project, rows, await driver.listRoutes(), domain), proxyError: null };
  } catch (error) {
    return { routes: joinRoutes(project, rows, null, domain), proxyError: errorInfoOf(error) };
  }
}
