// 0002: SSH hosts (how to log in, the pinned host key, an optional exposed socket), passphrases kept
// only encrypted by the OS keychain, and containers' exit codes. Never edit once landed.
import type { Migration } from '../migrate';

export const migration0002: Migration = {
  version: 2,
  name: 'ssh-hosts',
  up: `
    ALTER TABLE hosts ADD COLUMN auth TEXT CHECK (auth IN ('key', 'agent'));
    ALTER TABLE hosts ADD COLUMN private_key_path TEXT;
    ALTER TABLE hosts ADD COLUMN expose_socket INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE hosts ADD COLUMN host_key_type TEXT;
    ALTER TABLE hosts ADD COLUMN host_key_accepted_at INTEGER;

    -- Only ciphertext from the OS keychain (Electron safeStorage) ever lands here.
    CREATE TABLE host_secrets (
      host_id TEXT PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
      passphrase_encrypted BLOB NOT NULL
    ) STRICT;

    ALTER TABLE containers ADD COLUMN exit_code INTEGER;
  `,
};
