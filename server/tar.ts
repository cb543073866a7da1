/**
 * A minimal ustar writer, so browser mode can hand over a folder export (brat, W3C)
 * as one download without a compression dependency. Files stream from disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** Splits a path into ustar's prefix (155 bytes) and name (100), or null when it cannot fit. */
function splitName(name: string): { prefix: string; base: string } | null {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', base: name };
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i);
    const base = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100) return { prefix, base };
  }
  return null;
}

/** A PAX record "LEN key=value\n", whose length counts its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

/** Header block(s) for an entry: a PAX extended header first when the path is too long for ustar. */
export function entryHeaders(name: string, size: number, type: 'file' | 'dir', mtime: Date): Buffer[] {
  const full = type === 'dir' && !name.endsWith('/') ? `${name}/` : name;
  if (splitName(full)) return [tarHeader(full, size, type, mtime)];
  const pax = Buffer.from(paxRecord('path', full), 'utf8');
  const short = `PaxHeaders/${Buffer.from(full).subarray(-80).toString('utf8').replace(/^[^/]*\//, '')}`;
  const paxHeader = tarHeader(short.slice(0, 99), pax.length, 'pax', mtime);
  const padded = Buffer.alloc(Math.ceil(pax.length / BLOCK) * BLOCK, 0);
  pax.copy(padded);
  return [paxHeader, padded, tarHeader(full.slice(-99), size, type, mtime, true)];
}

export function tarHeader(name: string, size: number, type: 'file' | 'dir' | 'pax', mtime: Date, truncated = false): Buffer {
  const header = Buffer.alloc(BLOCK, 0);
  const { prefix, base } = truncated ? { prefix: '', base: name } : (splitName(name) ?? { prefix: '', base: name.slice(-99) });
  header.write(base, 0, 100, 'utf8');
  header.write(octal(type === 'dir' ? 0o755 : 0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(type === 'dir' ? 0 : size, 12), 124, 'ascii');
  header.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  header.fill(' ', 148, 156);
  header.write(type === 'dir' ? '5' : type === 'pax' ? 'x' : '0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7) + ' ', 148, 'ascii');
  return header;
}

async function write(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/** Writes `folder` (as `rootName/…`) to `out` as a tar archive. */
export async function writeTar(folder: string, rootName: string, out: Writable): Promise<void> {
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = (await fs.promises.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const name = `${prefix}/${entry.name}`;
      const stat = await fs.promises.stat(full);
      if (entry.isDirectory()) {
        for (const block of entryHeaders(name, 0, 'dir', stat.mtime)) await write(out, block);
        await walk(full, name);
      } else if (entry.isFile()) {
        for (const block of entryHeaders(name, stat.size, 'file', stat.mtime)) await write(out, block);
        for await (const chunk of fs.createReadStream(full)) await write(out, chunk as Buffer);
        const pad = (BLOCK - (stat.size % BLOCK)) % BLOCK;
        if (pad > 0) await write(out, Buffer.alloc(pad, 0));
      }
    }
  };
  for (const block of entryHeaders(rootName, 0, 'dir', new Date())) await write(out, block);
  await walk(folder, rootName);
  await write(out, Buffer.alloc(BLOCK * 2, 0));
}
