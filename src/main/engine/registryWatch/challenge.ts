// The headers a registry answers with when it wants something: WWW-Authenticate (RFC 7235, as the
// distribution spec's token flow uses it) and Retry-After (RFC 9110: seconds or an HTTP date).

export interface AuthChallenge {
  scheme: 'bearer' | 'basic';
  /** The challenge's parameters, names lower-cased: realm, service, scope, error... */
  params: Record<string, string>;
}

/**
 * Parses one challenge (`Bearer realm="https://auth.docker.io/token",service="registry.docker.io",
 * scope="repository:library/nginx:pull"`). Quoted values may hold commas and escaped quotes.
 * Returns null for anything else: an unknown scheme, or a Bearer without a realm.
 */
export function parseChallenge(header: string | null): AuthChallenge | null {
  if (!header) return null;
  const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  if (scheme !== 'bearer' && scheme !== 'basic') return null;
  const params: Record<string, string> = {};
  const rest = match[2]!;
  const param = /\s*([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  while (param.lastIndex < rest.length && (m = param.exec(rest)) !== null) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  if (scheme === 'bearer' && !params.realm) return null;
  return { scheme, params };
}

/**
 * Milliseconds to wait from a Retry-After value, `now` being this machine's clock. Null when absent
 * or unreadable; a date in the past is 0. Capped at a day: a registry's mistake must not stop
 * checks for good.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, DAY_MS);
  if (!/[a-z]/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now), DAY_MS);
}

const DAY_MS = 24 * 60 * 60 * 1000;
