// Search in a log: case-insensitive substring, as a user types it (no regular expressions, so a
// stray bracket never breaks the view). Pure, so the filter and the highlight agree by design.
import type { LogEntry } from './logBuffer';

export interface TextPart {
  text: string;
  match: boolean;
}

const fold = (s: string) => s.toLocaleLowerCase();

/** The lines containing `query` (all lines when it is blank). */
export function filterLines(lines: readonly LogEntry[], query: string): readonly LogEntry[] {
  const needle = fold(query);
  if (needle === '') return lines;
  return lines.filter((line) => fold(line.text).includes(needle));
}

/** `text` cut into matching and non-matching parts, in order; one plain part when nothing matches. */
export function splitMatches(text: string, query: string): TextPart[] {
  const needle = fold(query);
  if (needle === '') return [{ text, match: false }];
  const haystack = fold(text);
  // Lower-casing can change a string's length (rare letters): then highlight nothing rather than the wrong span.
  if (haystack.length !== text.length) return [{ text, match: false }];
  const parts: TextPart[] = [];
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts.length > 0 ? parts : [{ text, match: false }];
}
