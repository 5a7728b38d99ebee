// How an image reads in a list. Rollback and promote run an image by its id (sha256:<64 hex>), which
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
