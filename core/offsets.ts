/**
 * Code point <-> UTF-16 offset conversion.
 *
 * The database counts Unicode code points; the DOM and JavaScript strings count
 * UTF-16 code units. The two differ only after astral characters (emoji, some CJK),
 * which take two code units. An OffsetIndex records where those are, so each
 * conversion is a binary search instead of a walk over a megabyte of text.
 */

export class OffsetIndex {
  /** UTF-16 positions of the high surrogate of every astral character, ascending. */
  readonly #astral16: Int32Array;
  readonly length16: number;
  readonly length: number;

  constructor(text: string) {
    const positions: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          positions.push(i);
          i++;
        }
      }
    }
    this.#astral16 = Int32Array.from(positions);
    this.length16 = text.length;
    this.length = text.length - positions.length;
  }

  /** Code point offset -> UTF-16 offset. */
  toUtf16(codePoint: number): number {
    if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > this.length) {
      throw new RangeError(`code point offset ${codePoint} outside 0..${this.length}`);
    }
    // Astral characters before code point c are those whose code point position p_k = pos16_k - k is < c.
    let lo = 0;
    let hi = this.#astral16.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#astral16[mid]! - mid < codePoint) lo = mid + 1;
      else hi = mid;
    }
    return codePoint + lo;
  }

  /**
   * UTF-16 offset -> code point offset. An offset inside a surrogate pair
   * (which a DOM selection can produce) rounds `down` or `up` to the character edge.
   */
  toCodePoint(utf16: number, round: 'down' | 'up' = 'down'): number {
    if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > this.length16) {
      throw new RangeError(`UTF-16 offset ${utf16} outside 0..${this.length16}`);
    }
    let lo = 0;
    let hi = this.#astral16.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#astral16[mid]! < utf16) lo = mid + 1;
      else hi = mid;
    }
    // lo astral characters start before utf16. If the last of them starts at utf16 - 1, we are inside it.
    if (lo > 0 && this.#astral16[lo - 1] === utf16 - 1) {
      return round === 'down' ? utf16 - 1 - (lo - 1) : utf16 + 1 - lo;
    }
    return utf16 - lo;
  }
}

/** Number of code points in a string. */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** The text between two code point offsets. */
export function sliceCodePoints(text: string, start: number, end: number, index = new OffsetIndex(text)): string {
  return text.slice(index.toUtf16(start), index.toUtf16(end));
}

/** Code point offset -> UTF-8 byte offset (for formats that count bytes). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}
