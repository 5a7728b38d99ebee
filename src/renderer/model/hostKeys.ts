// What a host asks of the user, decided from its HostView alone: accept a first key, face a changed
// key, or type a passphrase. A changed key is told apart from a new one by the reason's code, and
// its fingerprints come from the reason's details (the engine's SSH_HOST_KEY_CHANGED carries
// `expected` and `offered`); the message is never read. Nothing here accepts anything.
import type { ErrorDetails } from '../../shared/errors';
import type { HostKey, HostView } from '../../shared/types';

/** A `{ type, fingerprint }` from an error's details, or null when it is not one. */
export function hostKeyIn(details: ErrorDetails | null | undefined, field: string): HostKey | null {
  const value = details?.[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { type, fingerprint } = value;
  return typeof type === 'string' && typeof fingerprint === 'string' ? { type, fingerprint } : null;
}

export type HostKeyPrompt =
  /** A first key the user has not accepted: show it with Accept and Cancel. */
  | { kind: 'offer'; key: HostKey }
  /**
   * The server's key differs from the pinned one. `offered` is what Accept would pin (null when the
   * engine did not say which key it saw: then there is nothing safe to accept).
   */
  | { kind: 'changed'; previous: string | null; offered: HostKey | null; message: string };

export function hostKeyPrompt(host: HostView): HostKeyPrompt | null {
  if (host.kind !== 'ssh') return null;
  if (host.reasonCode === 'SSH_HOST_KEY_CHANGED') {
    const expected = hostKeyIn(host.reasonDetails, 'expected');
    // The key the engine saw while refusing is the one Accept would pin; the details say the same.
    const offered = host.offeredHostKey ?? hostKeyIn(host.reasonDetails, 'offered');
    const previous = host.hostKey?.fingerprint ?? expected?.fingerprint ?? null;
    return { kind: 'changed', previous, offered, message: host.reason ?? '' };
  }
  if (host.offeredHostKey && !host.hostKey) return { kind: 'offer', key: host.offeredHostKey };
  return null;
}

/**
 * The server file whose fingerprint the user compares with: `ssh-keygen -lf <file>` prints it. Sshd's
 * default key files are named by algorithm, not by the wire name of the key type.
 */
export function hostKeyFile(type: string): string {
  const algorithm = type.startsWith('ssh-ed25519')
    ? 'ed25519'
    : type.startsWith('ecdsa-')
      ? 'ecdsa'
      : type === 'ssh-dss'
        ? 'dsa'
        : type.startsWith('ssh-rsa') || type.startsWith('rsa-')
          ? 'rsa'
          : type === 'ssh-ed448'
            ? 'ed448'
            : null;
  return algorithm ? `/etc/ssh/ssh_host_${algorithm}_key.pub` : '/etc/ssh/ssh_host_*_key.pub';
}

/** The command to run on the server, as text to copy. */
export function verifyCommand(type: string): string {
  return `ssh-keygen -lf ${hostKeyFile(type)}`;
}

/** A prompt is dismissed per host and key: Cancel hides it until the host offers a different key. */
export function promptKey(hostId: string, prompt: HostKeyPrompt): string {
  const fingerprint = prompt.kind === 'offer' ? prompt.key.fingerprint : (prompt.offered?.fingerprint ?? '');
  return `${hostId}\n${prompt.kind}\n${fingerprint}`;
}
