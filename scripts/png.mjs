// Draws and encodes small RGBA PNGs with nothing but Node and zlib, so the app's icons can be
// regenerated anywhere (make-icon.mjs, make-tray-icons.mjs).
import { deflateSync } from 'node:zlib';

/**
 * Rasterises `sample(x, y)` (a colour [r, g, b] at a point, or null where transparent) into RGBA
 * bytes, row by row, with `samples` x `samples` points per pixel to smooth the edges.
 */
export function rasterize(width, height, sample, samples = 4) {
  const rgba = Buffer.alloc(width * height * 4);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const color = sample(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples);
          if (!color) continue;
          r += color[0];
          g += color[1];
          b += color[2];
          a += 1;
        }
      }
      const offset = (py * width + px) * 4;
      // Colour is averaged over the covered samples only, so edges fade in alpha, not to black.
      rgba[offset] = a ? Math.round(r / a) : 0;
      rgba[offset + 1] = a ? Math.round(g / a) : 0;
      rgba[offset + 2] = a ? Math.round(b / a) : 0;
      rgba[offset + 3] = Math.round((a / (samples * samples)) * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG of `rgba` (width * height * 4 bytes, rows top to bottom). */
export function encodePng(width, height, rgba) {
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  const stride = width * 4;
  const rows = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (stride + 1)] = 0; // filter: none
    rgba.copy(rows, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
