// hosts.test: tries SSH settings without saving anything. Reports the key the server offers and,
// when that key is trusted (pinned, or the one the caller says it accepts), the Docker version and
// round trip; else the specific error.
import { AppError } from '../../../shared/errors';
import type { HostKey, HostTestResult, SshSettings } from '../../../shared/types';
import type { HostRepo } from '../store/hostRepo';
import type { SecretStore } from '../store/secretStore';
import { SshDialer } from '../docker/sshDialer';

export interface HostTestInput {
  id?: string;
  ssh?: SshSettings;
  passphrase?: string;
  acceptFingerprint?: string;
}

export async function testHost(services: { hosts: HostRepo; secrets: SecretStore }, input: HostTestInput): Promise<HostTestResult> {
  const saved = input.id ? services.hosts.requireSsh(input.id) : null;
  const settings = input.ssh ?? saved?.ssh;
  if (!settings)
    throw new AppError('VALIDATION', 'Invalid input for hosts.test: ssh: give the settings to test, or the id of a saved host', undefined, [
      { path: 'ssh', message: 'give the settings to test, or the id of a saved host' },
    ]);
  // A saved key counts only for the server it was accepted for.
  const samePlace = saved && saved.ssh.address === settings.address && saved.ssh.port === settings.port;
  const pinned: HostKey | null = samePlace ? saved.hostKey : null;
  let offered: HostKey | null = null;
  const dialer = new SshDialer({
    settings,
    pinned,
    acceptFingerprint: input.acceptFingerprint,
    passphrase: input.passphrase ?? (saved ? services.secrets.passphrase(saved.id) : null),
    onHostKey: (key) => (offered = key),
  });
  const result: HostTestResult = { ok: false, hostKey: null, hostKeyTrusted: false, dockerVersion: null, latencyMs: null, error: null };
  let session;
  try {
    session = await dialer.open();
  } catch (error) {
    const e = error instanceof AppError ? error : new AppError('INTERNAL', String(error));
    return { ...result, hostKey: offered, error: e.toInfo() };
  }
  // Trusted: the verifier let it through, so the key is the pinned or accepted one.
  result.hostKeyTrusted = true;
  result.hostKey = offered;
  try {
    const started = performance.now();
    // Bounded: a socket that accepts and never answers must not hold the test forever.
    const versioned = session.docker as unknown as { version(o: object): Promise<{ Version?: string; ApiVersion?: string }> };
    const version = await versioned.version({ abortSignal: AbortSignal.timeout(10_000) });
    result.latencyMs = Math.round((performance.now() - started) * 10) / 10;
    result.dockerVersion = version.Version ? `${version.Version} (API ${version.ApiVersion ?? '?'})` : null;
    result.ok = true;
  } catch (error) {
    const specific = await session.diagnose?.().catch(() => null);
    const e = specific ?? new AppError('DOCKER_UNREACHABLE', `SSH works, but Docker did not answer: ${(error as Error).message}`);
    result.error = e.toInfo();
  } finally {
    await session.close();
  }
  return result;
}
