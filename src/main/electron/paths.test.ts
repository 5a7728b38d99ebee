import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asarUnpacked, existingFile, shellPaths } from './paths';

describe('shellPaths', () => {
  it('finds the preload, renderer and native binding beside out/main', () => {
    const paths = shellPaths(join('/app', 'out', 'main'));

    expect(paths).toEqual({
      preload: join('/app', 'out', 'preload', 'index.js'),
      rendererDir: join('/app', 'out', 'renderer'),
      icon: join('/app', 'resources', 'icon.png'),
      resourcesDir: join('/app', 'resources'),
      sqliteBinding: join('/app', 'out', 'native', 'better_sqlite3.node'),
    });
  });

  it('looks for the native binding outside the asar archive in a packaged app', () => {
    expect(asarUnpacked('/opt/Tinyforge/resources/app.asar/out/native/better_sqlite3.node')).toBe(
      '/opt/Tinyforge/resources/app.asar.unpacked/out/native/better_sqlite3.node',
    );
    expect(asarUnpacked('C:\\Tinyforge\\resources\\app.asar\\out\\native\\x.node')).toBe('C:\\Tinyforge\\resources\\app.asar.unpacked\\out\\native\\x.node');
  });

  it('returns a path only when the file exists', () => {
    expect(existingFile(__filename)).toBe(__filename);
    expect(existingFile('/definitely/not/here.node')).toBeUndefined();
  });
});
