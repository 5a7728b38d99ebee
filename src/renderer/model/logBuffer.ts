// The viewer's bounded memory of a log: the newest MAX_BUFFERED_LINES lines, each numbered so
// React keys and the scroll position survive lines dropping off the top. Pure: every change
// returns a new buffer, so a render never sees a half-applied batch.
import type { LogLine } from '../../shared/logs';

/** What a viewer keeps; the UI says so once older lines have been dropped. */
export const MAX_BUFFERED_LINES = 10_000;

export interface LogEntry extends LogLine {
  /** Increases by one per line received, never reused (not even after clear). */
  seq: number;
}

export interface LogBuffer {
  readonly lines: readonly LogEntry[];
  readonly nextSeq: number;
  /** Lines dropped from the top to stay within the bound, since the last clear. */
  readonly dropped: number;
}

export const EMPTY_LOG_BUFFER: LogBuffer = { lines: [], nextSeq: 0, dropped: 0 };

export function appendLines(buffer: LogBuffer, incoming: readonly LogLine[], max = MAX_BUFFERED_LINES): LogBuffer {
  if (incoming.length === 0) return buffer;
  // Of a batch larger than the bound only its tail can survive: never copy the rest.
  const skipped = Math.max(0, incoming.length - max);
  const kept = skipped > 0 ? incoming.slice(skipped) : incoming;
  const added = kept.map((line, i) => ({ ...line, seq: buffer.nextSeq + skipped + i }));
  const overflow = Math.max(0, buffer.lines.length + added.length - max);
  const lines = overflow > 0 ? [...buffer.lines.slice(overflow), ...added] : [...buffer.lines, ...added];
  return { lines, nextSeq: buffer.nextSeq + incoming.length, dropped: buffer.dropped + overflow + skipped };
}

/** Empties the view; numbering goes on, so a line is never confused with an earlier one. */
export function clearLines(buffer: LogBuffer): LogBuffer {
  return { lines: [], nextSeq: buffer.nextSeq, dropped: 0 };
}

/** The lines as plain text, for copy and download: `time stream text` when timestamps are shown. */
export function linesAsText(lines: readonly LogLine[], withTimes: boolean): string {
  return lines.map((l) => (withTimes && l.time ? `${l.time} ${l.text}` : l.text)).join('\n') + (lines.length > 0 ? '\n' : '');
}
