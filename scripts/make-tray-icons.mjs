#!/usr/bin/env node
// Draws the tray status icons: resources/tray-{green,amber,red}.png at 16x16 and their @2x twins at
// 32x32 (Electron picks the @2x file beside the 1x one on HiDPI screens). A filled disc in the level's
// colour with a darker rim, so it reads on both light and dark panels, and a white glyph (none, a
// dash, an exclamation mark) so the level does not rest on colour alone for colour-blind users:
//   node scripts/make-tray-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encodePng, rasterize } from './png.mjs';

/** The fill of each level; the rim is the same hue, darker. */
export const TRAY_COLORS = {
  green: [46, 180, 90],
  amber: [240, 160, 32],
  red: [224, 69, 58],
};

const BASE = 16; // the drawing is laid out on a 16-unit grid and scaled
const RADIUS = 7;
const RIM = 1.25;
const SCALES = [1, 2];

const WHITE = [255, 255, 255];

/** Where each level's glyph is white, on the 16-unit grid; on whole units, so 16 px stays crisp. */
const GLYPHS = {
  green: () => false,
  amber: (x, y) => x >= 5 && x <= 11 && y >= 7 && y <= 9,
  red: (x, y) => x >= 7 && x <= 9 && ((y >= 3 && y <= 9) || (y >= 11 && y <= 13)),
};

const darker = (color, amount) => color.map((v) => Math.round(v * (1 - amount)));

/** The sampler of one level's icon at `scale` (1 for 16 px, 2 for 32 px). */
export function trayIconSampler(level, scale) {
  const color = TRAY_COLORS[level];
  const rim = darker(color, 0.35);
  const glyph = GLYPHS[level];
  const c = BASE / 2;
  return (px, py) => {
    const x = px / scale;
    const y = py / scale;
    const d = Math.hypot(x - c, y - c);
    if (d > RADIUS) return null;
    if (d > RADIUS - RIM) return rim;
    return glyph(x, y) ? WHITE : color;
  };
}

/** Every tray icon file: its name in resources/, its size in pixels and its PNG bytes. */
export function trayIcons() {
  return Object.keys(TRAY_COLORS).flatMap((level) =>
    SCALES.map((scale) => {
      const size = BASE * scale;
      const rgba = rasterize(size, size, trayIconSampler(level, scale), 4);
      return { name: `tray-${level}${scale === 1 ? '' : `@${scale}x`}.png`, level, size, rgba, png: encodePng(size, size, rgba) };
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
  mkdirSync(dir, { recursive: true });
  for (const icon of trayIcons()) {
    writeFileSync(join(dir, icon.name), icon.png);
    console.log(`wrote ${join(dir, icon.name)}`);
  }
}
