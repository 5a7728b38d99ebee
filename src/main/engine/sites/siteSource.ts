// The intake of a static site from this computer: a folder or an archive (tar, tar.gz, zip, told
// apart by their magic bytes) is scanned into a manifest (checked, limited, hashed; a folder may
// be scanned from its listing alone, see ScanOptions), then read a second time as the tar stream
// Docker's archive API takes. Neither pass holds more than one file
// of up to 1 MB (staged whole to be hashed, and on upload checked before it goes out); larger files
// stream through a hash (and into the tar) in chunks, with backpressure.
//
// Hard links in a tar are refused (SITE_SPECIAL_FILE) rather than resolved: resolving means either
// holding a copy or reading the archive twice per link, and the fix on the user's side is one flag
// (`tar --hard-dereference`). In a folder a hard-linked file is just a file.
import { createHash, hash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AppError } from '../../../shared/errors';
import { CHUNK as READ_CHUNK, folderEntries } from './folderSource';
import type { RawEntry, SiteSource } from './siteEntries';
import { archiveInvalid, fsError, unreadable } from './siteEntries';
import type { SiteEntry, SiteLimits, SiteManifest } from './siteManifest';
import { contentHashOf, DEFAULT_SITE_LIMITS, ManifestBuilder, normalisedMode } from './siteManifest';
import { checkSymlinkTarget, sitePath } from './sitePaths';
import { TarBuilder } from './tarBuilder';
import { tarEntries } from './tarSource';
import { zipEntries } from './zipSource';

export type { SiteSource } from './siteEntries';
export type { SiteEntry, SiteLimits, SiteManifest, SiteWarning } from './siteManifest';
export { DEFAULT_SITE_LIMITS } from './siteManifest';

export type ArchiveKind = 'tar' | 'tar.gz' | 'zip';

/** Files up to this size are read whole, checked, then packed as one entry; larger ones stream. */
const WHOLE_FILE_BYTES = 1024 * 1024;
/** The tar goes out in chunks of about this size (see tarBuilder.ts for why not smaller). */
const TAR_CHUNK_BYTES = 512 * 1024;

export interface SiteProgress {
  files: number;
  bytes: number;
}

export interface SiteTarOptions {
  /** Every entry goes under it (`site/`); '' for none. */
  prefix?: string;
  onProgress?: (progress: SiteProgress) => void;
  signal?: AbortSignal;
  /**
   * The modification time every entry gets; the source's own by default. Caddy's ETag is made of
   * the size and this time, so a caller serving versions side by side may want the version's time.
   */
  mtime?: Date;
  /** Files written at the archive's root before the site's entries (a server's config beside its files). */
  extraFiles?: { name: string; content: Buffer }[];
  /**
   * The content hash of what went out (contentHashOf over the manifest's entries with the hashes
   * read), told once every entry is in, before the archive's end: for a shallow manifest, the only
   * place it is known.
   */
  onContentHash?: (contentHash: string) => void;
}

/** What a source yields its entries through, with the counters its format needs. */
type EntryWalk = (builder: Counters, signal?: AbortSignal) => AsyncGenerator<RawEntry>;
interface Counters {
  countBytes(bytes: number, name: string): void;
  checkClaimedEntries(count: number): void;
}

/** Reads the archive's first bytes: a zip, a gzip (holding a tar, checked as it is read) or a tar. */
export async function detectArchive(path: string): Promise<ArchiveKind> {
  let head: Buffer;
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw fsError(path, error);
  });
  try {
    head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, 512, 0);
    head = head.subarray(0, bytesRead);
  } catch (error) {
    throw fsError(path, error);
  } finally {
    await handle.close();
  }
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) return 'zip';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  throw archiveInvalid(path, head.length === 0 ? 'the file is empty' : 'its first bytes are those of no tar, tar.gz or zip');
}

/** Checks the source is there and of the right kind, and gives the walk over its entries. */
async function openSource(source: SiteSource): Promise<EntryWalk> {
  let info;
  try {
    info = await stat(source.path);
  } catch (error) {
    throw fsError(source.path, error);
  }
  if (source.kind === 'folder') {
    if (!info.isDirectory()) throw unreadable(source.path, 'it is not a folder');
    return (_counters, signal) => folderEntries(source.path, signal);
  }
  // A FIFO or a device would block the first read forever, or never end.
  if (!info.isFile()) throw unreadable(source.path, info.isDirectory() ? 'it is a folder, not an archive file' : 'it is not a regular file');
  const kind = await detectArchive(source.path);
  if (kind === 'zip') return (counters, signal) => zipEntries(source.path, { onClaimedEntries: (n) => counters.checkClaimedEntries(n) }, signal);
  return (counters, signal) => tarEntries(source.path, kind === 'tar.gz', { onMetadata: (bytes, name) => counters.countBytes(bytes, name) }, signal);
}

function specialFile(path: string, entry: RawEntry): AppError {
  const what =
    entry.kind === 'hardlink'
      ? `a hard link (to "${entry.target ?? ''}"); pack the archive again with \`tar --hard-dereference\``
      : `a ${entry.special ?? 'special file'}`;
  return new AppError('SITE_SPECIAL_FILE', `The entry "${path}" is ${what}. A site holds only files, folders and symlinks.`, {
    entry: path,
    type: entry.kind === 'hardlink' ? 'hard-link' : (entry.special ?? 'special'),
  });
}

export interface ScanOptions {
  /**
   * A folder's listing only: every entry checked and counted (sizes from the listing), no file
   * read. The manifest's contentHash is null; the tar stream reads each file once and computes it
   * (siteTarStream's onContentHash). An archive is always read whole: its listing is the read, and
   * its headers' claims are not to be trusted.
   */
  shallow?: boolean;
}

/**
 * Reads the whole source once: every entry checked, every file hashed as it streams by, the
 * limits counted on the bytes actually read. Throws the first problem as an AppError naming its
 * entry; nothing is written anywhere.
 */
export async function scanSite(
  source: SiteSource,
  limits: SiteLimits = DEFAULT_SITE_LIMITS,
  signal?: AbortSignal,
  options: ScanOptions = {},
): Promise<SiteManifest> {
  signal?.throwIfAborted();
  const shallow = options.shallow === true && source.kind === 'folder';
  const walk = await openSource(source);
  const builder = new ManifestBuilder(limits, source.path);
  // Every chunk is hashed or staged before the next is read: one buffer serves every read.
  const scratch = Buffer.allocUnsafe(READ_CHUNK + 1);
  const stage = Buffer.allocUnsafe(WHOLE_FILE_BYTES);
  for await (const raw of walk(builder, signal)) {
    builder.countEntry(raw.name);
    const path = sitePath(raw.name);
    // The root's own entry (`./` in a tar) says nothing a manifest keeps.
    if (path === null) {
      if (raw.kind === 'dir') continue;
      throw new AppError('SITE_PATH_UNSAFE', `An entry that is not a folder claims the site's root ("${raw.name}").`, { entry: raw.name });
    }
    if (raw.kind === 'special' || raw.kind === 'hardlink') throw specialFile(path, raw);
    const base = { path, kind: raw.kind, mode: raw.mode, size: 0, mtime: raw.mtime };
    if (raw.kind === 'symlink') {
      const target = raw.target ?? '';
      checkSymlinkTarget(path, target);
      builder.add({ ...base, target });
    } else if (raw.kind === 'file' && shallow) {
      // The copy holds every file to this size: a file that grew since cannot get past the limit.
      builder.countBytes(raw.size, path);
      builder.add({ ...base, size: raw.size });
    } else if (raw.kind === 'file' && raw.body) {
      const digest = new FileDigest(stage);
      for await (const chunk of raw.body(scratch)) {
        signal?.throwIfAborted();
        builder.countBytes(chunk.length, path);
        digest.add(chunk);
      }
      builder.add({ ...base, size: digest.size, sha256: digest.digest() });
    } else {
      builder.add(base);
    }
  }
  return builder.finish();
}

function sourceChanged(path: string, why: string): AppError {
  return new AppError('SITE_SOURCE_CHANGED', `"${path}" ${why} since the site was checked; scan it again before uploading.`, { entry: path });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The upload was cancelled.', 'AbortError');
}

/**
 * The site as a tar archive for Docker's putArchive: `extraFiles` first, then every entry under
 * `prefix`, owned by root, modes normalised, folders first (sorted, so parents precede children),
 * then files and symlinks in the source's order. The source is read again and held to the
 * manifest: an entry that appeared, vanished, changed kind, size or content fails the stream with
 * SITE_SOURCE_CHANGED. A small file is checked whole before any of its bytes go out; a large one's
 * content change can only be seen at its end, after its bytes went out: a consumer must discard
 * what it unpacked when the stream errors. Cancelling through the signal destroys the stream with
 * the signal's reason (an AbortError).
 */
export function siteTarStream(source: SiteSource, manifest: SiteManifest, options: SiteTarOptions = {}): Readable {
  const prefix = options.prefix ?? 'site/';
  if (prefix !== '' && (!prefix.endsWith('/') || sitePath(prefix) === null)) {
    throw new AppError('VALIDATION', `The prefix "${prefix}" must be a relative folder path ending with "/".`);
  }
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // About one chunk waits ahead of the consumer: enough to keep a socket busy, little to hold.
  const out = Readable.from(tarChunks(source, manifest, prefix, options, signal), { objectMode: false, highWaterMark: TAR_CHUNK_BYTES });
  const onAbort = () => out.destroy(abortReason(options.signal as AbortSignal));
  if (options.signal?.aborted) queueMicrotask(onAbort);
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  out.once('close', () => {
    options.signal?.removeEventListener('abort', onAbort);
    // The consumer went away (or it ended): stop reading the source.
    if (!stop.signal.aborted) stop.abort(new DOMException('The upload stream closed.', 'AbortError'));
  });
  return out;
}

async function* tarChunks(source: SiteSource, manifest: SiteManifest, prefix: string, options: SiteTarOptions, signal: AbortSignal): AsyncGenerator<Buffer> {
  const walk = await openSource(source);
  const expected = new Map(manifest.entries.map((e) => [e.path, e]));
  const mtimeOf = (e: SiteEntry) => options.mtime ?? new Date(e.mtime * 1000);
  const tar = new TarBuilder(TAR_CHUNK_BYTES);
  // Every read goes into `scratch` and is copied (into `stage`, or the tar's chunk) before the
  // next: the only buffers this pass leaves behind are the chunks it hands out.
  const scratch = Buffer.allocUnsafe(READ_CHUNK + 1);
  // A small file waits here whole until its size and hash matched the manifest's.
  const stage = Buffer.allocUnsafe(WHOLE_FILE_BYTES);

  for (const extra of options.extraFiles ?? []) {
    tar.file({ name: extra.name, type: 'file', size: 0, mode: 0o644, mtime: options.mtime ?? new Date() }, extra.content);
  }
  if (prefix !== '') tar.header({ name: prefix, type: 'directory', size: 0, mode: 0o755, mtime: options.mtime ?? new Date() });
  for (const dir of manifest.entries) {
    if (dir.kind === 'dir') tar.header({ name: `${prefix}${dir.path}/`, type: 'directory', size: 0, mode: 0o755, mtime: mtimeOf(dir) });
    while (tar.full) yield tar.take() as Buffer;
  }

  const written = new Set<string>();
  /** Each file's sha256 as read now (a shallow manifest has none to hold it to). */
  const read = new Map<string, string>();
  const progress: SiteProgress = { files: 0, bytes: 0 };
  // Nothing is counted against limits here: every byte is held to the manifest, which was.
  const counters: Counters = { countBytes: () => undefined, checkClaimedEntries: () => undefined };
  for await (const raw of walk(counters, signal)) {
    signal.throwIfAborted();
    const path = sitePath(raw.name);
    if (path === null) continue;
    const want = expected.get(path);
    if (want === undefined) throw sourceChanged(path, 'appeared');
    if (want.kind !== raw.kind) throw sourceChanged(path, `became a ${raw.kind}`);
    if (raw.kind === 'dir') continue;
    if (written.has(path)) throw sourceChanged(path, 'appears twice');
    written.add(path);
    if (raw.kind === 'symlink') {
      if (raw.target !== want.target) throw sourceChanged(path, 'points elsewhere');
      tar.header({ name: prefix + path, type: 'symlink', size: 0, linkname: want.target, mode: 0o777, mtime: mtimeOf(want) });
    } else {
      if (raw.size !== want.size) throw sourceChanged(path, `changed size (${want.size} bytes, now ${raw.size})`);
      if (normalisedMode('file', raw.mode) !== want.mode) throw sourceChanged(path, 'changed its executable bit');
      const header = { name: prefix + path, type: 'file' as const, size: want.size, mode: want.mode, mtime: mtimeOf(want) };
      if (want.size <= WHOLE_FILE_BYTES) {
        // A small file is checked whole before any of its bytes go out.
        const digest = new FileDigest(stage);
        for await (const chunk of (raw.body as NonNullable<RawEntry['body']>)(scratch)) {
          signal.throwIfAborted();
          if (digest.size + chunk.length > want.size) throw sourceChanged(path, `grew past its ${want.size} bytes`);
          digest.add(chunk);
        }
        if (digest.size !== want.size) throw sourceChanged(path, `shrank to ${digest.size} bytes`);
        const sha256 = digest.digest();
        if (want.sha256 !== undefined && sha256 !== want.sha256) throw sourceChanged(path, 'changed content');
        read.set(path, sha256);
        tar.file(header, digest.whole as Buffer);
      } else {
        tar.header(header);
        for await (const chunk of verified(raw, want, signal, scratch, (sha256) => read.set(path, sha256))) {
          tar.add(chunk);
          while (tar.full) yield tar.take() as Buffer;
        }
        tar.pad(want.size);
      }
      progress.files += 1;
      progress.bytes += want.size;
      options.onProgress?.({ ...progress });
    }
    while (tar.full) yield tar.take() as Buffer;
  }
  for (const e of manifest.entries) {
    if (e.kind !== 'dir' && !written.has(e.path)) throw sourceChanged(e.path, 'vanished');
  }
  options.onContentHash?.(contentHashOf(manifest.entries.map((e) => (e.kind === 'file' ? { ...e, sha256: read.get(e.path) } : e))));
  tar.end();
  for (let chunk = tar.take(); chunk !== null; chunk = tar.take()) yield chunk;
}

/**
 * The sha256 of one file's bytes, added chunk by chunk: held whole in `stage` while they fit, then
 * hashed in one call (a Hash object per file cost more than hashing a 10 KB file: 44 against 19 µs
 * here), streamed into a Hash past that.
 */
class FileDigest {
  size = 0;
  private streaming: Hash | null = null;

  constructor(private readonly stage: Buffer) {}

  add(chunk: Buffer): void {
    if (this.streaming === null && this.size + chunk.length <= this.stage.length) {
      chunk.copy(this.stage, this.size);
    } else {
      if (this.streaming === null) this.streaming = createHash('sha256').update(this.stage.subarray(0, this.size));
      this.streaming.update(chunk);
    }
    this.size += chunk.length;
  }

  /** The bytes, when they all fit in the stage (valid until the stage is used again). */
  get whole(): Buffer | null {
    return this.streaming === null ? this.stage.subarray(0, this.size) : null;
  }

  digest(): string {
    return this.streaming === null ? hash('sha256', this.stage.subarray(0, this.size), 'hex') : this.streaming.digest('hex');
  }
}

/** A file's bytes as they go out, held to the manifest's size, then to its hash (when it has one); `onHash` gets the hash read. */
async function* verified(raw: RawEntry, want: SiteEntry, signal: AbortSignal, scratch: Buffer, onHash: (sha256: string) => void): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of (raw.body as (scratch: Buffer) => AsyncIterable<Buffer>)(scratch)) {
    signal.throwIfAborted();
    size += chunk.length;
    if (size > want.size) throw sourceChanged(want.path, `grew past its ${want.size} bytes`);
    hash.update(chunk);
    yield chunk;
  }
  if (size !== want.size) throw sourceChanged(want.path, `shrank to ${size} bytes`);
  const sha256 = hash.digest('hex');
  if (want.sha256 !== undefined && sha256 !== want.sha256) throw sourceChanged(want.path, 'changed content');
  onHash(sha256);
}
