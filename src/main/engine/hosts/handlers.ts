// The hosts.* slice of the contract: SSH hosts added, edited, removed, tested, their keys accepted
// and passphrases given, and each host's reverse proxy.
import { AppError } from '../../../shared/errors';
import type { HostView, ProxySettings } from '../../../shared/types';
import type { EventBus } from '../events';
import type { Handlers } from '../rpc/handlers';
import type { HostRepo } from '../store/hostRepo';
import type { SecretStore } from '../store/secretStore';
import type { HostRuntime } from './hostRuntime';
import { testHost } from './hostTest';

export interface HostHandlerDeps {
  hosts: HostRepo;
  secrets: SecretStore;
  events: EventBus;
  log: (message: string) => void;
  /** Every host as the UI sees it. */
  hostViews(): HostView[];
  runtime(hostId: string): HostRuntime | undefined;
  restartHost(hostId: string): Promise<void>;
  stopHost(hostId: string): Promise<void>;
  setProxy(hostId: string, settings: ProxySettings, npmPassword?: string): Promise<void>;
}

type HostCalls = Extract<keyof Handlers, `hosts.${string}`>;

export function hostHandlers(deps: HostHandlerDeps): Pick<Handlers, HostCalls> {
  const { hosts, secrets, events, log } = deps;
  const changed = (hostId: string) => events.emit('hosts.changed', { hostId });
  const viewOf = (hostId: string) => {
    const view = deps.hostViews().find((h) => h.id === hostId);
    if (!view) throw new AppError('NOT_FOUND', `there is no host with id ${hostId}`, { hostId });
    return view;
  };
  return {
    'hosts.list': () => deps.hostViews(),
    'hosts.add': async ({ name, ssh, passphrase, rememberPassphrase }) => {
      const host = hosts.add(name, ssh);
      // Kept for the session now; written to the keychain only once it has opened the key.
      if (passphrase) secrets.setPassphrase(host.id, passphrase, rememberPassphrase);
      await deps.restartHost(host.id);
      changed(host.id);
      return viewOf(host.id);
    },
    'hosts.update': async ({ id, name, ssh }) => {
      const current = hosts.requireSsh(id);
      const { keyForgotten } = hosts.update(id, name ?? current.name, ssh ?? current.ssh);
      if (keyForgotten) log(`host ${current.name}: address or port changed, the accepted host key was forgotten`);
      await deps.restartHost(id);
      changed(id);
      return viewOf(id);
    },
    'hosts.remove': async ({ id }) => {
      hosts.assertRemovable(id);
      await deps.stopHost(id);
      hosts.remove(id);
      secrets.forget(id);
      changed(id);
      events.emit('containers.changed', { hostId: id });
      return { removed: true as const };
    },
    'hosts.test': ({ id, ssh, passphrase, acceptFingerprint }) => testHost({ hosts, secrets }, { id, ssh, passphrase, acceptFingerprint }),
    'hosts.acceptHostKey': async ({ id, fingerprint }) => {
      const host = hosts.requireSsh(id);
      const runtime = deps.runtime(id);
      const offered = runtime?.offeredHostKey;
      if (!runtime || !offered || !runtime.offers(fingerprint, host.ssh)) {
        throw new AppError(
          'CONFLICT',
          `${host.name} is not offering the key ${fingerprint} right now${offered ? ` (it last offered ${offered.fingerprint})` : ''}. Test or reconnect the host and compare again before accepting.`,
          { host: host.name, fingerprint, offered: offered?.fingerprint ?? null },
        );
      }
      hosts.pinHostKey(id, offered);
      log(`host ${host.name}: accepted host key ${offered.type} ${offered.fingerprint}`);
      await deps.restartHost(id);
      changed(id);
      return viewOf(id);
    },
    'hosts.unlock': async ({ id, passphrase, rememberPassphrase }) => {
      hosts.requireSsh(id);
      secrets.setPassphrase(id, passphrase, rememberPassphrase);
      await deps.restartHost(id);
      changed(id);
      return viewOf(id);
    },
    'hosts.reconnect': async ({ id }) => {
      hosts.require(id);
      const runtime = deps.runtime(id);
      if (runtime) await runtime.connection.reconnect();
      else await deps.restartHost(id);
      return viewOf(id);
    },
    'hosts.setProxy': async ({ id, proxy }) => {
      const current = hosts.require(id).proxy;
      const next = nextProxySettings(current, proxy);
      const password = proxy.kind === 'npm' ? proxy.npm.password : undefined;
      if (proxy.kind === 'npm' && password === undefined && secrets.npmPassword(id) === null) {
        throw new AppError('VALIDATION', 'the NPM password is required: none is known for this host in this session.', undefined, [
          { path: 'proxy.npm.password', message: 'is required' },
        ]);
      }
      // A password is only ever sent to the address it was given for: a new address (a typo, a
      // pasted link) must not receive the old one.
      if (proxy.kind === 'npm' && password === undefined && current.npm !== null && current.npm.url !== proxy.npm.url) {
        throw new AppError(
          'VALIDATION',
          `enter the NPM password again for the new address ${proxy.npm.url}: the saved one is only sent to ${current.npm.url}. Nothing was changed.`,
          undefined,
          [{ path: 'proxy.npm.password', message: 'is required for a new address' }],
        );
      }
      await deps.setProxy(id, next, password);
      log(`host ${id}: proxy set to ${next.kind}${next.kind === 'none' ? '' : ` for *.${next.domain}`}`);
      changed(id);
      return viewOf(id);
    },
  };
}

type ProxyInput = Parameters<Handlers['hosts.setProxy']>[0]['proxy'];

/** The settings to save: what the chosen kind uses from the input, the rest kept for switching back. */
export function nextProxySettings(current: ProxySettings, proxy: ProxyInput): ProxySettings {
  return {
    kind: proxy.kind,
    domain: proxy.kind === 'none' ? current.domain : proxy.domain,
    httpPort: proxy.kind === 'caddy' ? proxy.httpPort : current.httpPort,
    // Left out (an older client), the image stays what it was.
    image: proxy.kind === 'caddy' ? (proxy.image ?? current.image) : current.image,
    npm: proxy.kind === 'npm' ? { url: proxy.npm.url, email: proxy.npm.email } : current.npm,
  };
}
