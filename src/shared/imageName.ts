// How an image reads in a list (the renderer's tables, the tray's menu). Rollback and promote run an image by its id (sha256:<64 hex>), which
// Docker then reports as the container's image: 71 characters that push every other column aside.
// Twelve hex digits identify it as well as `docker images` does.

/** The first 12 hex digits of an image id or digest. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** `repo:tag` as it is; an image id shortened to `sha256:` and 12 hex digits. */
export function displayImage(image: string): string {
  return /^sha256:[0-9a-f]{64}$/.test(image) ? `sha256:${shortDigest(image)}` : image;
}

/** The tag of `repo:tag` (behind a registry with a port too), 12 hex digits of an image id or a pinned digest, else the name. */
export function shortImage(image: string): string {
  const digest = /^(?:.*@)?sha256:([0-9a-f]{12})/.exec(image);
  if (digest) return digest[1]!;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : image;
}
