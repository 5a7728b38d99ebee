// The SSH host form as typed (the port as a string) and its conversion to the calls' inputs. The
// passphrase is not part of the draft: it lives in its own state so it can be cleared on its own and
// never travels with the settings (hosts.update takes none).
import type { CallInput } from '../../shared/contract';
import type { HostView, SshAuth } from '../../shared/types';
import type { FormIssue } from './formIssues';

export const DEFAULT_SOCKET_PATH = '/var/run/docker.sock';

export interface HostDraft {
  name: string;
  address: string;
  port: string;
  username: string;
  auth: SshAuth;
  /** Kept while `auth` is `agent` so switching back does not lose it; sent as null then. */
  privateKeyPath: string;
  socketPath: string;
  exposeSocket: boolean;
}

/** The settings as the contract's input takes them (defaults may be left out). */
export type SshSettingsInput = NonNullable<CallInput<'hosts.update'>['ssh']>;

export function newHostDraft(): HostDraft {
  return { name: '', address: '', port: '22', username: '', auth: 'key', privateKeyPath: '', socketPath: DEFAULT_SOCKET_PATH, exposeSocket: false };
}

export function hostDraftOf(host: HostView): HostDraft {
  const ssh = host.ssh;
  if (!ssh) return { ...newHostDraft(), name: host.name };
  return {
    name: host.name,
    address: ssh.address,
    port: String(ssh.port),
    username: ssh.username,
    auth: ssh.auth,
    privateKeyPath: ssh.privateKeyPath ?? '',
    socketPath: ssh.socketPath,
    exposeSocket: ssh.exposeSocket,
  };
}

/** An empty port is the SSH default; text that is not a number goes on as NaN for the schema to name. */
function port(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 22 : Number(trimmed);
}

export function sshSettingsFromDraft(draft: HostDraft): SshSettingsInput {
  const keyPath = draft.privateKeyPath.trim();
  const socketPath = draft.socketPath.trim();
  return {
    address: draft.address.trim(),
    port: port(draft.port),
    username: draft.username.trim(),
    auth: draft.auth,
    privateKeyPath: draft.auth === 'key' && keyPath !== '' ? keyPath : null,
    socketPath: socketPath === '' ? DEFAULT_SOCKET_PATH : socketPath,
    exposeSocket: draft.exposeSocket,
  };
}

/** An empty passphrase means "the key has none": it is left out rather than sent as ''. */
export function passphraseOrUndefined(draft: HostDraft, passphrase: string): string | undefined {
  return draft.auth === 'key' && passphrase !== '' ? passphrase : undefined;
}

export function addInputFrom(draft: HostDraft, passphrase: string, rememberPassphrase: boolean): CallInput<'hosts.add'> {
  const secret = passphraseOrUndefined(draft, passphrase);
  return {
    name: draft.name.trim(),
    ssh: sshSettingsFromDraft(draft),
    ...(secret !== undefined ? { passphrase: secret, rememberPassphrase } : {}),
  };
}

export function updateInputFrom(id: string, draft: HostDraft): CallInput<'hosts.update'> {
  return { id, name: draft.name.trim(), ssh: sshSettingsFromDraft(draft) };
}

/**
 * Tests the settings as typed. For a saved host its id goes along, so its pinned key and known
 * passphrase apply; `acceptFingerprint` is the key the user chose to trust for this one test.
 */
export function testInputFrom(draft: HostDraft, options: { id?: string; passphrase?: string; acceptFingerprint?: string }): CallInput<'hosts.test'> {
  const secret = options.passphrase === undefined ? undefined : passphraseOrUndefined(draft, options.passphrase);
  return {
    ...(options.id !== undefined ? { id: options.id } : {}),
    ssh: sshSettingsFromDraft(draft),
    ...(secret !== undefined ? { passphrase: secret } : {}),
    ...(options.acceptFingerprint !== undefined ? { acceptFingerprint: options.acceptFingerprint } : {}),
  };
}

const KEY_REQUIRED = 'is required with key authentication';

/**
 * The schema's issues plus what it leaves for later: its "key file required with key authentication"
 * rule runs only once every other field is valid, and the form says it at once instead.
 */
export function withDraftIssues(draft: HostDraft, issues: readonly FormIssue[]): FormIssue[] {
  const missingKey = draft.auth === 'key' && draft.privateKeyPath.trim() === '';
  const known = issues.some((issue) => issue.path === 'ssh.privateKeyPath');
  return missingKey && !known ? [...issues, { path: 'ssh.privateKeyPath', message: KEY_REQUIRED }] : [...issues];
}

/** Changing where the host is makes the engine forget its accepted key: the form warns first. */
export function forgetsHostKey(host: HostView, draft: HostDraft): boolean {
  if (!host.ssh || !host.hostKey) return false;
  const next = sshSettingsFromDraft(draft);
  return next.address !== host.ssh.address || next.port !== host.ssh.port;
}

/** `deploy@10.0.0.5:2222`, the port left out when it is the default. */
export function sshTarget(ssh: { address: string; port: number; username: string }): string {
  const address = ssh.address.includes(':') && !ssh.address.startsWith('[') ? `[${ssh.address}]` : ssh.address;
  return `${ssh.username}@${address}${ssh.port === 22 ? '' : `:${ssh.port}`}`;
}

/** Where a host's key comes from, as prompts name it: its SSH target, or its name when it has none. */
export function hostTarget(host: Pick<HostView, 'name' | 'ssh'>): string {
  return host.ssh ? sshTarget(host.ssh) : host.name;
}

/** The line to paste into a shell so docker and docker compose use the exposed socket. */
export function dockerHostLine(localSocketPath: string): string {
  return `export DOCKER_HOST=unix://${localSocketPath}`;
}
