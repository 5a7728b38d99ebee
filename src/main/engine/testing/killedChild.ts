// The crash tests' engine in another process: started with tsx, waited for until it prints
// `PAUSED <marker>`, then killed with SIGKILL (its whole process group: tsx runs the script in a
// child node process) and waited for until the data folder's lock names no live process.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../store/dataDirLock';
import { waitFor } from './dockerHost';

const ROOT = join(__dirname, '../../../..');

export async function runUntilPausedThenKill(script: string, args: string[], marker: string, dataDir: string): Promise<void> {
  await runUntilPausedThenKillPrinted(script, args, marker, dataDir);
}

/** The same, resolving with what the child printed before it was killed. */
export async function runUntilPausedThenKillPrinted(script: string, args: string[], marker: string, dataDir: string): Promise<string> {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(__dirname, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise((r) => child.once('exit', r));
  await waitFor(
    `the child to pause at ${marker}`,
    () => {
      if (child.exitCode !== null) throw new Error(`the child exited early (${child.exitCode}): ${out} ${err}`);
      return out.includes(`PAUSED ${marker}`);
    },
    60_000,
    10,
  );
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
  // The engine itself runs in tsx's child process: wait until it is really gone.
  const holder = Number.parseInt(readFileSync(join(dataDir, 'tinyforge.lock'), 'utf8'), 10);
  await waitFor('the killed engine to be gone', () => !processAlive(holder), 10_000, 20);
  return out;
}
