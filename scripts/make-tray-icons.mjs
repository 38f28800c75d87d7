#!/usr/bin/env node
// Writes the macOS tray template images to resources/tray: black + alpha only, so macOS tints them for light and
// dark menu bars. "On" is the full-strength glyph; "off" is the same glyph dimmed; "error" adds a slash through it
// (proxy on but not serving); "low" adds a short bar under it (the active account is below 10 % of a window).
// Run: node scripts/make-tray-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GLYPH, encodePng, strokeCoverage } from './png.mjs';

const outDir = fileURLToPath(new URL('../resources/tray/', import.meta.url));

const MARKS = {
  none: [],
  error: [[[2, 14.5], [14, 1.5]]],
  low: [[[2.5, 15], [6, 15]]],
};

function trayIcon(size, opacity, mark = 'none') {
  const segments = [...GLYPH.segments, ...MARKS[mark]];
  const rgba = new Uint8Array(size * size * 4); // RGB stays 0 (black); only alpha carries the shape
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const coverage = strokeCoverage(segments, GLYPH.halfWidth, GLYPH.units, size, x, y, 8);
      rgba[(y * size + x) * 4 + 3] = Math.round(coverage * opacity * 255);
    }
  }
  return encodePng(size, size, rgba);
}

mkdirSync(outDir, { recursive: true });
const variants = [
  ['trayTemplate', 1, 'none'],
  ['trayOffTemplate', 0.4, 'none'],
  ['trayErrorTemplate', 1, 'error'],
  ['trayLowTemplate', 1, 'low'],
];
for (const [name, opacity, mark] of variants) {
  writeFileSync(`${outDir}${name}.png`, trayIcon(16, opacity, mark));
  writeFileSync(`${outDir}${name}@2x.png`, trayIcon(32, opacity, mark));
  console.log(`wrote resources/tray/${name}.png and ${name}@2x.png`);
}
