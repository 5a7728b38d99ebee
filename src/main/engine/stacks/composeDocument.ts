// The YAML side of the compose check: parse with every node's source range kept, refuse what
// compose would refuse before reading any option (syntax, duplicate keys, an empty file, a top
// level that is not a mapping, aliases to nowhere, alias bombs), and find the text behind a path so
// each later problem lands on its line.
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { ComposeProblem, ComposeProblemCode, ComposeProblemKind } from '../../../shared/contract/stacks';

export type PathKey = string | number;

export interface ParsedCompose {
  doc: Document.Parsed;
  lines: LineCounter;
  /** The file as plain data, merge keys (`<<: *default`) applied. */
  data: Record<string, unknown>;
}

export type Range = readonly [start: number, end: number];

/**
 * An alias may expand to many nodes; past this many expansions the file is refused, as the `yaml`
 * package advises against "billion laughs" files. Real compose files use a handful.
 */
const MAX_ALIAS_COUNT = 1_000;

export function parseCompose(text: string): { ok: true; parsed: ParsedCompose } | { ok: false; problems: ComposeProblem[] } {
  const lines = new LineCounter();
  // Compose reads YAML 1.2 with merge keys (go-yaml v3); `uniqueKeys` makes a repeated key an error,
  // as it is for compose. `logLevel: 'error'` keeps the parser's warnings off the main process's stderr.
  const doc = parseDocument(text, { lineCounter: lines, merge: true, uniqueKeys: true, prettyErrors: true, logLevel: 'error' });
  const at = (kind: ComposeProblemKind, code: ComposeProblemCode, range: Range, message: string, params: ComposeProblem['params'] = {}) =>
    problemAt(lines, { kind, code, path: '', message, params }, range);

  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const [start, end] = e.pos;
        if (e.code === 'DUPLICATE_KEY') {
          const key = keyAt(doc, start);
          return at('syntax', 'duplicate-key', [start, Math.max(end, start + key.length)], `"${key}" is given twice in the same mapping; keep one`, {
            key,
          });
        }
        return at('syntax', 'yaml', [start, end], `YAML syntax: ${yamlMessage(e.message)}`, { yamlCode: e.code, detail: yamlMessage(e.message) });
      }),
    };
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    return { ok: false, problems: [at('syntax', 'empty-file', [0, 0], 'the file is empty; a compose file starts with `services:`')] };
  }
  if (!isMap(contents)) {
    const range = contents.range ?? [0, 0];
    return {
      ok: false,
      problems: [
        at('syntax', 'not-a-mapping', [range[0], range[1]], 'the file must be a mapping of top-level keys such as `services:`, not a list or a single value'),
      ],
    };
  }
  const structural = structuralProblems(doc, lines);
  if (structural.length > 0) return { ok: false, problems: structural };
  try {
    return { ok: true, parsed: { doc, lines, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown> } };
  } catch (error) {
    // toJS throws only for alias expansion past the limit here: unknown aliases were caught above.
    if (error instanceof ReferenceError) {
      return { ok: false, problems: [at('syntax', 'too-many-aliases', [0, 0], 'the file expands its aliases too many times; write the repeated parts out')] };
    }
    throw error;
  }
}

/** Aliases to anchors that do not exist (yaml reports them only when converting) and keys that are lists or mappings. */
function structuralProblems(doc: Document.Parsed, lines: LineCounter): ComposeProblem[] {
  const problems: ComposeProblem[] = [];
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined && node.range) {
        problems.push(
          problemAt(
            lines,
            {
              kind: 'syntax',
              code: 'unknown-alias',
              path: '',
              message: `the alias *${node.source} refers to no anchor &${node.source} defined before it`,
              params: { alias: node.source },
            },
            [node.range[0], node.range[1]],
          ),
        );
      }
    },
    Pair(_key, pair) {
      if (isCollection(pair.key) && pair.key.range) {
        problems.push(
          problemAt(lines, { kind: 'syntax', code: 'complex-key', path: '', message: 'a key must be a plain name, not a list or a mapping', params: {} }, [
            pair.key.range[0],
            pair.key.range[1],
          ]),
        );
      }
    },
  });
  return problems;
}

/** The parser's own sentence without its " at line 3, column 5:" tail and the source excerpt. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/** The key that starts at a duplicate-key error's offset. */
function keyAt(doc: Document.Parsed, offset: number): string {
  let found = '';
  visit(doc, {
    Pair(_k, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** A problem placed at a source range (offsets into the text). */
export function problemAt(lines: LineCounter, problem: Omit<ComposeProblem, 'line' | 'column' | 'endLine' | 'endColumn'>, range: Range): ComposeProblem {
  const start = lines.linePos(range[0]);
  const end = lines.linePos(Math.max(range[1], range[0]));
  return { ...problem, line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

function deref(doc: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function isMergeKey(pair: Pair): boolean {
  return isScalar(pair.key) && (typeof pair.key.value === 'symbol' || pair.key.source === '<<');
}

function pairIn(doc: Document.Parsed, map: YAMLMap, key: string, seen: Set<unknown>): Pair | undefined {
  if (seen.has(map)) return undefined;
  seen.add(map);
  for (const pair of map.items) {
    if (!isMergeKey(pair) && isScalar(pair.key) && String(pair.key.value) === key) return pair;
  }
  // A key brought in by a merge (`<<: *default`) is written in the anchored mapping: point there.
  for (const pair of map.items) {
    if (!isMergeKey(pair)) continue;
    const source = deref(doc, pair.value);
    const sources = isSeq(source) ? source.items.map((item) => deref(doc, item)) : [source];
    for (const s of sources) {
      if (!isMap(s)) continue;
      const found = pairIn(doc, s, key, seen);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The source range behind a path: the key's text (`at: 'key'`) or the value's. When the path goes
 * deeper than the file (a value made by a merge of a scalar, say), the deepest node found stands in.
 */
export function rangeOf(parsed: ParsedCompose, path: readonly PathKey[], at: 'key' | 'value' = 'value'): Range {
  const { doc } = parsed;
  let node: unknown = doc.contents;
  let best: Range = [0, 0];
  let keyRange: Range | undefined;
  for (const key of path) {
    node = deref(doc, node);
    keyRange = undefined;
    if (isMap(node)) {
      const pair = pairIn(doc, node, String(key), new Set());
      if (!pair) return best;
      if (isScalar(pair.key) && pair.key.range) keyRange = [pair.key.range[0], pair.key.range[1]];
      node = pair.value;
      best = keyRange ?? best;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else {
      return best;
    }
    const range = rangeOfNode(node);
    if (range) best = range;
  }
  if (at === 'key' && keyRange) return keyRange;
  return best;
}

function rangeOfNode(node: unknown): Range | undefined {
  if (isPair(node)) return undefined;
  const n = node as Node | null | undefined;
  if (!n || !n.range) return undefined;
  return [n.range[0], n.range[1]];
}

/** Map keys of the top-level mapping at `key`, in file order (JavaScript objects put `1` before `web`). */
export function keysInOrder(parsed: ParsedCompose, key: string): string[] {
  const node = deref(parsed.doc, parsed.doc.get(key, true));
  if (!isMap(node)) return [];
  return node.items.filter((p) => !isMergeKey(p) && isScalar(p.key)).map((p) => String((p.key as { value: unknown }).value));
}

/** `services.web.ports[0]`: dotted names, bracketed indexes, quoted keys that hold other characters. */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}
