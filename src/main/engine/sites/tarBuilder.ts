// A tar archive built as a few large chunks. A tar pack that pushes each header, body and padding
// on its own hands the consumer three small chunks per file: through http's chunked encoding each
// becomes three writes, and over SSH each write is one encrypted packet (ssh2 sends a channel write
// at once, whatever its size). A 5,000-file site was about 45,000 packets and ran at 9 MB/s; in
// chunks of a few hundred KB it is a few hundred writes.
import { encode, encodePax } from 'tar-stream/headers';

const BLOCK = 512;
const ZEROS = Buffer.alloc(BLOCK);
/** Two zero blocks close an archive. */
const END = Buffer.alloc(2 * BLOCK);

export interface TarHeader {
  name: string;
  type: 'file' | 'directory' | 'symlink';
  /** Bytes of content (files); 0 otherwise. */
  size: number;
  mode: number;
  mtime: Date;
  linkname?: string;
}

/**
 * Entries are copied into chunk buffers of a fixed size as they are added, so the only buffers it
 * allocates are the chunks it hands out: what a source read can be dropped (or read into again)
 * at once, and a 50 MB upload makes 50 MB of garbage, not three times that.
 */
export class TarBuilder {
  private chunk: Buffer;
  private used = 0;
  private readonly ready: Buffer[] = [];

  constructor(private readonly chunkBytes: number) {
    this.chunk = Buffer.allocUnsafe(chunkBytes);
  }

  /** A chunk is full: take() it before adding more, so memory stays bounded. */
  get full(): boolean {
    return this.ready.length > 0;
  }

  /** An entry's header, owned by root; a name or target too long for the plain header goes in a PAX header before it. */
  header(header: TarHeader): void {
    // One object shape for every call (spreads of differently shaped headers were a hot spot).
    const plain = {
      name: header.name,
      type: header.type,
      size: header.type === 'file' ? header.size : 0,
      mode: header.mode,
      uid: 0,
      gid: 0,
      mtime: header.mtime,
      linkname: header.linkname,
    };
    const block = encode(plain);
    if (block) {
      this.add(block);
      return;
    }
    const pax = encodePax({ name: header.name, linkname: header.linkname });
    const paxHeader = { ...plain, name: 'PaxHeader', type: 'pax-header', size: pax.length, linkname: header.linkname && 'PaxHeader' };
    this.add(encode(paxHeader) as Buffer);
    this.add(pax);
    this.pad(pax.length);
    this.add(encode({ ...paxHeader, type: plain.type, size: plain.size }) as Buffer);
  }

  /** Content as it comes (copied: the caller may reuse `bytes`); pad() once the entry's bytes are all in. */
  add(bytes: Buffer): void {
    let from = 0;
    while (from < bytes.length) {
      const copied = bytes.copy(this.chunk, this.used, from);
      from += copied;
      this.used += copied;
      if (this.used === this.chunk.length) {
        this.ready.push(this.chunk);
        this.chunk = Buffer.allocUnsafe(this.chunkBytes);
        this.used = 0;
      }
    }
  }

  /** Fills the entry's last block. */
  pad(size: number): void {
    const rest = size % BLOCK;
    if (rest !== 0) this.add(ZEROS.subarray(0, BLOCK - rest));
  }

  /** A whole entry: header, content, padding. */
  file(header: TarHeader, content: Buffer): void {
    header.size = content.length;
    this.header(header);
    this.add(content);
    this.pad(content.length);
  }

  /** Closes the archive: what is held then goes out with the last take(). */
  end(): void {
    this.add(END);
    if (this.used > 0) this.ready.push(this.chunk.subarray(0, this.used));
    this.used = 0;
  }

  /** The next full chunk (after end(), the last one too); null when none is. */
  take(): Buffer | null {
    return this.ready.shift() ?? null;
  }
}
