import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_COLORS, trayIcons } from './make-tray-icons.mjs';
import { decodePng } from './decodePng';

const RESOURCES = join(__dirname, '..', 'resources');
const icons = trayIcons();

const pixel = (rgba: Buffer, size: number, x: number, y: number) => [...rgba.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];

describe('tray icons', () => {
  it('come in green, amber and red at 16 px and @2x 32 px', () => {
    expect(icons.map((i) => [i.name, i.size])).toEqual([
      ['tray-green.png', 16],
      ['tray-green@2x.png', 32],
      ['tray-amber.png', 16],
      ['tray-amber@2x.png', 32],
      ['tray-red.png', 16],
      ['tray-red@2x.png', 32],
    ]);
  });

  it.each(icons.map((i) => [i.name, i] as const))('%s in resources/ is what the script draws (run it after changing it)', (name, icon) => {
    const committed = decodePng(readFileSync(join(RESOURCES, name)));
    expect({ width: committed.width, height: committed.height }).toEqual({ width: icon.size, height: icon.size });
    expect(committed.rgba.equals(icon.rgba)).toBe(true);
  });

  it.each(icons.map((i) => [i.name, i] as const))('%s is a disc in its colour on a transparent background', (_name, icon) => {
    const { size, rgba } = icon;
    expect(pixel(rgba, size, 0, 0)[3]).toBe(0);
    expect(pixel(rgba, size, size - 1, size - 1)[3]).toBe(0);
    // Left of centre, clear of the rim and of every glyph.
    expect(pixel(rgba, size, Math.round(size * 0.22), size / 2)).toEqual([...TRAY_COLORS[icon.level], 255]);
  });

  it('sets the levels apart by more than colour (a glyph on amber and red, none on green)', () => {
    const whitePixels = (name: string) => {
      const icon = icons.find((i) => i.name === name)!;
      let count = 0;
      for (let p = 0; p < icon.rgba.length; p += 4) if (icon.rgba[p] === 255 && icon.rgba[p + 1] === 255 && icon.rgba[p + 2] === 255) count += 1;
      return count;
    };
    expect(whitePixels('tray-green.png')).toBe(0);
    expect(whitePixels('tray-amber.png')).toBeGreaterThan(0);
    expect(whitePixels('tray-red.png')).toBeGreaterThan(0);
  });
});
