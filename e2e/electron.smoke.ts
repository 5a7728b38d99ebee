// `npm run test:electron`: the desktop app itself, through Playwright's Electron driver. It needs the
// Electron binary, which cannot be downloaded on the build machines here (ELECTRON_SKIP_BINARY_DOWNLOAD),
// so it is not part of `npm test`; where the binary is missing it says so and exits 0 without
// pretending to have tested anything.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { ARTIFACTS, ROOT } from './harness';

async function main(): Promise<void> {
  // Not require('electron'): since Electron 45 that starts a download when the binary is missing.
  const pkg = join(ROOT, 'node_modules/electron');
  const pathFile = join(pkg, 'path.txt');
  const binary = existsSync(pathFile) ? join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim()) : '';
  if (!binary || !existsSync(binary)) {
    console.log(
      'electron smoke: NOT RUN: no Electron binary in node_modules/electron (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or without internet). Run `npm install` with internet access, then `npm start` once to build the native module for Electron.',
    );
    return;
  }
  if (!existsSync(join(ROOT, 'out/native/better_sqlite3.node'))) {
    throw new Error('out/native/better_sqlite3.node is missing: run `node scripts/electron-native.mjs` first');
  }
  const app = await electron.launch({ executablePath: binary, args: [join(ROOT, 'out/main/index.js')] });
  try {
    const window = await app.firstWindow();
    await window.waitForSelector('nav');
    const exposed = await window.evaluate(() => ({
      bridge: typeof (window as unknown as { tinyforge?: unknown }).tinyforge,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      origin: location.origin,
    }));
    if (exposed.bridge !== 'object' || exposed.require !== 'undefined' || exposed.process !== 'undefined') {
      throw new Error(`renderer isolation broken: ${JSON.stringify(exposed)}`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    await window.screenshot({ path: join(ARTIFACTS, 'electron-window.png') });
    console.log(`electron smoke: passed (${JSON.stringify(exposed)})`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
