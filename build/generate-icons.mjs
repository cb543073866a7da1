// Draws the Spanbench icon (a page of text lines with one span highlighted) into PNG files:
// build/icon.png (1024 px: electron-builder derives .icns and .ico from it) and
// build/icons/<size>x<size>.png (Linux). No image library needed: PNG encoded with zlib.
// Run: node build/generate-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in a 0..1 square, painted in order (later on top).
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const shapes = [
  { inside: roundedRect(0.06, 0.06, 0.94, 0.94, 0.2), color: [37, 99, 235] }, // tile
  { inside: roundedRect(0.2, 0.17, 0.8, 0.83, 0.05), color: [255, 255, 255] }, // page
  { inside: roundedRect(0.28, 0.28, 0.72, 0.33, 0.025), color: [148, 163, 184] },
  { inside: roundedRect(0.26, 0.41, 0.74, 0.52, 0.03), color: [250, 204, 21] }, // the span
  { inside: roundedRect(0.28, 0.44, 0.62, 0.49, 0.025), color: [30, 41, 59] },
  { inside: roundedRect(0.28, 0.6, 0.72, 0.65, 0.025), color: [148, 163, 184] },
  { inside: roundedRect(0.28, 0.71, 0.56, 0.76, 0.025), color: [148, 163, 184] },
];

export function drawIcon(size) {
  const samples = size >= 256 ? 3 : 5;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          let hit = null;
          for (const shape of shapes) if (shape.inside(x, y)) hit = shape.color;
          if (hit) {
            r += hit[0]; g += hit[1]; b += hit[2]; a += 1;
          }
        }
      }
      const offset = (py * size + px) * 4;
      if (a > 0) {
        rgba[offset] = Math.round(r / a);
        rgba[offset + 1] = Math.round(g / a);
        rgba[offset + 2] = Math.round(b / a);
        rgba[offset + 3] = Math.round((255 * a) / (samples * samples));
      }
    }
  }
  return encodePng(size, rgba);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(`${here}icons`, { recursive: true });
  writeFileSync(`${here}icon.png`, drawIcon(1024));
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) writeFileSync(`${here}icons/${size}x${size}.png`, drawIcon(size));
  console.log('icons written to build/');
}
