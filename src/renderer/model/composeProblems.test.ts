import { describe, expect, it } from 'vitest';
import { CallError } from '../../shared/errors';
import type { ComposeProblem } from '../../shared/contract/stacks';
import { problemRange, problemsOfError, sortProblems } from './composeProblems';

const doc = 'services:\n  web:\n    image: nginx\n    privileged: true\n';
const problem = (line: number, column = 1, kind: ComposeProblem['kind'] = 'schema'): ComposeProblem => ({
  kind,
  code: 'unknown-key',
  line,
  column,
  endLine: line,
  endColumn: column,
  path: 'services.web',
  message: `at ${line}`,
  params: {},
});

describe('problemRange', () => {
  it('covers the line from the column to its end', () => {
    const { from, to } = problemRange(doc, { line: 4, column: 5 });
    expect(doc.slice(from, to)).toBe('privileged: true');
  });

  it('covers the first line from column 1', () => {
    const { from, to } = problemRange(doc, { line: 1, column: 1 });
    expect(doc.slice(from, to)).toBe('services:');
  });

  it('lands a line past the end on the last line, and a column past the end on the line end', () => {
    const { from, to } = problemRange('a: 1\nb: 2', { line: 9, column: 1 });
    expect('a: 1\nb: 2'.slice(from, to)).toBe('b: 2');
    const end = problemRange('a: 1\nb: 2', { line: 1, column: 40 });
    expect(end.from).toBe(4);
    expect(end.to).toBe(5);
  });

  it('covers exactly the given end, across lines, when the check gives one', () => {
    expect(
      doc.slice(
        problemRange(doc, { line: 4, column: 5, endLine: 4, endColumn: 15 }).from,
        problemRange(doc, { line: 4, column: 5, endLine: 4, endColumn: 15 }).to,
      ),
    ).toBe('privileged');
    const across = problemRange(doc, { line: 2, column: 3, endLine: 3, endColumn: 10 });
    expect(doc.slice(across.from, across.to)).toBe('web:\n    image');
  });

  it('falls back to the end of the line when the end is not after the start', () => {
    const { from, to } = problemRange(doc, { line: 4, column: 5, endLine: 4, endColumn: 5 });
    expect(doc.slice(from, to)).toBe('privileged: true');
  });

  it('gives an empty document an empty range at 0', () => {
    expect(problemRange('', { line: 3, column: 3 })).toEqual({ from: 0, to: 0 });
  });

  it('treats a zero or negative place as the start', () => {
    expect(problemRange(doc, { line: 0, column: -2 })).toEqual({ from: 0, to: 9 });
  });
});

describe('sortProblems', () => {
  it('orders by line, then column, without changing the input', () => {
    const input = [problem(4, 3), problem(2), problem(4, 1)];
    expect(sortProblems(input).map((p) => [p.line, p.column])).toEqual([
      [2, 1],
      [4, 1],
      [4, 3],
    ]);
    expect(input[0]!.line).toBe(4);
  });
});

describe('problemsOfError', () => {
  it("reads a refused save's problems, in file order, skipping malformed entries", () => {
    const error = new CallError({
      code: 'COMPOSE_INVALID',
      message: 'the compose file does not pass its checks',
      details: {
        problems: [
          { ...problem(4, 5, 'refused') },
          { ...problem(2) },
          { line: 'x' },
          { ...problem(3), kind: 'nonsense' },
          { kind: 'schema', line: 5, column: 1, path: '', message: 'old' },
        ],
      },
    });
    expect(problemsOfError(error)?.map((p) => [p.line, p.kind])).toEqual([
      [2, 'schema'],
      [4, 'refused'],
    ]);
  });

  it('is null for another code, a plain error, or no problems list', () => {
    expect(problemsOfError(new CallError({ code: 'STACK_BUSY', message: 'busy' }))).toBeNull();
    expect(problemsOfError(new Error('x'))).toBeNull();
    expect(problemsOfError(new CallError({ code: 'COMPOSE_INVALID', message: 'bad' }))).toBeNull();
  });
});
