// The path rules every site entry obeys, whatever it came from (a folder, a tar, a zip), so the
// three sources cannot disagree about what is safe. Pure: names in, names or errors out.
import { AppError } from '../../../shared/errors';

/** Symlink hops allowed while resolving one target: Linux's own limit (ELOOP after 40). */
const MAX_SYMLINK_HOPS = 40;

/**
 * The entry's relative POSIX path (`assets/app.js`), or null for the root itself (`./`, `.`).
 * Refuses what could land outside the root or mean something else on another OS: an absolute path,
 * a drive letter, a `..` component, a backslash (a separator on Windows, and yauzl's own default
 * would quietly turn it into one), a NUL (C APIs stop reading there) and other control characters.
 */
export function sitePath(raw: string): string | null {
  const unsafe = (why: string) =>
    new AppError('SITE_PATH_UNSAFE', `The entry "${printable(raw)}" ${why}; nothing was read past it.`, { entry: printable(raw) });
  // Control characters (NUL included) are never part of a web path worth serving.
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw unsafe('contains a control character');
  if (raw.includes('\\')) throw unsafe('contains a backslash');
  if (raw.startsWith('/')) throw unsafe('is an absolute path');
  if (/^[A-Za-z]:/.test(raw)) throw unsafe('starts with a drive letter');
  const parts = raw.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw unsafe('climbs out of the site with ".."');
  return parts.length === 0 ? null : parts.join('/');
}

/** A symlink's target must be a plain relative path too (it is resolved later, against the site). */
export function checkSymlinkTarget(path: string, target: string): void {
  if (target === '' || /[\u0000-\u001f\u007f]/.test(target) || target.includes('\\')) {
    throw new AppError('SITE_PATH_UNSAFE', `The symlink "${path}" has an empty target or one with a backslash or control character.`, {
      entry: path,
      target: printable(target),
    });
  }
}

/** The folders above a path, outermost first: `a/b/c` -> `a`, `a/b`. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * Where a symlink ends up, walked the way the kernel walks it: component by component, following
 * every symlink met on the way (not only the last), because a lexical normalisation is fooled by
 * `l/..` when `l` points at the root (lexically the root, really its parent). Null when the walk
 * leaves the root at any point, meets an absolute target, or loops. `links` maps a site path to
 * its symlink target.
 */
export function resolveInside(linkPath: string, links: ReadonlyMap<string, string>): string | null {
  let hops = 0;
  const walk = (base: string[], target: string): string[] | null => {
    if (target.startsWith('/')) return null;
    const stack = [...base];
    for (const part of target.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (stack.length === 0) return null;
        stack.pop();
        continue;
      }
      stack.push(part);
      const next = links.get(stack.join('/'));
      if (next === undefined) continue;
      if (++hops > MAX_SYMLINK_HOPS) return null;
      stack.pop();
      const resolved = walk(stack, next);
      if (resolved === null) return null;
      stack.splice(0, stack.length, ...resolved);
    }
    return stack;
  };
  const target = links.get(linkPath);
  if (target === undefined) return linkPath;
  const resolved = walk(linkPath.split('/').slice(0, -1), target);
  return resolved === null ? null : resolved.join('/');
}

/** A name as it may be shown: control characters made visible, and not endless. */
export function printable(name: string): string {
  const shown = name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
}
