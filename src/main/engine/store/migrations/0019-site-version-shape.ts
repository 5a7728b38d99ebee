// 0019: a site version's shape hash (paths, kinds, modes, sizes, modification times, link targets:
// what a folder's listing tells without reading a file). A new upload whose shape equals the
// served version's is read whole first, to be answered "unchanged" at once; any other is read once,
// by the copy, which computes its content hash. Versions made before have none (read whole first,
// as before). Never edit once landed.
import type { Migration } from '../migrate';

export const migration0019: Migration = {
  version: 19,
  name: 'site-version-shape',
  up: `
    ALTER TABLE site_versions ADD COLUMN shape_hash TEXT;
  `,
};
