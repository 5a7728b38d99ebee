// The labels tinyforge stamps on every container and network it creates, and the ones it reads.
// No other tinyforge labels are emitted; the legacy ones are only read, to adopt containers made by
// older versions.
export const LABEL = {
  managed: 'tinyforge.managed',
  workloadId: 'tinyforge.workload.id',
  workloadKind: 'tinyforge.workload.kind',
  role: 'tinyforge.role',
  /** Legacy (read only): a project container of an older tinyforge; the value is the project id. */
  legacyInstanceId: 'tinyforge.instance-id',
  /** Legacy (read only): a static-site container of an older tinyforge; the value is the site id. */
  legacyStaticSite: 'tinyforge.static-site',
  composeProject: 'com.docker.compose.project',
  composeService: 'com.docker.compose.service',
} as const;

export function canonicalLabels(workloadId: string, kind: 'project' | 'stack' | 'site', role: string): Record<string, string> {
  return {
    [LABEL.managed]: 'true',
    [LABEL.workloadId]: workloadId,
    [LABEL.workloadKind]: kind,
    [LABEL.role]: role,
  };
}

/** The bridge network of a workload's containers (the managed proxy joins it to reach them). */
export function workloadNetwork(workloadId: string): string {
  return `tinyforge-${workloadId.slice(0, 12)}`;
}
