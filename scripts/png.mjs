// Tiny dependency-free PNG encoder and vector rasteriser for the generated icons (scripts/make-*.mjs).
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes straight (non-premultiplied) RGBA pixels, `rgba.length === width * height * 4`, as an 8-bit PNG. */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Distance from point p to segment ab. */
function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * Coverage (0..1) of round-capped strokes at a pixel, by supersampling. Coordinates are in a `units`-wide square
 * design space scaled onto `size` pixels.
 */
export function strokeCoverage(segments, halfWidth, units, size, x, y, samples = 4) {
  const scale = units / size;
  let hit = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const px = (x + (sx + 0.5) / samples) * scale;
      const py = (y + (sy + 0.5) / samples) * scale;
      if (segments.some(([a, b]) => segmentDistance(px, py, a, b) <= halfWidth)) hit++;
    }
  }
  return hit / (samples * samples);
}

/** The product glyph, a two-way arrow (⇄), in a 16-unit design space. */
export const GLYPH = {
  units: 16,
  halfWidth: 0.8,
  segments: [
    [[2.5, 5], [13, 5]],
    [[13, 5], [10.2, 2.2]],
    [[13, 5], [10.2, 7.8]],
    [[13.5, 11], [3, 11]],
    [[3, 11], [5.8, 8.2]],
    [[3, 11], [5.8, 13.8]],
  ],
};
