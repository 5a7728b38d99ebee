// A tar (or gzip-compressed tar) read as a stream of 512-byte blocks. Our own walk over
// tar-stream's header codec rather than its extract(): extract() buffers a PAX or GNU long-name
// header's whole body in memory, whatever size the header claims, so a small .tar.gz could make it
// hold gigabytes before the first entry. Here such metadata is capped, counted, and every body is
// handed out in the chunks it arrives in.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { decode, decodeLongPath, decodePax } from 'tar-stream/headers';
import type { RawEntry } from './siteEntries';
import { archiveInvalid, fsError } from './siteEntries';

const BLOCK = 512;
/** A PAX or GNU long-name header's body: real ones are a few hundred bytes. */
export const MAX_TAR_METADATA = 64 * 1024;
/** Metadata headers before one entry: a global PAX, a PAX and two GNU long names are the most seen. */
const MAX_METADATA_RUN = 8;

/** What the walk reports besides entries: metadata blocks it had to read (they count toward the limits). */
export interface TarCounters {
  onMetadata(bytes: number, name: string): void;
}

export async function* tarEntries(path: string, gzipped: boolean, counters: TarCounters, signal?: AbortSignal): AsyncGenerator<RawEntry> {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const input: Readable = gzipped ? file.pipe(createGunzip()) : file;
  // A read error of the file must surface through the gunzip stream that the walk reads from.
  if (gzipped) file.on('error', (error) => input.destroy(error));
  const reader = new ByteReader(input, path);
  try {
    let pax: Record<string, string> = {};
    let globalPax: Record<string, string> = {};
    let longPath: string | null = null;
    let longLink: string | null = null;
    let lastName = '';
    let metadataRun = 0;
    for (;;) {
      signal?.throwIfAborted();
      const block = await reader.read(BLOCK, lastName, true);
      // The archive ends at a zero block; one that simply stops between entries is read as ended too
      // (some writers omit the end marker), while one that stops inside an entry is truncated.
      if (block === null) return;
      let header: ReturnType<typeof decode>;
      try {
        header = decode(block, 'utf-8', false);
      } catch (error) {
        throw archiveInvalid(path, error instanceof Error ? error.message : String(error), lastName || undefined);
      }
      if (header === null) return;
      const size = header.size ?? 0;
      if (header.type === 'pax-header' || header.type === 'pax-global-header' || header.type === 'gnu-long-path' || header.type === 'gnu-long-link-path') {
        if (size > MAX_TAR_METADATA) throw archiveInvalid(path, `a ${header.type} of ${size} bytes (at most ${MAX_TAR_METADATA})`, lastName || undefined);
        // Their attributes pile up until an entry takes them: a run of them is a memory bomb, not a site.
        if (++metadataRun > MAX_METADATA_RUN) throw archiveInvalid(path, `more than ${MAX_METADATA_RUN} metadata headers in a row`, lastName || undefined);
        counters.onMetadata(size + BLOCK, lastName);
        const body = (await reader.read(size, lastName)) as Buffer;
        await reader.skip(padding(size), lastName);
        if (header.type === 'pax-header') pax = { ...pax, ...paxKept(body) };
        else if (header.type === 'pax-global-header') globalPax = { ...globalPax, ...paxKept(body) };
        else if (header.type === 'gnu-long-path') longPath = decodeLongPath(body, 'utf-8');
        else longLink = decodeLongPath(body, 'utf-8');
        continue;
      }
      metadataRun = 0;
      const attrs = { ...globalPax, ...pax };
      const name = attrs.path ?? longPath ?? header.name;
      const linkname = attrs.linkpath ?? longLink ?? header.linkname ?? undefined;
      // A PAX size overrides the header's: this is the size the body really has.
      const realSize = attrs.size !== undefined ? paxSize(path, attrs.size, name) : size;
      pax = {};
      longPath = longLink = null;
      lastName = name;
      const mtime = header.mtime ? Math.floor(header.mtime.getTime() / 1000) : 0;
      const mode = header.mode ?? 0o644;
      const kind = header.type;
      if (kind === 'file' || kind === 'contiguous-file') {
        let delivered = 0;
        async function* body(): AsyncGenerator<Buffer> {
          for await (const chunk of reader.body(realSize - delivered, name)) {
            delivered += chunk.length;
            yield chunk;
          }
        }
        yield { name, kind: 'file', mode, size: realSize, mtime, body };
        // Whatever the consumer left unread is skipped, so the next header is where it should be.
        await reader.skip(realSize - delivered + padding(realSize), name);
        continue;
      }
      // Bodies on anything else would be read differently by different tar readers: refused.
      if (realSize > 0) throw archiveInvalid(path, `a ${kind ?? 'entry'} with ${realSize} bytes of content`, name);
      if (kind === 'directory') yield { name, kind: 'dir', mode, size: 0, mtime };
      else if (kind === 'symlink') yield { name, kind: 'symlink', mode: 0o777, size: 0, mtime, target: linkname ?? '' };
      else if (kind === 'link') yield { name, kind: 'hardlink', special: 'hard link', mode, size: 0, mtime, target: linkname ?? '' };
      else if (kind === 'character-device' || kind === 'block-device' || kind === 'fifo') yield { name, kind: 'special', special: kind, mode, size: 0, mtime };
      else throw archiveInvalid(path, `an entry of the unsupported type ${kind ?? 'unknown'}`, name);
    }
  } finally {
    input.destroy();
    file.destroy();
  }
}

function padding(size: number): number {
  const rest = size % BLOCK;
  return rest === 0 ? 0 : BLOCK - rest;
}

/** Only the PAX keys that change what an entry is; the rest (times, owners, comments) are dropped, never kept piling up. */
function paxKept(body: Buffer): Record<string, string> {
  const all = decodePax(body);
  const kept: Record<string, string> = {};
  for (const key of ['path', 'linkpath', 'size'] as const) if (all[key] !== undefined) kept[key] = all[key];
  return kept;
}

function paxSize(path: string, value: string, name: string): number {
  if (!/^\d{1,15}$/.test(value)) throw archiveInvalid(path, `a PAX size of "${value.slice(0, 40)}"`, name);
  return Number(value);
}

/** Exact reads over a stream's chunks, pulled on demand (so the source is read no faster than used). */
class ByteReader {
  private readonly iterator: AsyncIterator<unknown>;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;

  constructor(
    stream: Readable,
    private readonly path: string,
  ) {
    this.iterator = stream[Symbol.asyncIterator]();
  }

  private async pull(entry: string): Promise<boolean> {
    if (this.ended) return false;
    let next: IteratorResult<unknown>;
    try {
      next = await this.iterator.next();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (typeof code === 'string' && code.startsWith('Z_'))
        throw archiveInvalid(this.path, `its gzip data is corrupt (${(error as Error).message})`, entry || undefined);
      throw fsError(this.path, error, entry || undefined);
    }
    if (next.done) {
      this.ended = true;
      return false;
    }
    const chunk = next.value as Buffer;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    return true;
  }

  /** Exactly n bytes; null when the stream ended cleanly before any of them (if allowed). */
  async read(n: number, entry: string, endAllowed = false): Promise<Buffer | null> {
    while (this.buffered < n) {
      if (!(await this.pull(entry))) {
        if (endAllowed && this.buffered === 0) return null;
        throw archiveInvalid(this.path, 'it ends in the middle of an entry (truncated)', entry || undefined);
      }
    }
    const joined = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const out = joined.subarray(0, n);
    const rest = joined.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }

  /** n bytes as they arrive, never joined: a file's body. */
  async *body(n: number, entry: string): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buffered === 0 && !(await this.pull(entry))) {
        throw archiveInvalid(this.path, 'it ends in the middle of an entry (truncated)', entry);
      }
      const chunk = this.chunks[0] as Buffer;
      const take = Math.min(left, chunk.length);
      const out = chunk.subarray(0, take);
      if (take === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(take);
      this.buffered -= take;
      left -= take;
      yield out;
    }
  }

  async skip(n: number, entry: string): Promise<void> {
    for await (const _ of this.body(n, entry)) {
      // Skipped content is dropped chunk by chunk.
    }
  }
}
