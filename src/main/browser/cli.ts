// `npm run serve` / `node out/main/browser.js`: the engine plus the browser shell, for a machine with
// no display. Prints the URL (with its access token) to open in a browser on this machine.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../engine/app';
import { startBrowserShell } from './server';

function defaultDataDir(): string {
  // The same folder Electron's app.getPath('userData') gives the desktop app on Linux.
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'tinyforge-desktop');
}

/**
 * The access token, kept in the data folder (readable by this user only) so the URL a user
 * bookmarked keeps working after a restart. Delete the file to revoke every browser's access.
 */
function accessToken(dataDir: string): string {
  const file = join(dataDir, 'browser-token');
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (/^[\w-]{43,}$/.test(saved)) return saved;
  }
  const token = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '7420' },
      'data-dir': { type: 'string', default: defaultDataDir() },
      'docker-socket': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: node out/main/browser.js [--port 7420] [--data-dir DIR] [--docker-socket PATH]\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, got ${values.port}`);

  const app = await createApp({
    dataDir: values['data-dir'],
    shell: 'browser',
    dockerSocketPath: values['docker-socket'],
    version: process.env.npm_package_version,
    // A browser tab cannot be reached from here: desktop notifications become log lines.
    desktopNotify: ({ title, body }) => console.log(`[tinyforge] desktop notification (browser shell, not shown): ${title}: ${body}`),
  });
  const shell = await startBrowserShell({ app, rendererDir: join(__dirname, '../renderer'), port, token: accessToken(values['data-dir']) });
  process.stdout.write(`Tinyforge browser shell on ${shell.origin}\nOpen: ${shell.url}\n`);

  let stopping = false;
  const stop = async () => {
    // A second Ctrl-C while shutdown waits on a hung daemon means "now".
    if (stopping) process.exit(1);
    stopping = true;
    await shell.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`tinyforge: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
