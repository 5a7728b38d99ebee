// A compact wire form for long lists of records that share their fields (containers.list answers
// 5,000 rows of 19 fields): the field names once, then one array of values per record. Field names
// are about 40 % of such a list's JSON; leaving them out makes the answer smaller to write, carry
// and parse. Used by the browser shell's WebSocket only (Electron IPC does not serialise to JSON).
// Zod-free: the renderer's first bundle loads it.

export interface RecordTable {
  fields: string[];
  rows: unknown[][];
}

/** Below this many records the names cost little: send the plain JSON. */
export const MIN_TABLE_RECORDS = 50;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** The table form of `value` when it is a long array of records with the same fields in the same order; else null. */
export function toRecordTable(value: unknown): RecordTable | null {
  if (!Array.isArray(value) || value.length < MIN_TABLE_RECORDS || !isRecord(value[0])) return null;
  const fields = Object.keys(value[0]);
  const rows = new Array<unknown[]>(value.length);
  for (let r = 0; r < value.length; r += 1) {
    const record = value[r] as unknown;
    if (!isRecord(record)) return null;
    const keys = Object.keys(record);
    if (keys.length !== fields.length) return null;
    const row = new Array(fields.length);
    for (let f = 0; f < fields.length; f += 1) {
      if (keys[f] !== fields[f]) return null;
      // JSON leaves out an undefined property; in a row it would become null. Keep the plain form.
      const v = record[fields[f]!];
      if (v === undefined) return null;
      row[f] = v;
    }
    rows[r] = row;
  }
  return { fields, rows };
}

/** The records back, each with the fields in the order they were sent. */
export function fromRecordTable(table: RecordTable): Record<string, unknown>[] {
  const { fields, rows } = table;
  const out = new Array<Record<string, unknown>>(rows.length);
  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r]!;
    const record: Record<string, unknown> = {};
    for (let f = 0; f < fields.length; f += 1) record[fields[f]!] = row[f];
    out[r] = record;
  }
  return out;
}

/** A frame's `table` as the client receives it: checked before use, since it came off a socket. */
export function isRecordTable(value: unknown): value is RecordTable {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as { fields?: unknown; rows?: unknown };
  // `__proto__` as a field would be assigned through the prototype setter, not as a property.
  return (
    Array.isArray(t.fields) &&
    t.fields.every((f) => typeof f === 'string' && f !== '__proto__') &&
    Array.isArray(t.rows) &&
    t.rows.every((r) => Array.isArray(r) && r.length === (t.fields as unknown[]).length)
  );
}
