import { describe, expect, it } from 'vitest';
import { MIN_TABLE_RECORDS, fromRecordTable, isRecordTable, toRecordTable } from './recordTable';

const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `c${i}`, state: i % 2 ? 'running' : 'exited', exitCode: i % 2 ? null : 137, labels: { a: String(i) } }));

describe('record tables', () => {
  it('sends a long list of like records as fields and rows, and gives the same records back', () => {
    const list = rows(MIN_TABLE_RECORDS + 5);
    const table = toRecordTable(list)!;
    expect(table.fields).toEqual(['id', 'state', 'exitCode', 'labels']);
    expect(table.rows[1]).toEqual(['c1', 'running', null, { a: '1' }]);
    const back = fromRecordTable(JSON.parse(JSON.stringify(table)));
    expect(back).toEqual(list);
    expect(Object.keys(back[0]!)).toEqual(['id', 'state', 'exitCode', 'labels']);
  });

  it('makes the JSON of 5,000 container-like rows much smaller', () => {
    const list = rows(5_000);
    expect(JSON.stringify(toRecordTable(list)).length).toBeLessThan(JSON.stringify(list).length * 0.75);
  });

  it('leaves anything else in its plain form', () => {
    expect(toRecordTable(rows(MIN_TABLE_RECORDS - 1))).toBeNull();
    expect(toRecordTable({ rows: rows(100) })).toBeNull();
    expect(toRecordTable([...rows(60), { id: 'x', state: 'y', exitCode: 0 }])).toBeNull();
    expect(toRecordTable([...rows(60), { state: 'y', id: 'x', exitCode: 0, labels: {} }])).toBeNull();
    expect(toRecordTable([...rows(60), { id: 'x', state: undefined, exitCode: 0, labels: {} }])).toBeNull();
    expect(toRecordTable([...rows(60), null])).toBeNull();
    expect(toRecordTable(Array.from({ length: 60 }, () => [1, 2]))).toBeNull();
    expect(toRecordTable(Array.from({ length: 60 }, () => new Date(0)))).toBeNull();
  });

  it('accepts only a well-formed table from the socket, never a __proto__ field', () => {
    expect(isRecordTable({ fields: ['a', 'b'], rows: [[1, 2]] })).toBe(true);
    expect(isRecordTable({ fields: ['a', 'b'], rows: [[1]] })).toBe(false);
    expect(isRecordTable({ fields: ['a', 1], rows: [] })).toBe(false);
    expect(isRecordTable({ fields: ['__proto__'], rows: [[{ polluted: true }]] })).toBe(false);
    expect(isRecordTable(null)).toBe(false);
    expect(isRecordTable(undefined)).toBe(false);
  });
});
