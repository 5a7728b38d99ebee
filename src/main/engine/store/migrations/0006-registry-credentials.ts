// 0006: logins for private image registries, one per registry host (`ghcr.io`, `127.0.0.1:5001`,
// `docker.io`). The user name is plain; the password or token is kept only as OS-keychain
// ciphertext, like the NPM password. Never edit once landed.
import type { Migration } from '../migrate';

export const migration0006: Migration = {
  version: 6,
  name: 'registry-credentials',
  up: `
    CREATE TABLE registry_credentials (
      registry TEXT PRIMARY KEY CHECK (registry = lower(registry) AND length(registry) BETWEEN 1 AND 255),
      username TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 255),
      updated_at INTEGER NOT NULL
    ) STRICT;

    -- Only ciphertext from the OS keychain (Electron safeStorage) ever lands here.
    CREATE TABLE registry_secrets (
      registry TEXT PRIMARY KEY REFERENCES registry_credentials(registry) ON DELETE CASCADE,
      password_encrypted BLOB NOT NULL
    ) STRICT;
  `,
};
