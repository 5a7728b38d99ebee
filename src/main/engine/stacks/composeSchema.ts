// The compose-spec JSON schema check: ajv over the shipped schema, its errors turned into one plain
// sentence per place. ajv reports every branch of a `oneOf` that failed (a port is a number, or a
// string, or a mapping); only the branch that matches the value's shape says anything useful, so
// the noise of the others is dropped.
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import composeSpec from './schema/compose-spec.json';
import type { ComposeProblemCode } from '../../../shared/contract/stacks';
import type { PathKey } from './composeDocument';

export interface SchemaFinding {
  code: ComposeProblemCode;
  /** The value's path; for an unknown key, the key's own path. */
  path: PathKey[];
  at: 'key' | 'value';
  /** The sentence after `path: `. */
  message: string;
  params: Record<string, string | number>;
  /** ajv's keyword and wanted types, for the caller's interpolation allowances. */
  keyword: string;
  types: string[];
}

let validator: ValidateFunction | undefined;

/** Compiled on first use (about 300 ms): nothing runs at import time. */
function compiled(): ValidateFunction {
  if (!validator) {
    // The schema names its meta-schema by an https URL ajv does not register (it knows the
    // http://json-schema.org/draft-07/schema# spelling); draft-07 is ajv's default, so it is dropped.
    // `strict: false`: the schema uses keywords ajv does not know (`deprecated`).
    const { $schema: _metaSchema, ...schema } = composeSpec as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    validator = ajv.compile(schema);
  }
  return validator;
}

export function checkSchema(data: unknown): SchemaFinding[] {
  const validate = compiled();
  if (validate(data)) return [];
  // Sorting the noise out compares errors pairwise: a file wrong in thousands of places gets its
  // first thousand errors' worth of problems rather than a stalled engine.
  return specific((validate.errors ?? []).slice(0, MAX_ERRORS)).flatMap((e) => describe(e, data));
}

const MAX_ERRORS = 1_000;
const COMBINATORS = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'not']);

/**
 * The errors worth showing. At one place, a `type` error from a branch is noise when another
 * error shows the value matched a different branch's type (an error deeper down, or a non-type
 * error at the same place); a `oneOf` summary is noise whenever its branches said something.
 */
function specific(errors: ErrorObject[]): ErrorObject[] {
  const atOrUnder = (o: ErrorObject, path: string) => o.instancePath === path || o.instancePath.startsWith(`${path}/`);
  const informative = errors.filter((e) => e.keyword !== 'type' && !COMBINATORS.has(e.keyword));
  const kept = errors.filter((e) => {
    const path = e.instancePath;
    if (COMBINATORS.has(e.keyword)) return !errors.some((o) => !COMBINATORS.has(o.keyword) && atOrUnder(o, path));
    if (e.keyword === 'type') {
      return !informative.some((o) => atOrUnder(o, path)) && !errors.some((o) => o.keyword === 'type' && o.instancePath.startsWith(`${path}/`));
    }
    return true;
  });
  // The type errors left at one place are the value's alternatives: said once, together.
  const seen = new Set<string>();
  const out: ErrorObject[] = [];
  for (const e of kept) {
    const id = e.keyword === 'type' ? `type ${e.instancePath}` : `${e.keyword} ${e.instancePath} ${JSON.stringify(e.params)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (e.keyword !== 'type') {
      out.push(e);
      continue;
    }
    const types = kept.filter((o) => o.keyword === 'type' && o.instancePath === e.instancePath).flatMap(typesOf);
    out.push({ ...e, params: { type: [...new Set(types)] } });
  }
  return out;
}

function typesOf(e: ErrorObject): string[] {
  const t = (e.params as { type?: string | string[] }).type;
  return t === undefined ? [] : Array.isArray(t) ? t : t.split(',');
}

/** The instance path of an ajv error as keys, indexes as numbers where the data holds a list. */
function pathOf(pointer: string, data: unknown): PathKey[] {
  if (pointer === '') return [];
  const path: PathKey[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

function either(words: string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function describe(e: ErrorObject, data: unknown): SchemaFinding[] {
  const path = pathOf(e.instancePath, data);
  const base = { path, at: 'value' as const, keyword: e.keyword, types: [] as string[] };
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const parent = e.parentSchema as { properties?: Record<string, unknown>; patternProperties?: Record<string, unknown> } | undefined;
      const known = Object.keys(parent?.properties ?? {});
      if (known.length === 0) {
        const isService = path.length === 1 && path[0] === 'services';
        return [
          {
            ...base,
            path: [...path, key],
            at: 'key',
            code: 'invalid-name',
            message: `"${key}" is not a valid ${isService ? 'service ' : ''}name: use letters, digits, dots, dashes and underscores`,
            params: { key },
          },
        ];
      }
      const suggestion = closest(key, known);
      return [
        {
          ...base,
          path: [...path, key],
          at: 'key',
          code: 'unknown-key',
          message: `is not a known option${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
          params: suggestion ? { key, suggestion } : { key },
        },
      ];
    }
    case 'type': {
      const types = typesOf(e);
      const words = [...new Set(types.map((t) => TYPE_WORDS[t] ?? t))];
      return [{ ...base, types, code: 'wrong-type', message: `must be ${either(words)}`, params: { expected: types.join(',') } }];
    }
    case 'required': {
      const key = String(params.missingProperty);
      return [{ ...base, code: 'missing-key', message: `needs "${key}"`, params: { key } }];
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return [{ ...base, code: 'not-allowed-value', message: `must be one of ${either(allowed)}`, params: { allowed: allowed.join(',') } }];
    }
    case 'uniqueItems': {
      // ajv's i and j come in either order depending on the items' type.
      const later = Math.max(Number(params.i), Number(params.j));
      const first = Math.min(Number(params.i), Number(params.j));
      return [{ ...base, path: [...path, later], code: 'duplicate-item', message: `repeats entry [${first}]; list each entry once`, params: { first } }];
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const limit = Number(params.limit);
      const word = e.keyword.endsWith('inimum') ? 'at least' : 'at most';
      return [{ ...base, code: 'out-of-range', message: `must be ${word} ${limit}`, params: { limit, bound: word } }];
    }
    case 'pattern':
      return [{ ...base, code: 'bad-format', message: `must match ${String(params.pattern)}`, params: { pattern: String(params.pattern) } }];
    case 'oneOf':
      return [{ ...base, code: 'schema-other', message: 'matches more than one of the forms this option takes', params: {} }];
    default:
      return [{ ...base, code: 'schema-other', message: e.message ?? 'is not valid here', params: { keyword: e.keyword } }];
  }
}

/** The known option nearest to a typo (`imgae` -> `image`), when it is near enough to be meant. */
function closest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

/** Damerau-Levenshtein (optimal string alignment): a swapped pair of letters counts as one edit. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i]!;
      const prev = d[i - 1]!;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
