// Compose's variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:?error}`,
// `${VAR:+alt}`, `$$`), as compose-go applies it before its own schema check. The stack's `.env` is
// the only environment known here: on the host, compose also sees its process environment, so a
// variable the `.env` does not set has no known value. Its defaults are used to check the file, and
// the caller learns which variables it leaned on, so a check that must be sure (the host-access
// policy) can refuse to guess.

export type Env = Readonly<Record<string, string>>;

export interface Interpolated {
  /** The text with every known part substituted; an unknown `${VAR}` stays as written. */
  value: string;
  /** Variables referenced without a default that the env does not set: their part is unknown. */
  unresolved: string[];
  /** Every variable that was read and that the env does not set (defaulted ones too). */
  outsideEnv: string[];
  /** The value on a host whose environment lacks the unresolved variables (compose reads them as empty). */
  valueIfUnset: string;
  /** Set when the text is not valid interpolation syntax (compose refuses it). */
  invalid?: string;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

export function hasInterpolation(text: string): boolean {
  return text.includes('$');
}

export function interpolate(text: string, env: Env | undefined): Interpolated {
  const state: State = { env, unresolved: new Set(), outsideEnv: new Set(), unsetAsEmpty: false };
  try {
    const value = substitute(text, state);
    const valueIfUnset = state.unresolved.size > 0 ? substitute(text, { ...state, unsetAsEmpty: true }) : value;
    return { value, valueIfUnset, unresolved: [...state.unresolved], outsideEnv: [...state.outsideEnv] };
  } catch (error) {
    if (error instanceof InterpolationSyntaxError) return { value: text, valueIfUnset: text, unresolved: [], outsideEnv: [], invalid: error.message };
    throw error;
  }
}

interface State {
  env: Env | undefined;
  unresolved: Set<string>;
  outsideEnv: Set<string>;
  /** Read every variable the env lacks as empty instead of keeping it as written. */
  unsetAsEmpty: boolean;
}

class InterpolationSyntaxError extends Error {}

function lookup(name: string, state: State): string | undefined {
  if (state.env && Object.prototype.hasOwnProperty.call(state.env, name)) return state.env[name];
  state.outsideEnv.add(name);
  return undefined;
}

function substitute(text: string, state: State): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) return out + text.slice(i);
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = matchingBrace(text, dollar + 2);
      if (close === -1) throw new InterpolationSyntaxError(`"${text.slice(dollar)}" has no closing }`);
      out += braced(text.slice(dollar + 2, close), text.slice(dollar, close + 1), state);
      i = close + 1;
    } else {
      NAME.lastIndex = dollar + 1;
      const match = NAME.exec(text);
      if (!match) {
        // A lone `$` (before a space, a digit, the end) is kept as written, as compose does.
        out += '$';
        i = dollar + 1;
        continue;
      }
      const name = match[0];
      const value = lookup(name, state);
      if (value === undefined) {
        state.unresolved.add(name);
        out += state.unsetAsEmpty ? '' : `$${name}`;
      } else out += value;
      i = dollar + 1 + name.length;
    }
  }
  return out;
}

/** The index of the `}` closing a `${` whose body starts at `from`, nested `${...}` included. */
function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function braced(body: string, raw: string, state: State): string {
  NAME.lastIndex = 0;
  const match = NAME.exec(body);
  if (!match) throw new InterpolationSyntaxError(`"${raw}" does not start with a variable name`);
  const name = match[0];
  const rest = body.slice(name.length);
  const value = lookup(name, state);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  if (rest === '') {
    if (set) return value;
    state.unresolved.add(name);
    return unknown(raw, state);
  }
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[1];
  if (!op) throw new InterpolationSyntaxError(`"${raw}" is not a valid substitution`);
  const word = rest.slice(op.length);
  switch (op) {
    case ':-':
      return nonEmpty ? value : substitute(word, state);
    case '-':
      return set ? value : substitute(word, state);
    case ':?':
    case '?':
      if (value !== undefined && (op === '?' || value !== '')) return value;
      // Compose stops with this message when the variable is missing on the host too.
      state.unresolved.add(name);
      return unknown(raw, state);
    case ':+':
      // Unknown outside the env: the alternative may or may not apply.
      if (!set) state.unresolved.add(name);
      return nonEmpty ? substitute(word, state) : set ? '' : unknown(raw, state);
    default:
      if (!set) state.unresolved.add(name);
      return set ? substitute(word, state) : unknown(raw, state);
  }
}

/** A reference the env cannot answer: kept as written, or empty as on a host that lacks it too. */
function unknown(raw: string, state: State): string {
  return state.unsetAsEmpty ? '' : raw;
}
