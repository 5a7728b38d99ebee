// Query keys start with the call name that fills them, so an event can invalidate "every
// workloads.get" by prefix and a reader can tell at once which call a cache entry came from.
export const queryKeys = {
  appInfo: ['app.info'] as const,
  health: ['system.health'] as const,
  hosts: ['hosts.list'] as const,
  containers: ['containers.list'] as const,
  workloads: ['workloads.list'] as const,
  workloadDetails: ['workloads.get'] as const,
  workload: (id: string) => ['workloads.get', id] as const,
  reconcileReport: ['reconcile.report'] as const,
  deploys: ['deploys.list'] as const,
  deploysOf: (stageId: string) => ['deploys.list', stageId] as const,
  stageImages: ['deploys.images'] as const,
  stageImagesOf: (stageId: string) => ['deploys.images', stageId] as const,
  routes: ['routes.list'] as const,
  routesOf: (workloadId: string) => ['routes.list', workloadId] as const,
  settings: ['settings.get'] as const,
  registries: ['registries.list'] as const,
  foreign: ['stacks.foreign'] as const,
  foreignOf: (hostId: string) => ['stacks.foreign', hostId] as const,
  adoptPreview: (hostId: string, project: string) => ['stacks.adoptPreview', hostId, project] as const,
};
