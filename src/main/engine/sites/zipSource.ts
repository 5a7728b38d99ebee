// A zip read with yauzl (3.x): it reads the central directory, not the local headers that a
// streaming unzip trusts, and with validateEntrySizes it fails an entry that inflates to more (or
// fewer) bytes than its header says. Names are decoded here without yauzl's own check
// (decodeStrings: false), so that a zip's bad name gets the same SITE_PATH_UNSAFE as a tar's.
import type { Entry, ZipFile } from 'yauzl';
import { getFileNameLowLevel, openPromise } from 'yauzl';
import type { RawEntry } from './siteEntries';
import { archiveInvalid, fsError, MAX_SYMLINK_TARGET } from './siteEntries';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const SPECIAL: Record<number, string> = { 0o010000: 'fifo', 0o020000: 'character-device', 0o060000: 'block-device', 0o140000: 'socket' };
/** `versionMadeBy`'s high byte for Unix: only then do the external attributes hold a Unix mode. */
const MADE_BY_UNIX = 3;

export interface ZipCounters {
  /** The entry count the central directory claims, before any entry is read. */
  onClaimedEntries(count: number): void;
}

export async function* zipEntries(path: string, counters: ZipCounters, signal?: AbortSignal): AsyncGenerator<RawEntry> {
  let zip: ZipFile;
  try {
    zip = await openPromise(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: true, autoClose: false });
  } catch (error) {
    throw typeof (error as NodeJS.ErrnoException).code === 'string' ? fsError(path, error) : archiveInvalid(path, message(error));
  }
  try {
    counters.onClaimedEntries(zip.entryCount);
    const entries = zip.eachEntry();
    let lastName = '';
    for (;;) {
      signal?.throwIfAborted();
      let next: IteratorResult<Entry>;
      try {
        next = await entries.next();
      } catch (error) {
        throw archiveInvalid(path, message(error), lastName || undefined);
      }
      if (next.done) return;
      const entry = next.value;
      // Strict: a backslash stays a backslash, for sitePath to refuse.
      const name = getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      lastName = name;
      if (entry.isEncrypted()) throw archiveInvalid(path, 'the entry is encrypted', name);
      const unixMode = entry.versionMadeBy >> 8 === MADE_BY_UNIX ? entry.externalFileAttributes >>> 16 : 0;
      const format = unixMode & S_IFMT;
      const mtime = Math.floor(entry.getLastModDate().getTime() / 1000);
      const open = () => readStream(zip, entry, path, name);
      if (format === S_IFLNK) {
        yield { name, kind: 'symlink', mode: 0o777, size: 0, mtime, target: await symlinkTarget(open, path, name) };
      } else if (format === S_IFDIR || name.endsWith('/')) {
        yield { name, kind: 'dir', mode: unixMode & 0o7777 || 0o755, size: 0, mtime };
      } else if (format === S_IFREG || format === 0) {
        yield { name, kind: 'file', mode: unixMode & 0o7777 || 0o644, size: entry.uncompressedSize, mtime, body: () => zipBody(open, path, name) };
      } else {
        yield { name, kind: 'special', special: SPECIAL[format] ?? `mode ${format.toString(8)}`, mode: unixMode & 0o7777, size: 0, mtime };
      }
    }
  } finally {
    zip.close();
  }
}

async function readStream(zip: ZipFile, entry: Entry, path: string, name: string): Promise<AsyncIterable<unknown>> {
  try {
    return await zip.openReadStreamPromise(entry);
  } catch (error) {
    throw archiveInvalid(path, message(error), name);
  }
}

async function* zipBody(open: () => Promise<AsyncIterable<unknown>>, path: string, name: string): AsyncGenerator<Buffer> {
  const stream = await open();
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    // Inflate errors, and validateEntrySizes' "too many bytes": the archive is what is wrong.
    throw archiveInvalid(path, message(error), name);
  } finally {
    (stream as { destroy?: () => void }).destroy?.();
  }
}

async function symlinkTarget(open: () => Promise<AsyncIterable<unknown>>, path: string, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of zipBody(open, path, name)) {
    size += chunk.length;
    if (size > MAX_SYMLINK_TARGET) throw archiveInvalid(path, `a symlink target longer than ${MAX_SYMLINK_TARGET} bytes`, name);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
