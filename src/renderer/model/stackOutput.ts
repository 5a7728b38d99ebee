// The output of a stack operation as the page shows it: the lines stored on the operation's record
// (read when the page opens or the history refetches) joined with the lines streamed by
// stacks.output since the page subscribed. The two overlap by an unknown number of lines (a line
// can be in both when the record was read while it ran), so the join drops the longest overlap.

/** What the engine keeps of one operation's output, and what the page keeps of a stream. */
export const MAX_OUTPUT_LINES = 2000;

/** Appends a batch to a stream's lines, keeping the newest `max`. */
export function appendOutput(lines: readonly string[], batch: readonly string[], max = MAX_OUTPUT_LINES): string[] {
  const joined = lines.concat(batch);
  return joined.length > max ? joined.slice(joined.length - max) : joined;
}

/**
 * The stored lines followed by the streamed ones, without the lines both hold: the longest run at
 * the end of `stored` that starts `streamed`. A run of identical lines may be counted once too
 * often; the record read after the operation ends replaces the join anyway.
 */
export function joinOutput(stored: readonly string[], streamed: readonly string[], max = MAX_OUTPUT_LINES): string[] {
  if (streamed.length === 0) return stored.slice(-max);
  if (stored.length === 0) return streamed.slice(-max);
  for (let overlap = Math.min(stored.length, streamed.length); overlap > 0; overlap -= 1) {
    let same = true;
    for (let i = 0; i < overlap && same; i += 1) same = stored[stored.length - overlap + i] === streamed[i];
    if (same) return appendOutput(stored, streamed.slice(overlap), max);
  }
  return appendOutput(stored, streamed, max);
}

/** Per operation id, the lines streamed so far; only the newest few operations are kept. */
export type StreamedOutputs = ReadonlyMap<string, readonly string[]>;

export function addStreamed(outputs: StreamedOutputs, operationId: string, batch: readonly string[], keep = 5): Map<string, readonly string[]> {
  const next = new Map(outputs);
  const before = next.get(operationId) ?? [];
  // Re-inserted last, so the oldest stream is the first key.
  next.delete(operationId);
  next.set(operationId, appendOutput(before, batch));
  while (next.size > keep) next.delete(next.keys().next().value as string);
  return next;
}
