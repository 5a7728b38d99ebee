// Where the shell finds its build outputs, relative to the bundled main file (out/main/index.js).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface ShellPaths {
  preload: string;
  rendererDir: string;
  icon: string;
  /** The repository's resources/ folder: the app icon and the tray icons. */
  resourcesDir: string;
  /** better-sqlite3 built for Electron's ABI by scripts/electron-native.mjs. */
  sqliteBinding: string;
}

export function shellPaths(mainDir: string): ShellPaths {
  const outDir = resolve(mainDir, '..');
  return {
    preload: join(outDir, 'preload', 'index.js'),
    rendererDir: join(outDir, 'renderer'),
    icon: join(outDir, '..', 'resources', 'icon.png'),
    resourcesDir: join(outDir, '..', 'resources'),
    sqliteBinding: asarUnpacked(join(outDir, 'native', 'better_sqlite3.node')),
  };
}

/** The OS cannot dlopen a file inside an asar archive; packagers put native files beside it. */
export function asarUnpacked(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

export function existingFile(path: string): string | undefined {
  return existsSync(path) ? path : undefined;
}
