import { describe, expect, it } from 'vitest';
import { decodeBytes, findInvalidUtf8, StreamingDecoder } from './decode';
import { ImportError } from './types';
import { utf8 } from './test-helpers';

function decodeError(run: () => unknown): ImportError {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected an ImportError');
}

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[2 + 2 * i + (bigEndian ? 0 : 1)] = unit >> 8;
    out[2 + 2 * i + (bigEndian ? 1 : 0)] = unit & 0xff;
  }
  return out;
}

/** Decodes `bytes` pushed in pieces cut at `cuts`. */
function decodeInPieces(bytes: Uint8Array, cuts: number[]): string {
  const decoder = new StreamingDecoder('f.txt');
  let text = '';
  let from = 0;
  for (const cut of cuts) {
    text += decoder.push(bytes.subarray(from, cut));
    from = cut;
  }
  return text + decoder.push(bytes.subarray(from)) + decoder.end();
}

const SAMPLE = 'Añø € 𝄞 😀\r\n\tend';

describe('decodeBytes', () => {
  it('decodes UTF-8 without a BOM', () => {
    expect(decodeBytes('f.txt', utf8(SAMPLE))).toEqual({ text: SAMPLE, encoding: 'utf-8', hadBom: false });
  });

  it('strips a UTF-8 BOM and keeps a later U+FEFF', () => {
    const bytes = utf8('\uFEFFa\uFEFFb');
    expect(decodeBytes('f.txt', bytes)).toEqual({ text: 'a\uFEFFb', encoding: 'utf-8', hadBom: true });
  });

  it.each([false, true])('decodes UTF-16 with a BOM (big endian: %s)', (bigEndian) => {
    const result = decodeBytes('f.txt', utf16(SAMPLE, bigEndian));
    expect(result.text).toBe(SAMPLE);
    expect(result.encoding).toBe(bigEndian ? 'utf-16be' : 'utf-16le');
  });

  it('names the offset of the first invalid UTF-8 byte', () => {
    // "café" in Latin-1 after 6 good bytes (two of them one 2-byte character).
    const bytes = new Uint8Array([...utf8('ab é '), 0x63, 0x61, 0x66, 0xe9, 0x0a]);
    const error = decodeError(() => decodeBytes('latin1.txt', bytes));
    expect(error.problem).toMatchObject({ file: 'latin1.txt', byteOffset: 9 });
    expect(error.problem.reason).toMatch(/invalid UTF-8 \(0xE9 0x0A\)/);
    expect(error.message).toMatch(/^latin1\.txt:byte 9: /);
  });

  it('counts the BOM in error offsets', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xff]);
    expect(decodeError(() => decodeBytes('f.txt', bytes)).problem.byteOffset).toBe(4);
  });

  it('reports a character cut off by the end of the file', () => {
    const bytes = utf8('ok 😀').subarray(0, 5);
    const error = decodeError(() => decodeBytes('f.txt', bytes));
    expect(error.problem.byteOffset).toBe(3);
    expect(error.problem.reason).toMatch(/ends inside a UTF-8 character/);
  });

  it('refuses overlong forms, surrogates and out-of-range code points', () => {
    expect(findInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1);
    expect(findInvalidUtf8(new Uint8Array([0xe0, 0x80, 0x80]))).toBe(0);
    expect(findInvalidUtf8(new Uint8Array([0x41, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(findInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(findInvalidUtf8(utf8(SAMPLE))).toBeNull();
  });

  it('calls a file with a NUL byte binary, with the offset', () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    bytes[0] = 0x50; // keep the start valid UTF-8 so the NUL is what is found
    const error = decodeError(() => decodeBytes('image.txt', bytes));
    expect(error.problem).toMatchObject({ file: 'image.txt', byteOffset: 8 });
    expect(error.problem.reason).toMatch(/looks like a binary file/);
  });

  it('hints at UTF-16 without a BOM', () => {
    const bytes = utf16('Hello, world, this is text', false).subarray(2);
    expect(decodeError(() => decodeBytes('f.txt', bytes)).problem.reason).toMatch(/UTF-16 text without a byte order mark/);
  });

  it('refuses NUL characters in UTF-16 too', () => {
    const error = decodeError(() => decodeBytes('f.txt', utf16('ab\0c', false)));
    expect(error.problem.byteOffset).toBe(2 + 4);
  });

  it('refuses a lone surrogate in UTF-16', () => {
    const bytes = utf16('ab\uD800c', true);
    expect(decodeError(() => decodeBytes('f.txt', bytes)).problem.byteOffset).toBe(6);
  });

  it('refuses UTF-32', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]);
    expect(decodeError(() => decodeBytes('f.txt', bytes)).problem.reason).toMatch(/UTF-32/);
  });

  it('decodes an empty file to empty text', () => {
    expect(decodeBytes('f.txt', new Uint8Array(0)).text).toBe('');
  });
});

describe('StreamingDecoder', () => {
  it('gives the same text for every single cut, including inside characters and CRLF', () => {
    const bytes = utf8('\uFEFF' + SAMPLE);
    for (let cut = 0; cut <= bytes.length; cut++) expect(decodeInPieces(bytes, [cut])).toBe(SAMPLE);
  });

  it('gives the same text when fed one byte at a time', () => {
    for (const bytes of [utf8(SAMPLE), utf16(SAMPLE, false), utf16(SAMPLE, true)]) {
      expect(decodeInPieces(bytes, Array.from({ length: bytes.length }, (_, i) => i))).toBe(SAMPLE);
    }
  });

  it('reports the absolute offset of an invalid byte in a later chunk', () => {
    const decoder = new StreamingDecoder('f.txt');
    decoder.push(utf8('0123456789'));
    decoder.push(new Uint8Array([0xf0, 0x9f])); // an incomplete character held over
    const error = decodeError(() => decoder.push(new Uint8Array([0x41])));
    expect(error.problem.byteOffset).toBe(10);
  });

  it('reports a NUL in a later chunk at its absolute offset', () => {
    const decoder = new StreamingDecoder('f.csv');
    decoder.push(utf8('a'.repeat(100)));
    expect(decodeError(() => decoder.push(new Uint8Array([0x62, 0x00]))).problem.byteOffset).toBe(101);
  });

  it('streams a 50 MB single line quickly', () => {
    const piece = utf8('Agency ändert Entscheidung 😀 — ');
    const size = 50 * 1024 * 1024;
    const bytes = new Uint8Array(size);
    for (let at = 0; at < size; at += piece.length) bytes.set(piece.subarray(0, Math.min(piece.length, size - at)), at);
    // Trim a possibly cut final character so the file is valid.
    const valid = bytes.subarray(0, size - (size % piece.length));
    const started = performance.now();
    const decoder = new StreamingDecoder('big.txt');
    const parts: string[] = [];
    // An odd chunk size so boundaries fall inside characters.
    for (let at = 0; at < valid.length; at += 65_537) parts.push(decoder.push(valid.subarray(at, at + 65_537)));
    parts.push(decoder.end());
    const text = parts.join('');
    const elapsed = performance.now() - started;
    expect(text.length).toBe((valid.length / piece.length) * 'Agency ändert Entscheidung 😀 — '.length);
    expect(text.slice(0, 40)).toBe('Agency ändert Entscheidung 😀 — Agency ä');
    expect(text.includes('\uFFFD')).toBe(false);
    expect(elapsed).toBeLessThan(5000);
  });
});

describe('StreamingDecoder with a reused chunk buffer', () => {
  it('keeps a copy of a split character, not a view the caller will overwrite', () => {
    // Node's Buffer#slice returns a view; a reader that reuses its buffer must not corrupt the carry-over.
    const bytes = new TextEncoder().encode('ab€cd😀ef');
    const decoder = new StreamingDecoder('reuse.txt');
    const buffer = Buffer.alloc(3);
    let text = '';
    for (let at = 0; at < bytes.length; at += 3) {
      const piece = bytes.subarray(at, at + 3);
      buffer.fill(0xff);
      buffer.set(piece);
      text += decoder.push(buffer.subarray(0, piece.length));
    }
    text += decoder.end();
    expect(text).toBe('ab€cd😀ef');
  });
});
