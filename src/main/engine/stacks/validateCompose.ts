// The editor's check of a compose file, before `compose config` on the host has the final word:
// YAML syntax, then the compose-spec schema on the interpolated file, then the host-access policy.
// Every problem is data placed at its line and column; nothing here throws for a bad file.
import type { ComposeCheck, ComposeProblem, HostAccessUse } from '../../../shared/contract/stacks';
import { formatPath, keysInOrder, parseCompose, problemAt, rangeOf } from './composeDocument';
import type { PathKey } from './composeDocument';
import { interpolate } from './composeInterpolation';
import type { Env, Interpolated } from './composeInterpolation';
import { checkSchema } from './composeSchema';
import type { SchemaFinding } from './composeSchema';
import { checkHostAccess } from './hostAccess';

export interface ComposeCheckOptions {
  /** The stack's "allow host access" box: host-access options are then listed, not refused. */
  allowHostAccess: boolean;
  /** The stack's `.env`, for `${VAR}` interpolation as compose does it. */
  env?: Env;
}

const RESTART = /^(no|always|unless-stopped|on-failure(:\d+)?)$/;

export function validateCompose(text: string, options: ComposeCheckOptions): ComposeCheck {
  const parsed = parseCompose(text);
  if (!parsed.ok) return { ok: false, problems: sorted(parsed.problems), hostAccess: [], services: [] };
  const file = parsed.parsed;

  const problems: ComposeProblem[] = [];
  const place = (p: Omit<ComposeProblem, 'line' | 'column' | 'endLine' | 'endColumn' | 'path'>, path: readonly PathKey[], at: 'key' | 'value') => {
    const where = formatPath(path);
    problems.push(problemAt(file.lines, { ...p, path: where, message: where === '' ? p.message : `${where}: ${p.message}` }, rangeOf(file, path, at)));
  };

  const interpolations = new Map<string, Interpolated>();
  const data = interpolateTree(file.data, [], options.env, interpolations) as Record<string, unknown>;
  const at = (path: readonly PathKey[]) => interpolations.get(JSON.stringify(path));
  for (const [key, info] of interpolations) {
    if (info.invalid)
      place(
        { kind: 'schema', code: 'bad-interpolation', message: `${info.invalid}; write $$ for a literal $`, params: {} },
        JSON.parse(key) as PathKey[],
        'value',
      );
  }

  for (const finding of checkSchema(data)) {
    if (excusedByInterpolation(finding, at(finding.path))) continue;
    place({ kind: 'schema', code: finding.code, message: finding.message, params: finding.params }, finding.path, finding.at);
  }
  extraChecks(data, at, place);

  const hostAccess: HostAccessUse[] = [];
  for (const finding of checkHostAccess(data, at)) {
    const refused = finding.kind === 'refused' || !options.allowHostAccess;
    const where = formatPath(finding.path);
    const problem = problemAt(
      file.lines,
      { kind: finding.kind, code: finding.code, path: where, message: `${where}: ${finding.message}`, params: finding.params },
      rangeOf(file, finding.path, finding.at),
    );
    if (refused) problems.push(problem);
    if (finding.kind === 'host-access') hostAccess.push({ service: finding.service, option: finding.option, code: finding.code, line: problem.line });
  }

  return { ok: problems.length === 0, problems: sorted(problems), hostAccess, services: keysInOrder(file, 'services') };
}

/**
 * A copy of the data with every string interpolated; each string that had a `$` is remembered by
 * its path. A copy, because anchors come out of the parser as shared objects.
 */
function interpolateTree(value: unknown, path: PathKey[], env: Env | undefined, out: Map<string, Interpolated>): unknown {
  if (typeof value === 'string') {
    if (!value.includes('$')) return value;
    const info = interpolate(value, env);
    out.set(JSON.stringify(path), info);
    return info.value;
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateTree(item, [...path, i], env, out));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = interpolateTree(v, [...path, k], env, out);
    return copy;
  }
  return value;
}

/**
 * Compose interpolates before its own schema check, and on the host the environment may fill what
 * `.env` does not: a value with an unknown variable is accepted as whatever it will be, and a known
 * one that reads as the number or boolean the schema wants is cast, as compose casts it.
 */
function excusedByInterpolation(finding: SchemaFinding, info: Interpolated | undefined): boolean {
  // A finding about a key (unknown, badly named) is about the key, whatever its value holds.
  if (!info || finding.at === 'key') return false;
  if (info.unresolved.length > 0) return true;
  if (finding.keyword !== 'type') return false;
  const v = info.value.trim();
  return finding.types.some(
    (t) => ((t === 'number' || t === 'integer') && v !== '' && Number.isFinite(Number(v))) || (t === 'boolean' && ['true', 'false'].includes(v.toLowerCase())),
  );
}

/** What compose itself refuses that the schema lets through. */
function extraChecks(
  data: Record<string, unknown>,
  at: (path: readonly PathKey[]) => Interpolated | undefined,
  place: (p: Omit<ComposeProblem, 'line' | 'column' | 'endLine' | 'endColumn' | 'path'>, path: readonly PathKey[], at: 'key' | 'value') => void,
) {
  const services = data.services;
  const empty = services === undefined || (services !== null && typeof services === 'object' && Object.keys(services).length === 0);
  if (empty && data.include === undefined) {
    place(
      { kind: 'schema', code: 'no-services', message: 'the file defines no services; add at least one under `services:`', params: {} },
      services === undefined ? [] : ['services'],
      'key',
    );
  }
  if (services === null || typeof services !== 'object') return;
  for (const [name, svc] of Object.entries(services as Record<string, unknown>)) {
    if (svc === null || typeof svc !== 'object') continue;
    const restart = (svc as Record<string, unknown>).restart;
    const path = ['services', name, 'restart'];
    if (typeof restart === 'string' && !RESTART.test(restart) && !(at(path)?.unresolved.length ?? 0)) {
      place(
        {
          kind: 'schema',
          code: 'restart-policy',
          message: `"${restart}" is not a restart policy: use no, always, on-failure[:N] or unless-stopped`,
          params: { value: restart },
        },
        path,
        'value',
      );
    }
  }
}

function sorted(problems: ComposeProblem[]): ComposeProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}
