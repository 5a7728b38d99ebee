// 0018: DNS records for stage and site subdomains. Per host, an optional DNS provider (RFC 2136 with
// TSIG, or Cloudflare) and the host's public addresses; the TSIG secret or API token only as
// OS-keychain ciphertext. dns_records holds the records the app manages: a record the app did not
// create is never in it. Its owner (a stage, a site) is not a foreign key on purpose: the row must
// outlive the stage it names, so the next pass can remove the record from the provider before the
// row goes. Never edit once landed.
import type { Migration } from '../migrate';

export const migration0018: Migration = {
  version: 18,
  name: 'dns-records',
  up: `
    CREATE TABLE host_dns (
      host_id TEXT PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('rfc2136', 'cloudflare')),
      ipv4 TEXT,
      ipv6 TEXT,
      zone TEXT NOT NULL,
      server_host TEXT,
      server_port INTEGER CHECK (server_port IS NULL OR server_port BETWEEN 1 AND 65535),
      key_name TEXT,
      key_algorithm TEXT CHECK (key_algorithm IS NULL OR key_algorithm IN ('hmac-sha256', 'hmac-sha512')),
      CHECK (kind <> 'rfc2136' OR (server_host IS NOT NULL AND server_port IS NOT NULL AND key_name IS NOT NULL AND key_algorithm IS NOT NULL))
    ) STRICT;

    -- Only ciphertext from the OS keychain (Electron safeStorage) ever lands here.
    CREATE TABLE host_dns_secrets (
      host_id TEXT PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
      secret_encrypted BLOB NOT NULL
    ) STRICT;

    CREATE TABLE dns_records (
      id TEXT PRIMARY KEY,
      host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
      owner_kind TEXT NOT NULL CHECK (owner_kind IN ('stage', 'site')),
      owner_id TEXT NOT NULL,
      workload_id TEXT NOT NULL,
      name TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('A', 'AAAA')),
      value TEXT NOT NULL,
      provider_id TEXT,
      created INTEGER NOT NULL DEFAULT 0 CHECK (created IN (0, 1)),
      state TEXT NOT NULL CHECK (state IN ('pending', 'ok', 'drift', 'error')),
      observed TEXT,
      error TEXT,
      checked_at INTEGER,
      created_at INTEGER NOT NULL,
      UNIQUE (host_id, owner_kind, owner_id, type)
    ) STRICT;
    CREATE INDEX dns_records_host ON dns_records(host_id, name);
  `,
};
