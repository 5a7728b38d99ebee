// What runs on a host that the app does not own, and what adopting a compose project of it would
// import. Labels are claims, so "not owned" is decided by the store (no row of a workload for that
// Docker id), never by a container's labels; the list is read live from Docker and never stored.
// The compose labels only say where to look for the project's files: what is read there is shown to
// the owner before anything is saved, and a file that cannot be read is explained (which path, what
// happened) with a draft made from the running containers instead.
import { posix } from 'node:path';
import type Dockerode from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { AdoptPreview, AdoptUnreadable, ForeignContainerView, ForeignGroup } from '../../../shared/types';
import { LABEL } from '../docker/labels';
import { isNotFound } from '../docker/dockerErrors';
import type { HostShell } from '../docker/hostShell';
import { draftCompose } from './composeDraft';
import { relativePaths } from './relativePaths';
import type { DraftContainer, DraftImage } from './composeDraft';

export const COMPOSE_LABEL = {
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  containerNumber: 'com.docker.compose.container-number',
} as const;

/** The same limits as a stack's files (the contract's composeFileSchema and envFileSchema). */
const COMPOSE_FILE_LIMIT = 1_000_000;
const ENV_FILE_LIMIT = 200_000;

function portText(p: Dockerode.Port): string | null {
  if (!p.PublicPort) return null;
  const ip = p.IP && p.IP !== '0.0.0.0' ? (p.IP.includes(':') ? `[${p.IP}]` : p.IP) : '';
  return `${ip ? `${ip}:` : ''}${p.PublicPort}->${p.PrivatePort}/${p.Type}`;
}

function configFiles(labels: Record<string, string>): string[] {
  return (labels[COMPOSE_LABEL.configFiles] ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
}

/** The host's containers whose Docker id no workload row holds, grouped by compose project (plain ones last). */
export async function listForeign(docker: Dockerode, owned: Set<string>): Promise<ForeignGroup[]> {
  const listed = await docker.listContainers({ all: true });
  const groups = new Map<string | null, ForeignGroup>();
  for (const c of listed) {
    if (owned.has(c.Id)) continue;
    const labels = c.Labels ?? {};
    const project = labels[LABEL.composeProject] || null;
    let group = groups.get(project);
    if (!group) {
      group = {
        project,
        workingDir: project === null ? null : labels[COMPOSE_LABEL.workingDir] || null,
        configFiles: project === null ? [] : configFiles(labels),
        containers: [],
      };
      groups.set(project, group);
    }
    const view: ForeignContainerView = {
      dockerId: c.Id,
      name: (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
      image: c.Image,
      state: c.State,
      status: c.Status,
      // Docker lists a port once per address family (0.0.0.0 and ::): one line each is noise.
      ports: [...new Set(c.Ports.map(portText).filter((p): p is string => p !== null))].sort(),
      service: labels[LABEL.composeService] ?? null,
      created: c.Created * 1000,
    };
    group.containers.push(view);
  }
  for (const group of groups.values()) group.containers.sort((a, b) => (a.service ?? '').localeCompare(b.service ?? '') || a.name.localeCompare(b.name));
  return [...groups.values()].sort((a, b) => (a.project === null ? 1 : b.project === null ? -1 : a.project.localeCompare(b.project)));
}

/** A path from the labels: absolute as is, else relative to the project's working_dir (as compose resolves it). */
function onHost(workingDir: string, file: string): string {
  return posix.isAbsolute(file) ? file : posix.join(workingDir, file);
}

/**
 * What adopting the foreign compose project `project` would import: its files when the labels name
 * exactly one compose file and it (and a `.env` beside it, if any) can be read through the host
 * shell; otherwise the reason and a draft from the running containers.
 */
export async function adoptPreview(docker: Dockerode, shell: HostShell, owned: Set<string>, project: string): Promise<AdoptPreview> {
  const listed = (await docker.listContainers({ all: true, filters: { label: [`${LABEL.composeProject}=${project}`] } })).filter((c) => !owned.has(c.Id));
  if (listed.length === 0) {
    throw new AppError('NOT_FOUND', `no container on this host belongs to compose project ${project} outside Tinyforge's stacks.`, { project });
  }
  // The first container compose made of each service speaks for the project (they share its labels).
  listed.sort((a, b) => Number(a.Labels[COMPOSE_LABEL.containerNumber] ?? 0) - Number(b.Labels[COMPOSE_LABEL.containerNumber] ?? 0) || a.Created - b.Created);
  const labels = listed[0]!.Labels;
  const workingDir = labels[COMPOSE_LABEL.workingDir] ?? '';
  const files = configFiles(labels);
  const draft = () => draftFrom(docker, project, listed);

  if (workingDir === '' || files.length === 0) {
    const label = workingDir === '' ? COMPOSE_LABEL.workingDir : COMPOSE_LABEL.configFiles;
    return {
      readable: false,
      project,
      reason: `the containers of ${project} do not say where their compose file is (no ${label} label): they were not started by compose, or by a compose too old to record it.`,
      why: { kind: 'no-labels', label },
      draft: await draft(),
    };
  }
  const paths = files.map((f) => onHost(workingDir, f));
  // A stack is one compose file: merging several here would import a file nobody wrote and whose
  // lines no longer match theirs; the draft is honest about coming from the containers instead.
  if (paths.length > 1) {
    return {
      readable: false,
      project,
      reason: `${project} was started from ${paths.length} compose files merged together (${paths.join(', ')}); a Tinyforge stack has one compose file, so they cannot be imported as they are.`,
      why: { kind: 'several-files', files: paths },
      draft: await draft(),
    };
  }
  const composePath = paths[0]!;
  let composeFile: string;
  let envFile = '';
  try {
    composeFile = await shell.readFile(composePath, COMPOSE_FILE_LIMIT);
  } catch (error) {
    return { readable: false, project, ...unreadable(composePath, error), draft: await draft() };
  }
  const envPath = posix.join(workingDir, '.env');
  try {
    envFile = await shell.readFile(envPath, ENV_FILE_LIMIT);
  } catch (error) {
    // No .env is the usual case; one that exists and cannot be read would change what the file means.
    if (!(error instanceof AppError && error.code === 'NOT_FOUND')) {
      return { readable: false, project, ...unreadable(envPath, error), draft: await draft() };
    }
  }
  return { readable: true, project, composeFile, envFile, files: paths, workingDir, relativePaths: relativePaths(composeFile) };
}

/** The host shell's own words (which path, what happened); a lost connection is not a fact about the file. */
function unreadable(path: string, error: unknown): { reason: string; why: AdoptUnreadable } {
  if (error instanceof AppError && error.code === 'HOST_CONNECTION_LOST') throw error;
  const code = error instanceof AppError ? error.code : 'INTERNAL';
  const reason =
    error instanceof AppError && code !== 'INTERNAL' ? error.message : `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`;
  return { reason, why: { kind: 'unreadable', path, code } };
}

async function draftFrom(docker: Dockerode, project: string, listed: Dockerode.ContainerInfo[]): Promise<string> {
  const images = new Map<string, DraftImage | null>();
  const inputs: { container: DraftContainer; image: DraftImage | null }[] = [];
  for (const c of listed) {
    const info = await docker
      .getContainer(c.Id)
      .inspect()
      .catch((error: unknown) => {
        // Removed between the list and now: the draft is made of the ones still there.
        if (isNotFound(error)) return null;
        throw error;
      });
    if (!info) continue;
    if (!images.has(info.Image)) {
      const image = await docker
        .getImage(info.Image)
        .inspect()
        .catch(() => null);
      images.set(info.Image, image ? image.Config : null);
    }
    inputs.push({
      container: {
        service: c.Labels[LABEL.composeService] ?? info.Name.replace(/^\//, ''),
        config: info.Config,
        hostConfig: info.HostConfig,
        mounts: info.Mounts,
      },
      image: images.get(info.Image) ?? null,
    });
  }
  return draftCompose(project, inputs).text;
}
