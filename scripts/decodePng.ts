// Reads back what png.mjs writes (8-bit RGBA, filter 0), so tests can check pixels of the committed
// icons. Deliberately narrow: any other PNG flavour is refused, not half-decoded.
import { inflateSync } from 'node:zlib';
import { crc32 } from './png.mjs';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: bad signature');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const body = png.subarray(offset + 4, offset + 8 + length);
    const type = body.subarray(0, 4).toString('ascii');
    if (png.readUInt32BE(offset + 8 + length) !== crc32(body)) throw new Error(`bad CRC in ${type}`);
    const data = body.subarray(4);
    types.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 6) throw new Error(`not 8-bit RGBA: depth ${data[8]}, colour type ${data[9]}`);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  if (types[0] !== 'IHDR' || types.at(-1) !== 'IEND') throw new Error(`bad chunk order: ${types.join(', ')}`);
  const rows = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  if (rows.length !== height * (stride + 1)) throw new Error(`expected ${height * (stride + 1)} bytes of rows, got ${rows.length}`);
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const filter = rows[y * (stride + 1)];
    if (filter !== 0) throw new Error(`row ${y} uses filter ${filter}; only 0 is supported`);
    rows.copy(rgba, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return { width, height, rgba };
}
