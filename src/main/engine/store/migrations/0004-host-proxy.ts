// 0004: the reverse proxy of each host (kind, public domain, Caddy's HTTP port, NPM's address and
// login) and the NPM password, kept only as OS-keychain ciphertext. Existing hosts keep what they
// did before: a managed Caddy on port 80 serving *.localhost. Never edit once landed.
import type { Migration } from '../migrate';

export const migration0004: Migration = {
  version: 4,
  name: 'host-proxy',
  up: `
    ALTER TABLE hosts ADD COLUMN proxy_kind TEXT NOT NULL DEFAULT 'caddy' CHECK (proxy_kind IN ('caddy', 'npm', 'none'));
    ALTER TABLE hosts ADD COLUMN proxy_domain TEXT NOT NULL DEFAULT 'localhost';
    ALTER TABLE hosts ADD COLUMN proxy_http_port INTEGER NOT NULL DEFAULT 80 CHECK (proxy_http_port BETWEEN 1 AND 65535);
    ALTER TABLE hosts ADD COLUMN npm_url TEXT;
    ALTER TABLE hosts ADD COLUMN npm_email TEXT;

    -- Only ciphertext from the OS keychain (Electron safeStorage) ever lands here.
    CREATE TABLE host_proxy_secrets (
      host_id TEXT PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
      npm_password_encrypted BLOB NOT NULL
    ) STRICT;
  `,
};
