// registries.test: logs in to a registry from the Docker host itself (Docker's /auth over the
// host's connection, local or SSH), so the answer covers that host's network and name resolution.
// Nothing is saved, on the host or here.
import type Dockerode from 'dockerode';
import type { ErrorInfo } from '../../../shared/errors';
import type { RegistryTestResult } from '../../../shared/types';
import { registryLabel } from '../../../shared/registryHost';
import { isUnreachable } from '../docker/pullError';
import { authConfig } from './registryAuth';
import type { RegistryLogin } from './registryAuth';

/** dockerd 20.10: "login attempt to http://127.0.0.1:5001/v2/ failed with status: 401 Unauthorized". */
const REFUSED = /\b401\b|unauthorized|denied|incorrect username or password|authentication required/i;

export async function testRegistryLogin(docker: Dockerode, login: RegistryLogin, timeoutMs = 30_000): Promise<RegistryTestResult> {
  const { registry } = login;
  try {
    await docker.checkAuth({ ...authConfig(login), abortSignal: AbortSignal.timeout(timeoutMs) });
    return { ok: true, registry, error: null };
  } catch (error) {
    return { ok: false, registry, error: describeLoginFailure(registry, dockerSaid(error)) };
  }
}

/** Pure: Docker's words about a failed login as an error a user can act on. */
export function describeLoginFailure(registry: string, said: string): ErrorInfo {
  const name = registryLabel(registry);
  const details = { registry, said };
  if (REFUSED.test(said)) {
    return {
      code: 'REGISTRY_AUTH_FAILED',
      message: `the registry ${name} refused this user name and password or token (Docker said: ${said}). Check both; a token needs read access to packages.`,
      details,
    };
  }
  if (isUnreachable(said) || /aborted|timeout/i.test(said)) {
    return {
      code: 'REGISTRY_UNREACHABLE',
      message: `the Docker host could not reach the registry ${name} (Docker said: ${said}). Check the host name and port, and that the Docker host can reach it.`,
      details,
    };
  }
  return { code: 'INTERNAL', message: `logging in to ${name} failed: ${said}`, details };
}

function dockerSaid(error: unknown): string {
  const json = (error as { json?: { message?: unknown } | null }).json;
  if (json && typeof json.message === 'string') return json.message;
  return error instanceof Error ? error.message : String(error);
}
