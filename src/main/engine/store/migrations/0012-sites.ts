// 0012: static sites that are served. A site has a public name, server options and a number of
// versions to keep; each upload is a version whose files live in a volume of their own on the host
// (a rollback serves a kept volume again: no copy). A version is `uploading` while its files are
// copied: one left so by a crash is removed with its volume when the host comes back. The server
// options a version was deployed with are kept with it, so a rollback serves it as it was.
// Never edit once landed.
import type { Migration } from '../migrate';

export const migration0012: Migration = {
  version: 12,
  name: 'sites',
  up: `
    ALTER TABLE static_sites ADD COLUMN subdomain TEXT CHECK (subdomain IS NULL OR length(subdomain) BETWEEN 1 AND 63);
    ALTER TABLE static_sites ADD COLUMN options TEXT NOT NULL DEFAULT '{"spaFallback":false,"notFoundPage":null,"cacheHashed":true,"precompressed":true}';
    ALTER TABLE static_sites ADD COLUMN keep_versions INTEGER NOT NULL DEFAULT 5 CHECK (keep_versions BETWEEN 1 AND 50);

    CREATE TABLE site_versions (
      id TEXT PRIMARY KEY,
      workload_id TEXT NOT NULL REFERENCES workloads(id) ON DELETE CASCADE,
      host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
      number INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('uploading', 'ready')),
      -- The Docker volume that holds the files (and the server's config) of this version.
      volume TEXT NOT NULL,
      content_hash TEXT,
      files INTEGER NOT NULL DEFAULT 0,
      bytes INTEGER NOT NULL DEFAULT 0,
      has_index INTEGER NOT NULL DEFAULT 1 CHECK (has_index IN (0, 1)),
      options TEXT NOT NULL,
      source TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (workload_id, number)
    ) STRICT;
    CREATE INDEX site_versions_host ON site_versions(host_id, status);
  `,
};
