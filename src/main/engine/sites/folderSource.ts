// A site folder on this computer, walked in a stable order (names sorted at every level) without
// following a symlink: a symlink is reported as one, and whether its target stays inside the site
// is the manifest's question.
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, open, opendir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawEntry } from './siteEntries';
import { fsError } from './siteEntries';

/** The walk's read size: large enough that 50 MB is a few hundred reads, small enough to stay light. */
const CHUNK = 256 * 1024;
/** lstat calls in flight at once while listing a folder. */
const STAT_BATCH = 32;
/** The read after a file's expected end: 0 bytes there, unless the file grew meanwhile. */
const END_PROBE = 16 * 1024;

export async function* folderEntries(root: string, signal?: AbortSignal): AsyncGenerator<RawEntry> {
  const stack: string[] = [''];
  while (stack.length > 0) {
    const relDir = stack.pop() as string;
    const names: string[] = [];
    try {
      // opendir streams the listing: a folder of 100,000 names is not one array from the kernel.
      for await (const dirent of await opendir(join(root, relDir))) names.push(dirent.name);
    } catch (error) {
      throw fsError(root, error, relDir || undefined);
    }
    names.sort();
    const subdirs: string[] = [];
    for (let start = 0; start < names.length; start += STAT_BATCH) {
      signal?.throwIfAborted();
      const batch = names.slice(start, start + STAT_BATCH).map((name) => (relDir === '' ? name : `${relDir}/${name}`));
      // Several lstat calls in flight at once: one after another, each waits a thread-pool round trip.
      const stats = await Promise.all(batch.map((rel) => lstat(join(root, rel)).catch((error: unknown) => fsError(root, error, rel))));
      for (const [i, rel] of batch.entries()) {
        const stat = stats[i];
        if (stat === undefined || stat instanceof Error) throw stat ?? new Error(`no lstat for ${rel}`);
        const entry = await entryOf(root, rel, stat, signal);
        if (entry.kind === 'dir') subdirs.push(rel);
        yield entry;
      }
    }
    // Pushed in reverse so that the walk visits subfolders in sorted order.
    for (const sub of subdirs.reverse()) stack.push(sub);
  }
}

async function entryOf(root: string, rel: string, stat: Stats, signal?: AbortSignal): Promise<RawEntry> {
  const mtime = Math.floor(stat.mtimeMs / 1000);
  if (stat.isDirectory()) return { name: rel, kind: 'dir', mode: stat.mode & 0o7777, size: 0, mtime };
  if (stat.isSymbolicLink()) {
    try {
      return { name: rel, kind: 'symlink', mode: 0o777, size: 0, mtime, target: await readlink(join(root, rel)) };
    } catch (error) {
      throw fsError(root, error, rel);
    }
  }
  if (stat.isFile()) return { name: rel, kind: 'file', mode: stat.mode & 0o7777, size: stat.size, mtime, body: () => fileBody(root, rel, signal) };
  const special = stat.isFIFO() ? 'fifo' : stat.isSocket() ? 'socket' : stat.isCharacterDevice() ? 'character-device' : 'block-device';
  return { name: rel, kind: 'special', special, mode: stat.mode & 0o7777, size: 0, mtime };
}

/**
 * One file's bytes. O_NOFOLLOW and the fstat check refuse a file that became a symlink or a FIFO
 * since the listing (a FIFO would block the read forever); a swapped parent folder is caught by the
 * caller's size and content-hash comparison.
 */
async function* fileBody(root: string, rel: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  let handle;
  try {
    handle = await open(join(root, rel), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw fsError(root, error, rel);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw fsError(root, Object.assign(new Error('it is no longer a regular file'), { code: 'ESPECIAL' }), rel);
    let remaining = stat.size;
    for (;;) {
      signal?.throwIfAborted();
      // A fresh buffer per read, as large as what is left (the consumer may keep the chunk: a tar
      // pack queues it); past the expected end, a small one that finds the end or a file that grew.
      // One byte more than expected: a short read then says the end is reached, with no extra read.
      const buffer = Buffer.allocUnsafe(remaining > 0 ? Math.min(CHUNK, remaining + 1) : END_PROBE);
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
      } catch (error) {
        throw fsError(root, error, rel);
      }
      if (bytesRead === 0) return;
      remaining -= bytesRead;
      yield buffer.subarray(0, bytesRead);
      if (bytesRead < buffer.length) return;
    }
  } finally {
    await handle.close();
  }
}
