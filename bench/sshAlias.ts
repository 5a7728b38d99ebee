// A Host alias in the user's ssh config for a test sshd, for clients that read only that config
// (the docker CLI, docker-compose v1 through docker-py), taken out again by restore().
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TestSshServer } from '../src/main/engine/testing/sshServer';

/**
 * The docker CLI reads ssh options only from the user's ssh config: add a Host alias for the
 * bench's sshd (its key, no known_hosts) and take it out again afterwards.
 */
export function withSshAlias(server: TestSshServer): { alias: string; restore(): void } {
  const dir = join(homedir(), '.ssh');
  const config = join(dir, 'config');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const before = existsSync(config) ? readFileSync(config, 'utf8') : null;
  const alias = `tinyforge-bench-${server.port}`;
  appendFileSync(
    config,
    `\nHost ${alias}\n  HostName 127.0.0.1\n  Port ${server.port}\n  User root\n  IdentityFile ${server.clientKey}\n  IdentitiesOnly yes\n  UserKnownHostsFile /dev/null\n  StrictHostKeyChecking no\n  LogLevel ERROR\n`,
    { mode: 0o600 },
  );
  return {
    alias,
    restore() {
      if (before === null) writeFileSync(config, '');
      else writeFileSync(config, before);
    },
  };
}
