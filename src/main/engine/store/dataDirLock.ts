// One engine per data folder. Electron's single-instance lock covers two desktop windows, but not
// the desktop app and the browser shell (or two browser shells) on the same folder: two reconcilers
// and, later, two deployers writing the same rows would fight. A pid file says who holds it.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
  // A killed process whose parent has not reaped it yet (a zombie) still answers signal 0.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** Folders this process holds: a pid file naming ourselves is ours only if we took it. */
const heldHere = new Set<string>();

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = join(dataDir, 'tinyforge.lock');
  const take = () => writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
  try {
    take();
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
    const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    const ours = holder === process.pid && heldHere.has(file);
    if (ours || (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder))) {
      throw new AppError(
        'ALREADY_RUNNING',
        `Tinyforge (pid ${holder}) is already using the data folder ${dataDir}. Close it first, or use another data folder. If no such Tinyforge runs, delete ${file}.`,
        { pid: holder, dataDir, lockFile: file },
      );
    }
    // Left by a process that died without cleaning up: take it over.
    unlinkSync(file);
    take();
  }
  heldHere.add(file);
  return {
    file,
    release() {
      heldHere.delete(file);
      try {
        if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) unlinkSync(file);
      } catch {
        // Already gone.
      }
    },
  };
}
