/**
 * Bytes -> text, strictly. Stored text must be exactly what the file says, so nothing is
 * ever replaced with U+FFFD: a bad byte stops the import and names its offset.
 *
 * Supported: UTF-8 with or without a BOM, UTF-16 LE/BE with a BOM. The BOM is not part of
 * the text. Offsets in errors are absolute byte offsets in the file, BOM included.
 */

import { ImportError } from './types';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodeOptions {
  /**
   * Refuse NUL characters ("looks like a binary file"). Default true: none of the
   * article formats can legitimately contain one.
   */
  rejectNul?: boolean;
}

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  hadBom: boolean;
}

/** Decodes a whole file at once. Throws `ImportError`. */
export function decodeBytes(file: string, bytes: Uint8Array, options: DecodeOptions = {}): DecodedText {
  const decoder = new StreamingDecoder(file, options);
  const text = decoder.push(bytes) + decoder.end();
  return { text, encoding: decoder.encoding ?? 'utf-8', hadBom: decoder.hadBom };
}

/**
 * Decodes a file fed in chunks. A chunk may end inside a multi-byte character or a
 * UTF-16 surrogate pair; the incomplete tail is held until the next chunk. `push` and
 * `end` throw `ImportError` (with `byteOffset`) on the first invalid or binary byte;
 * the decoder is then spent and must be discarded.
 */
export class StreamingDecoder {
  readonly #file: string;
  readonly #rejectNul: boolean;
  #encoding: TextEncodingName | null = null;
  #hadBom = false;
  /** Bytes received but not yet decoded: the undecided head, or an incomplete character. */
  #pending: Uint8Array = new Uint8Array(0);
  /** Absolute offset of #pending[0]. */
  #pendingOffset = 0;
  #ended = false;
  // Fresh decode() calls without `stream` would each strip a leading U+FEFF as a BOM;
  // ignoreBOM keeps it, since only the file's first BOM is ours to remove.
  readonly #utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  readonly #utf16 = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

  constructor(file: string, options: DecodeOptions = {}) {
    this.#file = file;
    this.#rejectNul = options.rejectNul ?? true;
  }

  /** Known once the first bytes (up to 4) have been seen. */
  get encoding(): TextEncodingName | null {
    return this.#encoding;
  }

  get hadBom(): boolean {
    return this.#hadBom;
  }

  push(chunk: Uint8Array): string {
    if (this.#ended) throw new Error('StreamingDecoder.push after end');
    return this.#decode(chunk, false);
  }

  end(): string {
    if (this.#ended) return '';
    this.#ended = true;
    return this.#decode(new Uint8Array(0), true);
  }

  #decode(chunk: Uint8Array, final: boolean): string {
    let buf = this.#pending.length === 0 ? chunk : concat(this.#pending, chunk);
    let base = this.#pendingOffset;
    if (this.#encoding === null) {
      // FF FE could open UTF-16 LE or UTF-32 LE; four bytes settle every case.
      if (buf.length < 4 && !final) {
        // A copy, not a view: callers (Node's Buffer.slice is a view) may reuse their chunk buffer.
        this.#pending = new Uint8Array(buf);
        return '';
      }
      const bomLength = this.#detectEncoding(buf);
      buf = buf.subarray(bomLength);
      base += bomLength;
    }
    return this.#encoding === 'utf-8' ? this.#decodeUtf8(buf, base, final) : this.#decodeUtf16(buf, base, final);
  }

  #detectEncoding(buf: Uint8Array): number {
    const [b0, b1, b2, b3] = buf;
    if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
      this.#encoding = 'utf-8';
      this.#hadBom = true;
      return 3;
    }
    if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
      throw this.#error(0, 'the file is UTF-32 encoded, which is not supported; save it as UTF-8');
    }
    if (b0 === 0xff && b1 === 0xfe) {
      this.#encoding = 'utf-16le';
      this.#hadBom = true;
      return 2;
    }
    if (b0 === 0xfe && b1 === 0xff) {
      this.#encoding = 'utf-16be';
      this.#hadBom = true;
      return 2;
    }
    this.#encoding = 'utf-8';
    return 0;
  }

  #decodeUtf8(buf: Uint8Array, base: number, final: boolean): string {
    if (this.#rejectNul) {
      const nul = buf.indexOf(0);
      if (nul >= 0) throw this.#binaryError(base + nul, buf, nul);
    }
    const cut = final ? buf.length : utf8CompleteLength(buf);
    this.#keep(buf.subarray(cut), base + cut);
    if (cut === 0) return '';
    const view = buf.subarray(0, cut);
    try {
      return this.#utf8.decode(view);
    } catch {
      // TextDecoder does not say where; find it ourselves (rare path, so a JS scan is fine).
      const bad = findInvalidUtf8(view);
      const at = bad ?? 0;
      const shown = Array.from(view.subarray(at, Math.min(at + 4, view.length)), hex).join(' ');
      const truncated = final && bad !== null && utf8SequenceLength(view[at]!) > view.length - at;
      throw this.#error(
        base + at,
        truncated
          ? `the file ends inside a UTF-8 character (${shown})`
          : `invalid UTF-8 (${shown}); the file may use another encoding such as Windows-1252 or Latin-1; save it as UTF-8`,
      );
    }
  }

  #decodeUtf16(buf: Uint8Array, base: number, final: boolean): string {
    if (final && buf.length % 2 === 1) {
      throw this.#error(base + buf.length - 1, 'the file ends in the middle of a UTF-16 code unit');
    }
    const bigEndian = this.#encoding === 'utf-16be';
    let cut = buf.length - (buf.length % 2);
    if (!final && cut >= 2) {
      // A high surrogate at the end may be completed by the next chunk.
      const last = bigEndian ? (buf[cut - 2]! << 8) | buf[cut - 1]! : buf[cut - 2]! | (buf[cut - 1]! << 8);
      if (last >= 0xd800 && last <= 0xdbff) cut -= 2;
    }
    this.#keep(buf.subarray(cut), base + cut);
    if (cut === 0) return '';
    let view = buf.subarray(0, cut);
    if (bigEndian) {
      const swapped = new Uint8Array(cut);
      for (let i = 0; i < cut; i += 2) {
        swapped[i] = view[i + 1]!;
        swapped[i + 1] = view[i]!;
      }
      view = swapped;
    }
    let text: string;
    try {
      text = this.#utf16.decode(view);
    } catch {
      const bad = findLoneSurrogate(view);
      throw this.#error(base + (bad ?? 0) * 2, 'invalid UTF-16: a lone surrogate code unit');
    }
    if (this.#rejectNul) {
      const nul = text.indexOf('\0');
      // Every code unit is two bytes, so the index maps straight to an offset.
      if (nul >= 0) throw this.#error(base + nul * 2, 'looks like a binary file (it contains a NUL character)');
    }
    return text;
  }

  #keep(rest: Uint8Array, offset: number): void {
    this.#pending = rest.length === 0 ? new Uint8Array(0) : new Uint8Array(rest);
    this.#pendingOffset = offset;
  }

  #binaryError(offset: number, buf: Uint8Array, index: number): ImportError {
    // UTF-16 without a BOM is the common innocent cause of NULs in a text file: ASCII
    // letters then have a zero byte beside each of them.
    if (offset < 4096 && looksLikeBomlessUtf16(buf.subarray(0, Math.min(buf.length, index + 512)))) {
      return this.#error(
        offset,
        'looks like UTF-16 text without a byte order mark (it contains NUL bytes); save it as UTF-8 or as UTF-16 with a BOM',
      );
    }
    return this.#error(offset, 'looks like a binary file (it contains a NUL byte)');
  }

  #error(byteOffset: number, reason: string): ImportError {
    return new ImportError({ file: this.#file, byteOffset, reason });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function hex(byte: number): string {
  return '0x' + byte.toString(16).toUpperCase().padStart(2, '0');
}

/** Length of the sequence a lead byte announces; 1 for bytes that cannot lead one. */
function utf8SequenceLength(lead: number): number {
  if (lead >= 0xc0 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf7) return 4;
  return 1;
}

/** Length of the prefix of `buf` that ends on a character boundary (an incomplete last character is left out). */
export function utf8CompleteLength(buf: Uint8Array): number {
  const n = buf.length;
  for (let k = 1; k <= Math.min(4, n); k++) {
    const b = buf[n - k]!;
    if ((b & 0xc0) !== 0x80) return utf8SequenceLength(b) > k ? n - k : n;
  }
  // Only continuation bytes at the end: complete or invalid, either way the decoder decides.
  return n;
}

/**
 * Index of the first byte of the first ill-formed sequence (Unicode Table 3-7), counting
 * a sequence cut short by the end of `bytes` as ill-formed; null if all is well-formed.
 */
export function findInvalidUtf8(bytes: Uint8Array): number | null {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b === 0xe0) (need = 2), (lo = 0xa0);
    else if (b >= 0xe1 && b <= 0xec) need = 2;
    else if (b === 0xed) (need = 2), (hi = 0x9f);
    else if (b >= 0xee && b <= 0xef) need = 2;
    else if (b === 0xf0) (need = 3), (lo = 0x90);
    else if (b >= 0xf1 && b <= 0xf3) need = 3;
    else if (b === 0xf4) (need = 3), (hi = 0x8f);
    else return i;
    if (i + need >= n) return i;
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return null;
}

/** Code unit index of the first unpaired surrogate in little-endian UTF-16 bytes. */
function findLoneSurrogate(le: Uint8Array): number | null {
  const units = le.length >> 1;
  for (let i = 0; i < units; i++) {
    const u = le[2 * i]! | (le[2 * i + 1]! << 8);
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = i + 1 < units ? le[2 * i + 2]! | (le[2 * i + 3]! << 8) : -1;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
      return i;
    }
  }
  return null;
}

function looksLikeBomlessUtf16(head: Uint8Array): boolean {
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 0) {
      if (i % 2 === 0) evenZeros++;
      else oddZeros++;
    }
  }
  const half = head.length / 2;
  // Mostly-ASCII UTF-16 has zeros in nearly every other byte, and almost none in the rest.
  return half >= 2 && Math.max(evenZeros, oddZeros) >= half * 0.6 && Math.min(evenZeros, oddZeros) <= half * 0.05;
}
