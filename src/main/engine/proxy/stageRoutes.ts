// The public name and the route of a project stage: `<subdomain>.<domain>`, or one made from the
// stage and project names when the stage has no subdomain.
import type { StageView } from '../../../shared/types';
import type { ProxyRoute } from './proxyDriver';

/** The first label of a stage's public name: its subdomain, or one made from its and its project's names. */
export function routeLabel(stage: Pick<StageView, 'name' | 'subdomain'>, projectName: string): string {
  return stage.subdomain ?? `${stage.name}-${projectName.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
}

export function routeHost(stage: Pick<StageView, 'name' | 'subdomain'>, projectName: string, domain: string): string {
  return `${routeLabel(stage, projectName)}.${domain}`;
}

/** The route a stage's instance `upstream` should have: its public name, port and health path. */
export function stageRoute(id: string, stage: StageView, projectName: string, domain: string, upstream: string, port: number): ProxyRoute {
  const route: ProxyRoute = { id, host: routeHost(stage, projectName, domain), upstream: { host: upstream, port } };
  if (stage.healthCheckPath) route.healthPath = stage.healthCheckPath;
  return route;
}
