import { describe, expect, it } from 'vitest';
import { decodePng } from './decodePng';
import { crc32, encodePng, rasterize } from './png.mjs';

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789', 'ascii'))).toBe(0xcbf43926);
  });
});

describe('encodePng', () => {
  it('round-trips the pixels of a non-square image', () => {
    const rgba = Buffer.from(Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256));
    expect(decodePng(encodePng(3, 2, rgba))).toEqual({ width: 3, height: 2, rgba });
  });

  it('writes a checksum the decoder verifies (a flipped byte is caught)', () => {
    const png = encodePng(1, 1, Buffer.from([1, 2, 3, 4]));
    png[png.length - 20]! ^= 0xff;
    expect(() => decodePng(png)).toThrow(/bad CRC/);
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, Buffer.alloc(15))).toThrow(/expected 16 RGBA bytes/);
  });
});

describe('rasterize', () => {
  it('leaves uncovered pixels transparent and covered ones opaque in their colour', () => {
    const rgba = rasterize(2, 1, (x) => (x < 1 ? [10, 20, 30] : null));
    expect([...rgba]).toEqual([10, 20, 30, 255, 0, 0, 0, 0]);
  });

  it('fades a half-covered pixel in alpha, not towards black', () => {
    const rgba = rasterize(1, 1, (x) => (x < 0.5 ? [200, 100, 50] : null), 4);
    expect([...rgba]).toEqual([200, 100, 50, 128]);
  });
});
