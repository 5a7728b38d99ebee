// The handler behind every call of the contract. Inputs arrive validated by dispatchCall; this file
// only maps calls onto services and announces what changed.
import type { EventBus } from './events';
import type { AppConfig, AppServices } from './app';
import type { Handlers } from './rpc/handlers';
import { requireCaller } from './rpc/handlers';
import { AppError } from '../../shared/errors';
import { containerLogs, ownedContainer, removeContainer, restartContainer, stopContainer } from './containers/containerActions';
import { testHost } from './hosts/hostTest';
import type { DeployRecord } from './store/deployRepo';
import type { DeployView, ProxySettings } from '../../shared/types';
import { StageRepo } from './store/stageRepo';
import { withLastSeen } from './store/containerRepo';
import { addStage, removeStage, updateStage } from './projects/stageEditing';
import type { StageEditingDeps } from './projects/stageEditing';
import { digestNames, inspectPresence, stageImageViews } from './projects/stageImages';
import { listProjectRoutes } from './projects/projectRoutes';
import { registryHandlers } from './registry/handlers';

/** What the renderer sees of a deploy record: the container row ids stay inside the engine. */
function deployView<R extends DeployRecord>({ newContainerId: _new, oldContainerId: _old, ...view }: R): Omit<R, 'newContainerId' | 'oldContainerId'> {
  return view;
}

interface HandlerDeps {
  config: AppConfig;
  services: AppServices;
  events: EventBus;
  log: (message: string) => void;
}

export function createHandlers({ config, services, events, log }: HandlerDeps): Handlers {
  const { workloads, containers, settings } = services;
  const requireRuntime = (hostId: string) => {
    const runtime = services.runtime(hostId);
    if (!runtime) throw new AppError('NOT_FOUND', `NOT_FOUND: there is no connected host with id ${hostId}`);
    return runtime;
  };
  const requireHost = (hostId: string | undefined) => {
    if (hostId !== undefined && !services.hosts.get(hostId)) {
      throw new AppError('NOT_FOUND', `NOT_FOUND: there is no host with id ${hostId}`);
    }
  };
  const changed = (hostId: string) => events.emit('workloads.changed', { hostId });
  const dockerOf = (hostId: string) => {
    const runtime = services.runtime(hostId);
    if (!runtime || runtime.connection.status.state !== 'up') {
      throw new AppError('DOCKER_UNREACHABLE', `DOCKER_UNREACHABLE: the host ${hostId} is not connected${runtime?.connection.status.reason ? `: ${runtime.connection.status.reason}` : ''}.`);
    }
    return runtime.connection.docker;
  };
  const hostChanged = (hostId: string) => events.emit('hosts.changed', { hostId });
  const domain = (hostId: string) => services.domainOf(hostId);
  // Statement holders over the same database: cheap, and kept beside the handlers that use them.
  const stageEditing: StageEditingDeps = {
    workloads,
    stages: new StageRepo(services.db),
    deploys: services.deploys,
    proxy: (hostId) => services.proxy(hostId),
    docker: (hostId) => dockerOf(hostId),
    domain,
    reconcileProxy: (hostId) => services.proxyReconciler(hostId).trigger(),
  };
  const stageChanged = (view: { hostId: string }) => {
    changed(view.hostId);
    // Container rows show their stage's name.
    events.emit('containers.changed', { hostId: view.hostId });
  };
  const viewOf = (hostId: string) => {
    const view = services.hostViews().find((h) => h.id === hostId);
    if (!view) throw new AppError('NOT_FOUND', `NOT_FOUND: there is no host with id ${hostId}`);
    return view;
  };

  return {
    'app.info': () => ({
      version: config.version ?? '0.0.0',
      shell: config.shell,
      canRememberSecrets: services.secrets.canRemember(),
      platform: process.platform,
      dataDir: config.dataDir,
    }),
    'system.health': () => services.health(),
    'hosts.list': () => services.hostViews(),
    'hosts.add': async ({ name, ssh, passphrase, rememberPassphrase }) => {
      const host = services.hosts.add(name, ssh);
      // Kept for the session now; written to the keychain only once it has opened the key.
      if (passphrase) services.secrets.setPassphrase(host.id, passphrase, rememberPassphrase);
      await services.restartHost(host.id);
      hostChanged(host.id);
      return viewOf(host.id);
    },
    'hosts.update': async ({ id, name, ssh }) => {
      const current = services.hosts.requireSsh(id);
      const { keyForgotten } = services.hosts.update(id, name ?? current.name, ssh ?? current.ssh);
      if (keyForgotten) log(`host ${current.name}: address or port changed, the accepted host key was forgotten`);
      await services.restartHost(id);
      hostChanged(id);
      return viewOf(id);
    },
    'hosts.remove': async ({ id }) => {
      services.hosts.assertRemovable(id);
      await services.stopHost(id);
      services.hosts.remove(id);
      services.secrets.forget(id);
      hostChanged(id);
      events.emit('containers.changed', { hostId: id });
      return { removed: true as const };
    },
    'hosts.test': ({ id, ssh, passphrase, acceptFingerprint }) => testHost(services, { id, ssh, passphrase, acceptFingerprint }),
    'hosts.acceptHostKey': async ({ id, fingerprint }) => {
      const host = services.hosts.requireSsh(id);
      const runtime = services.runtime(id);
      const offered = runtime?.offeredHostKey;
      if (!runtime || !offered || !runtime.offers(fingerprint, host.ssh)) {
        throw new AppError(
          'CONFLICT',
          `CONFLICT: ${host.name} is not offering the key ${fingerprint} right now${offered ? ` (it last offered ${offered.fingerprint})` : ''}. Test or reconnect the host and compare again before accepting.`,
        );
      }
      services.hosts.pinHostKey(id, offered);
      log(`host ${host.name}: accepted host key ${offered.type} ${offered.fingerprint}`);
      await services.restartHost(id);
      hostChanged(id);
      return viewOf(id);
    },
    'hosts.unlock': async ({ id, passphrase, rememberPassphrase }) => {
      services.hosts.requireSsh(id);
      services.secrets.setPassphrase(id, passphrase, rememberPassphrase);
      await services.restartHost(id);
      hostChanged(id);
      return viewOf(id);
    },
    'hosts.reconnect': async ({ id }) => {
      services.hosts.require(id);
      const runtime = services.runtime(id);
      if (runtime) await runtime.connection.reconnect();
      else await services.restartHost(id);
      return viewOf(id);
    },
    'hosts.setProxy': async ({ id, proxy }) => {
      const current = services.hosts.require(id).proxy;
      // Settings the chosen kind does not use are kept, so switching back finds them again.
      const next: ProxySettings = {
        kind: proxy.kind,
        domain: proxy.kind === 'none' ? current.domain : proxy.domain,
        httpPort: proxy.kind === 'caddy' ? proxy.httpPort : current.httpPort,
        // Left out (an older client), the image stays what it was.
        image: proxy.kind === 'caddy' ? (proxy.image ?? current.image) : current.image,
        npm: proxy.kind === 'npm' ? { url: proxy.npm.url, email: proxy.npm.email } : current.npm,
      };
      const password = proxy.kind === 'npm' ? proxy.npm.password : undefined;
      if (proxy.kind === 'npm' && password === undefined && services.secrets.npmPassword(id) === null) {
        throw new AppError('VALIDATION', 'VALIDATION: the NPM password is required: none is known for this host in this session.', [
          { path: 'proxy.npm.password', message: 'is required' },
        ]);
      }
      // A password is only ever sent to the address it was given for: a new address (a typo, a
      // pasted link) must not receive the old one.
      if (proxy.kind === 'npm' && password === undefined && current.npm !== null && current.npm.url !== proxy.npm.url) {
        throw new AppError('VALIDATION', `VALIDATION: enter the NPM password again for the new address ${proxy.npm.url}: the saved one is only sent to ${current.npm.url}. Nothing was changed.`, [
          { path: 'proxy.npm.password', message: 'is required for a new address' },
        ]);
      }
      await services.setProxy(id, next, password);
      log(`host ${id}: proxy set to ${next.kind}${next.kind === 'none' ? '' : ` for *.${next.domain}`}`);
      hostChanged(id);
      return viewOf(id);
    },
    'containers.list': ({ hostId }) => {
      requireHost(hostId);
      return withLastSeen(containers.list(hostId), services.lastPassAt);
    },
    'containers.stop': async (target) => {
      const row = ownedContainer(containers, target);
      await stopContainer(dockerOf(row.hostId), row);
      void services.runtime(row.hostId)?.reconciler.trigger();
      return { done: true as const };
    },
    'containers.restart': async (target) => {
      const row = ownedContainer(containers, target);
      await restartContainer(dockerOf(row.hostId), row);
      void services.runtime(row.hostId)?.reconciler.trigger();
      return { done: true as const };
    },
    'containers.remove': async (target) => {
      const row = ownedContainer(containers, target);
      await removeContainer(dockerOf(row.hostId), row);
      await services.runtime(row.hostId)?.reconciler.trigger();
      return { done: true as const };
    },
    'containers.trust': ({ trusted, ...target }) => {
      const row = ownedContainer(containers, target);
      if (row.provenance === 'created') {
        throw new AppError('CONFLICT', `${row.name} was created by Tinyforge: it needs no trust, and it cannot be marked untrusted.`);
      }
      if (!trusted && row.workloadId && services.deployerRows.routedOfWorkload(row.workloadId).some((r) => r.id === row.id)) {
        throw new AppError('CONFLICT', `${row.name} serves its stage's route now: deploy the stage (or remove the container) before taking trust back. Nothing was changed.`);
      }
      const after = containers.setTrust(row, trusted, Date.now());
      log(`container ${row.name} (${row.image}) of workload ${row.workloadName ?? row.workloadId}: ${trusted ? 'trusted' : 'no longer trusted'} by the user`);
      events.emit('containers.changed', { hostId: row.hostId });
      // A trusted instance may now serve a route whose container stopped.
      if (row.kind === 'project') void services.proxyReconciler(row.hostId).trigger();
      return withLastSeen([after], services.lastPassAt)[0]!;
    },
    'containers.logs': async ({ tail, ...target }) => {
      const row = ownedContainer(containers, target);
      return { text: await containerLogs(dockerOf(row.hostId), row, tail) };
    },
    'logs.open': async ({ streamId, tail, follow, timestamps, since, ...target }, ctx) => {
      const caller = requireCaller(ctx);
      const row = ownedContainer(containers, target);
      return services.logs.open(caller, {
        streamId,
        hostId: row.hostId,
        docker: () => dockerOf(row.hostId),
        dockerId: row.dockerId,
        name: row.name,
        tail,
        follow,
        timestamps,
        since,
      });
    },
    'logs.close': async ({ streamId }, ctx) => ({ closed: await services.logs.close(requireCaller(ctx).connectionId, streamId) }),
    'workloads.list': ({ hostId }) => {
      requireHost(hostId);
      return workloads.list(hostId);
    },
    'workloads.get': ({ id }) => workloads.get(id),
    'workloads.createProject': (input) => {
      const created = workloads.createProject(input);
      changed(created.hostId);
      // Containers already carrying this workload's id would have been reported as forged.
      void services.runtime(created.hostId)?.reconciler.trigger();
      return created;
    },
    'workloads.createStack': (input) => {
      const created = workloads.createStack(input);
      changed(created.hostId);
      // Existing compose containers of this project are adopted on the next pass: run it now.
      void services.runtime(created.hostId)?.reconciler.trigger();
      return created;
    },
    'workloads.createSite': (input) => {
      const created = workloads.createSite(input);
      changed(created.hostId);
      void services.runtime(created.hostId)?.reconciler.trigger();
      return created;
    },
    'workloads.rename': ({ id, name }) => {
      const renamed = workloads.rename(id, name);
      changed(renamed.hostId);
      events.emit('containers.changed', { hostId: renamed.hostId });
      return renamed;
    },
    'workloads.delete': ({ id }) => {
      const { hostId } = workloads.get(id);
      workloads.delete(id);
      changed(hostId);
      events.emit('containers.changed', { hostId });
      return { deleted: true as const };
    },
    'stages.add': ({ workloadId, stage }) => {
      const project = addStage(stageEditing, workloadId, stage);
      changed(project.hostId);
      return project;
    },
    'stages.update': async ({ stageId, stage }) => {
      const project = await updateStage(stageEditing, stageId, stage);
      stageChanged(project);
      return project;
    },
    'stages.remove': async ({ stageId }) => {
      const project = await removeStage(stageEditing, stageId);
      stageChanged(project);
      void services.runtime(project.hostId)?.reconciler.trigger();
      return project;
    },
    'deploys.start': ({ stageId, imageTag }) => {
      const { project } = workloads.stageContext(stageId);
      const { record, done } = services.deployer(project.hostId).begin({ stageId, imageTag });
      void done.catch((error: unknown) => log(`deploy ${record.id} crashed: ${String(error)}`));
      return deployView(record);
    },
    'deploys.rollback': ({ stageId }) => {
      const { project } = workloads.stageContext(stageId);
      const { record, done } = services.deployer(project.hostId).beginRollback(stageId);
      void done.catch((error: unknown) => log(`rollback ${record.id} crashed: ${String(error)}`));
      return deployView(record);
    },
    'deploys.promote': ({ fromStageId, toStageId }) => {
      const { project } = workloads.stageContext(toStageId);
      const { record, done } = services.deployer(project.hostId).beginPromote(fromStageId, toStageId);
      void done.catch((error: unknown) => log(`promote ${record.id} crashed: ${String(error)}`));
      return deployView(record);
    },
    'deploys.list': ({ stageId }) => {
      const { project } = workloads.stageContext(stageId);
      // Pull progress lives in the deployer's memory, not in the record: the running deploy gets it here.
      return services.deploys
        .history(stageId)
        .map((d) => deployView(d.status === 'running' ? { ...d, pull: services.livePull(project.hostId, d.id) } : d));
    },
    'deploys.recent': ({ limit }) => services.deploys.recent(limit).map(deployView),
    'deploys.images': async ({ stageId }) => {
      const { project } = workloads.stageContext(stageId);
      const history = services.deploys.images(stageId);
      const presence = await inspectPresence(() => dockerOf(project.hostId), [...new Set(history.map((h) => h.imageDigest))]);
      const names = digestNames(project.stages.map((s) => services.deploys.images(s.id)));
      return stageImageViews(history, (digest) => presence.get(digest) ?? 'unknown', names);
    },
    'routes.list': ({ workloadId }) => {
      const project = workloads.get(workloadId);
      if (project.kind !== 'project') throw new AppError('NOT_FOUND', `NOT_FOUND: there is no project with id ${workloadId}`);
      return listProjectRoutes(project, services.deployerRows.routedOfWorkload(project.id), () => services.proxy(project.hostId), domain(project.hostId));
    },
    'reconcile.report': () =>
      services
        .hosts.list()
        .map((h) => services.runtime(h.id)?.reconciler.report())
        .filter((r) => r !== undefined),
    'reconcile.now': async ({ hostId }) => {
      const runtime = requireRuntime(hostId);
      await runtime.reconciler.trigger(true);
      return runtime.reconciler.report();
    },
    ...registryHandlers({ registries: services.registries, events, log, docker: dockerOf }),
    'settings.get': () => settings.get(),
    'settings.update': async (patch) => {
      const before = settings.get();
      const after = settings.update(patch);
      events.emit('settings.changed', after);
      if (
        (after.dockerSocketPath !== before.dockerSocketPath || after.resyncIntervalSec !== before.resyncIntervalSec) &&
        config.dockerSocketPath === undefined
      ) {
        await services.restartHost('local');
      }
      return after;
    },
  };
}
