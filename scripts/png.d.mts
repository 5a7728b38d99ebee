// Types for png.mjs, so the tests that use it type-check under tsconfig.node.json.
export type Color = readonly [number, number, number];
export type Sampler = (x: number, y: number) => Color | null;

export declare function rasterize(width: number, height: number, sample: Sampler, samples?: number): Buffer;
export declare function crc32(buffer: Uint8Array): number;
export declare function encodePng(width: number, height: number, rgba: Buffer): Buffer;
