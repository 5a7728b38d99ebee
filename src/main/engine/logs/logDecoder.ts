// Turns the raw bytes of Docker's log endpoint into lines. Without a TTY, Docker multiplexes stdout
// and stderr into frames (an 8-byte header: stream, 0, 0, 0, payload size as uint32 big-endian;
// docker-modem's demuxStream reads the same format); with a TTY the bytes are the terminal's one
// stream, unframed. Chunks from the socket split frames and lines anywhere, even inside a UTF-8
// character, so partial frames and partial lines are kept (per stream) until the rest arrives.
// Splitting on the newline byte is safe in UTF-8: 0x0A never occurs inside a multi-byte character.
import type { LogLine } from '../../../shared/logs';
import { MAX_LOG_LINE_BYTES } from '../../../shared/logs';

const HEADER_BYTES = 8;
const NEWLINE = 0x0a;
// `2024-05-01T10:00:00.123456789Z ` (Docker trims trailing zeros of the fraction, and may use an offset).
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;

export interface LogDecoderOptions {
  /** The container has a TTY: the stream is raw, not multiplexed. */
  tty: boolean;
  /** Docker was asked for timestamps: each line starts with one. */
  timestamps: boolean;
  maxLineBytes?: number;
}

type StreamName = LogLine['stream'];

/** A line being assembled: its bytes so far, and whether it already overflowed (the rest is skipped). */
interface Partial {
  parts: Buffer[];
  bytes: number;
  truncated: boolean;
}

export class LogDecoder {
  private readonly maxLineBytes: number;
  /** Bytes of an incomplete frame header or payload (multiplexed mode). */
  private pending: Buffer = Buffer.alloc(0);
  private readonly partial: Record<StreamName, Partial> = {
    stdout: { parts: [], bytes: 0, truncated: false },
    stderr: { parts: [], bytes: 0, truncated: false },
  };

  constructor(private readonly options: LogDecoderOptions) {
    this.maxLineBytes = options.maxLineBytes ?? MAX_LOG_LINE_BYTES;
  }

  /** The complete lines this chunk finishes, oldest first. */
  push(chunk: Buffer): LogLine[] {
    const out: LogLine[] = [];
    if (this.options.tty) {
      this.append('stdout', chunk, out);
      return out;
    }
    let buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    while (buffer.length - offset >= HEADER_BYTES) {
      const kind = buffer[offset];
      const size = buffer.readUInt32BE(offset + 4);
      if (buffer.length - offset - HEADER_BYTES < size) break;
      const payload = buffer.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + size);
      // 0 would be stdin (never sent back); anything else means the stream is not framed after all.
      this.append(kind === 2 ? 'stderr' : 'stdout', payload, out);
      offset += HEADER_BYTES + size;
    }
    buffer = buffer.subarray(offset);
    // Copy the remainder: a subarray would pin the whole (possibly large) chunk in memory.
    this.pending = Buffer.from(buffer);
    return out;
  }

  /** The last unterminated line of each stream, when the source has ended. */
  end(): LogLine[] {
    const out: LogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const p = this.partial[stream];
      if (p.bytes > 0 || p.truncated) out.push(this.finish(stream));
    }
    this.pending = Buffer.alloc(0);
    return out;
  }

  private append(stream: StreamName, bytes: Buffer, out: LogLine[]): void {
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline === -1 ? bytes.length : newline;
      this.keep(stream, bytes.subarray(start, end));
      if (newline === -1) return;
      out.push(this.finish(stream));
      start = newline + 1;
    }
  }

  /** Keeps up to maxLineBytes of a line; beyond that the line is marked truncated and the rest dropped. */
  private keep(stream: StreamName, bytes: Buffer): void {
    if (bytes.length === 0) return;
    const p = this.partial[stream];
    const room = this.maxLineBytes - p.bytes;
    if (room <= 0) {
      p.truncated = true;
      return;
    }
    const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
    if (bytes.length > room) p.truncated = true;
    p.parts.push(Buffer.from(kept));
    p.bytes += kept.length;
  }

  private finish(stream: StreamName): LogLine {
    const p = this.partial[stream];
    // A cut in the middle of a multi-byte character decodes to U+FFFD, which is the honest rendering.
    let text = Buffer.concat(p.parts, p.bytes).toString('utf8');
    const truncated = p.truncated;
    p.parts = [];
    p.bytes = 0;
    p.truncated = false;
    // A TTY ends lines with \r\n.
    if (text.endsWith('\r')) text = text.slice(0, -1);
    let time: string | null = null;
    if (this.options.timestamps) {
      const match = TIMESTAMP.exec(text);
      if (match) {
        time = match[1] as string;
        text = text.slice(match[0].length);
      }
    }
    return truncated ? { stream, text, time, truncated: true } : { stream, text, time };
  }
}
