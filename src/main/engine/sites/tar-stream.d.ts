// The parts of tar-stream 2.x (no published types) that the sites room uses, merged with the
// declaration in proxy/tar-stream.d.ts: the header codec tarSource.ts walks archives with and
// tarBuilder.ts writes them with (the tests craft archives with it too), and extract (the tests
// read the upload back with it).
declare module 'tar-stream/headers' {
  export interface TarHeader {
    name: string;
    mode: number | null;
    size: number | null;
    mtime: Date | null;
    type: string | null;
    linkname: string | null;
  }
  /** Null for an all-zero block; throws on a bad checksum or (unless allowed) an unknown format. */
  export function decode(block: Buffer, filenameEncoding: string, allowUnknownFormat: boolean): TarHeader | null;
  export function decodePax(body: Buffer): Record<string, string>;
  export function decodeLongPath(body: Buffer, encoding: string): string;
  /** A 512-byte header; null when the name does not fit a plain one. */
  export function encode(header: {
    name: string;
    type: string;
    size: number;
    mode: number;
    uid: number;
    gid: number;
    mtime: Date;
    linkname?: string;
  }): Buffer | null;
  export function encodePax(opts: { name?: string; linkname?: string; pax?: Record<string, string> }): Buffer;
}

declare module 'tar-stream' {
  import type { Readable, Writable } from 'node:stream';
  interface EntryHeader {
    name: string;
    type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo' | 'character-device' | 'block-device';
    mode?: number;
    size?: number;
    mtime?: Date;
    uid?: number;
    gid?: number;
    linkname?: string;
    pax?: Record<string, string>;
  }
  interface ExtractHeader extends EntryHeader {
    type: NonNullable<EntryHeader['type']>;
    mode: number;
    size: number;
    mtime: Date;
  }
  interface Extract extends Writable {
    on(event: 'entry', listener: (header: ExtractHeader, stream: Readable, next: (error?: Error) => void) => void): this;
    on(event: 'finish', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
  }
  export function extract(): Extract;
}
