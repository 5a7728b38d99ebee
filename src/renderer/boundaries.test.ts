// The renderer depends on src/shared and npm UI libraries only: never on the main process, the
// preload or Node built-ins (it runs sandboxed in Electron and in a plain browser).
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob<string>(['./**/*.ts', './**/*.tsx'], { query: '?raw', import: 'default', eager: true });

const NODE_BUILTINS = new Set([
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'querystring',
  'readline',
  'stream',
  'timers',
  'tls',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
]);
const FORBIDDEN_PACKAGES = new Set(['electron', 'better-sqlite3', 'dockerode', 'ssh2', 'ws']);

function specifiers(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) found.push(m[1] as string);
  for (const m of code.matchAll(/(?:^|\s)import\s*['"]([^'"]+)['"]/g)) found.push(m[1] as string);
  for (const m of code.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1] as string);
  return found;
}

/** Resolves `../../shared/x` from `./api/y.ts` to a path relative to src/. */
function resolveFromSrc(file: string, specifier: string): string {
  const parts = ['renderer', ...file.replace(/^\.\//, '').split('/').slice(0, -1)];
  for (const segment of specifier.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

describe('renderer imports', () => {
  it('point only at src/renderer, src/shared and browser-safe packages', () => {
    const wrong: string[] = [];
    for (const [file, code] of Object.entries(sources)) {
      for (const specifier of specifiers(code)) {
        if (specifier.startsWith('.')) {
          const target = resolveFromSrc(file, specifier);
          if (!target.startsWith('renderer/') && !target.startsWith('shared/')) wrong.push(`${file} -> ${specifier}`);
          continue;
        }
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string);
        if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(name) || FORBIDDEN_PACKAGES.has(name)) {
          wrong.push(`${file} -> ${specifier}`);
        }
      }
    }
    expect(Object.keys(sources).length).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
  });

  it('the check itself catches a wrong import', () => {
    expect(resolveFromSrc('./api/transport.ts', '../../main/engine/app')).toBe('main/engine/app');
    expect(specifiers("import { x } from 'node:fs';\nimport './a.css';")).toEqual(['node:fs', './a.css']);
  });
});
