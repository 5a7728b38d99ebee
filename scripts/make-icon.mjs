#!/usr/bin/env node
// Draws resources/icon.png (256x256): an anvil with sparks on a dark rounded square. Plain Node and
// zlib, so the icon can be regenerated anywhere: node scripts/make-icon.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng, rasterize } from './png.mjs';

const SIZE = 256;
const SAMPLES = 4; // 4x4 samples per pixel smooth the edges

const ANVIL = [
  // horn, face and heel
  [
    [36, 86],
    [60, 80],
    [96, 76],
    [214, 76],
    [214, 104],
    [204, 112],
    [96, 112],
    [70, 100],
  ],
  // waist
  [
    [124, 112],
    [182, 112],
    [170, 150],
    [136, 150],
  ],
  // base
  [
    [112, 150],
    [194, 150],
    [214, 180],
    [92, 180],
  ],
];
const SPARKS = [
  [152, 50, 6],
  [176, 34, 4],
  [128, 38, 3.5],
  [196, 56, 3],
  [112, 58, 2.5],
];

function insidePolygon(x, y, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideRoundedSquare(x, y, margin, radius) {
  const lo = margin + radius;
  const hi = SIZE - margin - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return x >= margin && x <= SIZE - margin && y >= margin && y <= SIZE - margin && dx * dx + dy * dy <= radius * radius;
}

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

/** The colour at one sample point, or null where the icon is transparent. */
function sample(x, y) {
  if (!insideRoundedSquare(x, y, 8, 48)) return null;
  for (const [cx, cy, r] of SPARKS) {
    if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) return [255, 214, 102];
  }
  if (ANVIL.some((polygon) => insidePolygon(x, y, polygon))) {
    // Hot metal: bright at the face, deeper towards the base.
    return mix([255, 168, 64], [214, 72, 28], Math.min(Math.max((y - 76) / 104, 0), 1));
  }
  // A faint glow under the sparks over a slate gradient.
  const glow = Math.max(0, 1 - Math.hypot(x - 150, y - 60) / 110) * 0.35;
  return mix(mix([38, 45, 58], [20, 24, 32], y / SIZE), [120, 60, 30], glow);
}

const output = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icon.png');
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, encodePng(SIZE, SIZE, rasterize(SIZE, SIZE, sample, SAMPLES)));
console.log(`wrote ${output}`);
