// Display names for the contract's enums. Written as one literal t() call per value so the key scan
// in i18n.test.ts sees every key and the switch makes the compiler flag a new, untranslated value.
import type { TFunction } from 'i18next';
import type { DnsProviderKind, DnsRecordState } from '../../shared/dns';
import type {
  ConnectionState,
  ContainerHealth,
  ContainerState,
  HostKind,
  Language,
  ProxyKind,
  SecretKeeping,
  SshAuth,
  StopKind,
  WorkloadKind,
} from '../../shared/types';

export type Translate = TFunction<'translation'>;

export function stateLabel(t: Translate, state: ContainerState): string {
  switch (state) {
    case 'created':
      return t('state.created');
    case 'running':
      return t('state.running');
    case 'paused':
      return t('state.paused');
    case 'restarting':
      return t('state.restarting');
    case 'removing':
      return t('state.removing');
    case 'exited':
      return t('state.exited');
    case 'dead':
      return t('state.dead');
    case 'missing':
      return t('state.missing');
    case 'pending':
      return t('state.pending');
  }
}

export function kindLabel(t: Translate, kind: WorkloadKind): string {
  switch (kind) {
    case 'project':
      return t('kind.project');
    case 'stack':
      return t('kind.stack');
    case 'site':
      return t('kind.site');
  }
}

export function hostStateLabel(t: Translate, state: ConnectionState): string {
  switch (state) {
    case 'connecting':
      return t('hostState.connecting');
    case 'up':
      return t('hostState.up');
    case 'down':
      return t('hostState.down');
  }
}

export function hostKindLabel(t: Translate, kind: HostKind): string {
  switch (kind) {
    case 'local':
      return t('hostKind.local');
    case 'ssh':
      return t('hostKind.ssh');
  }
}

export function sshAuthLabel(t: Translate, auth: SshAuth): string {
  switch (auth) {
    case 'key':
      return t('sshAuth.key');
    case 'agent':
      return t('sshAuth.agent');
  }
}

export function proxyKindLabel(t: Translate, kind: ProxyKind): string {
  switch (kind) {
    case 'caddy':
      return t('proxyKind.caddy');
    case 'npm':
      return t('proxyKind.npm');
    case 'none':
      return t('proxyKind.none');
  }
}

export function dnsKindLabel(t: Translate, kind: DnsProviderKind): string {
  switch (kind) {
    case 'none':
      return t('dns.kind.none');
    case 'rfc2136':
      return t('dns.kind.rfc2136');
    case 'cloudflare':
      return t('dns.kind.cloudflare');
  }
}

export function dnsStateLabel(t: Translate, state: DnsRecordState): string {
  switch (state) {
    case 'ok':
      return t('dns.state.ok');
    case 'drift':
      return t('dns.state.drift');
    case 'error':
      return t('dns.state.error');
    case 'pending':
      return t('dns.state.pending');
  }
}

export function healthLabel(t: Translate, health: ContainerHealth): string {
  switch (health) {
    case 'healthy':
      return t('health.healthy');
    case 'unhealthy':
      return t('health.unhealthy');
    case 'starting':
      return t('health.starting');
    case 'none':
      return t('health.none');
  }
}

/** Each language is named in itself, as language menus do. */
export function languageName(t: Translate, language: Language): string {
  switch (language) {
    case 'en':
      return t('language.en');
    case 'ru':
      return t('language.ru');
  }
}

/** Where a secret is kept (a registry password, a stack's secret value), never the secret itself. */
export function secretKeepingText(t: Translate, keeping: SecretKeeping): string {
  switch (keeping) {
    case 'keychain':
      return t('secretKeeping.keychain');
    case 'session':
      return t('secretKeeping.session');
    case 'none':
      return t('secretKeeping.none');
  }
}

/** Why a container stopped, as the reconciler classified it; `crash` with code 0 finished on its own. */
export function stopKindLabel(t: Translate, kind: StopKind, exitCode: number | null): string {
  switch (kind) {
    case 'app':
      return t('stopKind.app');
    case 'outside':
      return t('stopKind.outside');
    case 'oom':
      return t('stopKind.oom');
    case 'crash':
      return exitCode === 0 ? t('stopKind.finished') : t('stopKind.crash');
  }
}
