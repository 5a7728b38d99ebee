// The little of tar-stream (2.x, no published types) that caddyContainers.ts uses.
declare module 'tar-stream' {
  import type { Readable } from 'node:stream';
  interface Pack extends Readable {
    entry(header: { name: string; mode?: number; size?: number }, body: string | Buffer): void;
    finalize(): void;
  }
  export function pack(): Pack;
}
