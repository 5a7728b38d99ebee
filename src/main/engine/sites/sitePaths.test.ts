// The path rules alone: which names are refused, how names are normalised, and symlink targets
// walked the way the kernel walks them (following symlinks met on the way).
import { describe, expect, it } from 'vitest';
import { ancestorsOf, resolveInside, sitePath } from './sitePaths';

describe('sitePath', () => {
  it('normalises harmless spellings of a relative path', () => {
    expect(sitePath('./assets/app.js')).toBe('assets/app.js');
    expect(sitePath('assets//img/./logo.png')).toBe('assets/img/logo.png');
    expect(sitePath('assets/')).toBe('assets');
    expect(sitePath('./')).toBeNull();
    expect(sitePath('.')).toBeNull();
    expect(sitePath('..foo/bar..')).toBe('..foo/bar..');
  });

  it.each(['../x', 'a/../../x', 'a/..', '/etc/passwd', '//server/share', 'C:/x', 'c:x', 'a\\b', '..\\x', 'a\u0000b', 'a\nb', 'a\u007fb'])(
    'refuses %j',
    (name) => {
      expect(() => sitePath(name)).toThrow(expect.objectContaining({ code: 'SITE_PATH_UNSAFE' }));
    },
  );
});

describe('resolveInside', () => {
  const links = (entries: Record<string, string>) => new Map(Object.entries(entries));

  it('resolves relative targets against the link folder', () => {
    expect(resolveInside('a/b/l', links({ 'a/b/l': '../c.txt' }))).toBe('a/c.txt');
    expect(resolveInside('l', links({ l: './x/../y' }))).toBe('y');
  });

  it('refuses targets that leave the root, lexically or through another symlink', () => {
    expect(resolveInside('l', links({ l: '../x' }))).toBeNull();
    expect(resolveInside('l', links({ l: '/x' }))).toBeNull();
    // Lexically "l/.." is the root; really it is the parent of the root, since l is the root.
    expect(resolveInside('a', links({ r: '.', a: 'r/..' }))).toBeNull();
    // A chain: each link looks inside on its own, the walk leaves through the second.
    expect(resolveInside('a', links({ a: 'deep/b', 'deep/b': '../../x' }))).toBeNull();
  });

  it('follows links in the middle of a target the way the kernel does', () => {
    expect(resolveInside('a', links({ d: 'x/y/z', a: 'd/../w' }))).toBe('x/y/w');
  });

  it('refuses a loop', () => {
    expect(resolveInside('a', links({ a: 'b', b: 'a' }))).toBeNull();
  });
});

describe('ancestorsOf', () => {
  it('lists the folders above a path, outermost first', () => {
    expect(ancestorsOf('a/b/c.txt')).toEqual(['a', 'a/b']);
    expect(ancestorsOf('c.txt')).toEqual([]);
  });
});
