#!/usr/bin/env node
// Writes resources/icon.icns: an `icns` container with PNG entries (ic07 128px, ic08 256px, ic09 512px) of a
// rounded-square app icon carrying the tray glyph. A placeholder that packages offline; replace it with an icon
// made on a Mac (iconutil) before a release. Run: node scripts/make-app-icon.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GLYPH, encodePng, strokeCoverage } from './png.mjs';

const TOP = [0xe0, 0x7a, 0x5f]; // warm coral
const BOTTOM = [0xb8, 0x4a, 0x2e];

function roundedSquareCoverage(size, x, y, samples = 2) {
  const inset = size * 0.09; // macOS icon grid: the shape sits inside the canvas with a margin
  const side = size - 2 * inset;
  const r = side * 0.225;
  let hit = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const px = x + (sx + 0.5) / samples - inset;
      const py = y + (sy + 0.5) / samples - inset;
      const qx = Math.abs(px - side / 2) - (side / 2 - r);
      const qy = Math.abs(py - side / 2) - (side / 2 - r);
      const d = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
      if (d <= 0) hit++;
    }
  }
  return hit / (samples * samples);
}

function appIcon(size) {
  const rgba = new Uint8Array(size * size * 4);
  // The glyph occupies the middle 56% of the canvas.
  const glyphSize = size * 0.56;
  const glyphOffset = (size - glyphSize) / 2;
  for (let y = 0; y < size; y++) {
    const t = y / (size - 1);
    const bg = TOP.map((c, i) => c + (BOTTOM[i] - c) * t);
    for (let x = 0; x < size; x++) {
      const shape = roundedSquareCoverage(size, x, y);
      if (shape === 0) continue;
      const gx = x - glyphOffset;
      const gy = y - glyphOffset;
      const glyph =
        gx >= -1 && gy >= -1 && gx <= glyphSize && gy <= glyphSize
          ? strokeCoverage(GLYPH.segments, GLYPH.halfWidth, GLYPH.units, glyphSize, gx, gy, 2)
          : 0;
      const o = (y * size + x) * 4;
      for (let i = 0; i < 3; i++) rgba[o + i] = Math.round(bg[i] + (255 - bg[i]) * glyph);
      rgba[o + 3] = Math.round(shape * 255);
    }
  }
  return encodePng(size, size, rgba);
}

function icns(entries) {
  const parts = entries.map(([type, png]) => {
    const header = Buffer.alloc(8);
    header.write(type, 0, 'ascii');
    header.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([header, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([header, ...parts]);
}

const out = fileURLToPath(new URL('../resources/icon.icns', import.meta.url));
writeFileSync(out, icns([['ic07', appIcon(128)], ['ic08', appIcon(256)], ['ic09', appIcon(512)]]));
console.log('wrote resources/icon.icns');
