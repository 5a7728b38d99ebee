// A compose file's problems as the editor shows them: each at its place in the text (a range a
// lint diagnostic can carry), in file order; and the problems a refused save carries in its error.
import { CallError } from '../../shared/errors';
import type { ComposeProblem } from '../../shared/contract/stacks';

const KINDS = new Set<ComposeProblem['kind']>(['syntax', 'schema', 'refused', 'host-access']);

/** Where a problem is: 1-based start, and (when known) its exclusive end. */
export interface ProblemPlace {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * The text range a problem covers in `doc`: from line:column to endLine:endColumn, or to the end
 * of its line when no end is given. The text may have changed since it was checked, so a place
 * past the end lands on the last line or the line's end rather than outside the document.
 */
export function problemRange(doc: string, place: ProblemPlace): { from: number; to: number } {
  const lines = doc.split('\n');
  const offset = (line: number, column: number) => {
    const index = Math.min(Math.max(1, Math.floor(line) || 1), lines.length) - 1;
    let start = 0;
    for (let i = 0; i < index; i += 1) start += (lines[i] as string).length + 1;
    const text = lines[index] as string;
    const col = Math.min(Math.max(1, Math.floor(column) || 1), text.length + 1) - 1;
    return { at: start + col, lineEnd: start + text.length };
  };
  const { at: from, lineEnd } = offset(place.line, place.column);
  let to = lineEnd;
  if (place.endLine !== undefined && place.endColumn !== undefined) {
    const end = offset(place.endLine, place.endColumn).at;
    if (end > from) to = end;
  }
  // A problem at the end of a line (a missing value) still needs one character to underline.
  return to > from ? { from, to } : { from: Math.min(from, to), to: Math.min(from + 1, doc.length) };
}

/** Problems in file order, by line and then column. */
export function sortProblems(problems: readonly ComposeProblem[]): ComposeProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

function isProblem(value: unknown): value is ComposeProblem {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p.kind === 'string' &&
    KINDS.has(p.kind as ComposeProblem['kind']) &&
    typeof p.code === 'string' &&
    typeof p.line === 'number' &&
    typeof p.column === 'number' &&
    typeof p.path === 'string' &&
    typeof p.message === 'string'
  );
}

/** The problems of a COMPOSE_INVALID refusal (details.problems); null for any other error. */
export function problemsOfError(error: unknown): ComposeProblem[] | null {
  if (!(error instanceof CallError) || error.code !== 'COMPOSE_INVALID') return null;
  const list = error.details?.problems;
  if (!Array.isArray(list)) return null;
  // Older engines sent no end or params: the problem then runs to the end of its line.
  return sortProblems(
    (list as unknown[]).filter(isProblem).map((p) => ({
      ...p,
      endLine: typeof p.endLine === 'number' ? p.endLine : p.line,
      endColumn: typeof p.endColumn === 'number' ? p.endColumn : p.column,
      params: typeof p.params === 'object' && p.params !== null ? p.params : {},
    })),
  );
}
