// What a host asks of the user, decided from its HostView alone: accept a first key, face a changed
// key, or type a passphrase. The engine's reasons start with their error code
// (`SSH_HOST_KEY_CHANGED: the key of deploy@10.0.0.5 differs ...`), which is how a changed key is told
// apart from a new one. Nothing here accepts anything: it only says what to show.
import { ERROR_CODES } from '../../shared/errors';
import type { ErrorCode } from '../../shared/errors';
import type { HostKey, HostView } from '../../shared/types';

/** An OpenSSH SHA256 fingerprint: `SHA256:` and 43 characters of unpadded base64. */
const FINGERPRINT = /SHA256:[A-Za-z0-9+/]{43}/g;

export function asErrorCode(value: string): ErrorCode | null {
  return (ERROR_CODES as readonly string[]).includes(value) ? (value as ErrorCode) : null;
}

/** A reason split into its leading error code (when it has a known one) and the rest of the message. */
export function splitReason(reason: string): { code: ErrorCode | null; message: string } {
  const match = /^([A-Z][A-Z0-9_]*): ?/.exec(reason);
  const code = match ? asErrorCode(match[1] as string) : null;
  return code && match ? { code, message: reason.slice(match[0].length) } : { code: null, message: reason };
}

export function reasonCode(reason: string | null): ErrorCode | null {
  return reason === null ? null : splitReason(reason).code;
}

/** Every distinct fingerprint a message names, in order. */
export function fingerprintsIn(message: string): string[] {
  return [...new Set(message.match(FINGERPRINT) ?? [])];
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
  const reason = host.reason === null ? null : splitReason(host.reason);
  if (reason?.code === 'SSH_HOST_KEY_CHANGED') {
    // The structured fields are the truth; the message is read only for what they leave out.
    const named = fingerprintsIn(reason.message);
    const previous = host.hostKey?.fingerprint ?? null;
    let offered = host.offeredHostKey;
    if (!offered) {
      const other = named.filter((fingerprint) => fingerprint !== previous);
      // With no pinned key to tell them apart, two names in the message cannot be ordered safely.
      if (other.length === 1 && (previous !== null || named.length === 1)) offered = { type: keyTypeIn(reason.message) ?? '', fingerprint: other[0] as string };
    }
    const before = previous ?? (named.find((fingerprint) => fingerprint !== offered?.fingerprint) ?? null);
    return { kind: 'changed', previous: before, offered: offered ?? null, message: reason.message };
  }
  if (host.offeredHostKey && !host.hostKey) return { kind: 'offer', key: host.offeredHostKey };
  return null;
}

/** The OpenSSH key type a message names (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`), if any. */
function keyTypeIn(message: string): string | null {
  return /\b(ssh-ed25519|ssh-ed448|ecdsa-sha2-nistp\d+|ssh-rsa|rsa-sha2-\d+|ssh-dss)\b/.exec(message)?.[1] ?? null;
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
