// 0007: the managed proxy's image per host. A host behind a registry mirror, or one that cannot
// reach Docker Hub at all, names an image it can have; every existing host keeps caddy:2, the image
// it used before. Never edit once landed.
import type { Migration } from '../migrate';

export const migration0007: Migration = {
  version: 7,
  name: 'proxy-image',
  up: `
    ALTER TABLE hosts ADD COLUMN proxy_image TEXT NOT NULL DEFAULT 'caddy:2' CHECK (length(proxy_image) BETWEEN 1 AND 255);
  `,
};
