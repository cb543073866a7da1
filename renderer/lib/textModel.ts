/**
 * A document's text cut into blocks for drawing: one block per line, and very long
 * lines cut again at whitespace so no block is costly to lay out. Line terminators
 * belong to the block they end but are never drawn (block boundaries show them),
 * so the DOM holds exactly the document's characters minus terminators.
 *
 * Every block knows its start in UTF-16 units (DOM side) and code points (database side).
 */
import { OffsetIndex } from '../../core/offsets';

export interface TextBlock {
  index: number;
  /** The drawn text: the line (or chunk) without its terminator. */
  text: string;
  start16: number;
  /** End of the drawn text; the terminator, if any, runs to `next16`. */
  end16: number;
  next16: number;
  /** The same three in code points. */
  start: number;
  end: number;
  next: number;
}

/**
 * Chunk lines longer than this (UTF-16 units), preferably at whitespace after MIN_CHUNK. Each
 * chunk is a block of its own and so starts a new line on screen: a line break the text does not
 * have. So the limit is far above any paragraph: a whole news article pasted as one line (8,000
 * characters, say) stays one block, and what is cut is a line of machine output, which would
 * otherwise be one block costly to lay out (measured in Chromium here: 20,000 characters of
 * article text lay out in about 7 ms, 3,000 in about 3).
 */
export const MAX_CHUNK = 20_000;
const MIN_CHUNK = 16_000;

/** A UTF-16 unit that is (part of) a line terminator: the characters `lineBreak` in TextModel ends lines at. */
export function isLineTerminator(unit: number): boolean {
  return unit === 0x0a || unit === 0x0d || unit === 0x2028 || unit === 0x2029;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function chunkEnd(text: string, from: number, lineEnd: number): number {
  if (lineEnd - from <= MAX_CHUNK) return lineEnd;
  for (let i = from + MAX_CHUNK; i > from + MIN_CHUNK; i--) {
    const unit = text.charCodeAt(i - 1);
    // Cut after a space so the next chunk starts with a word: a chunk boundary then lands where the line could wrap anyway.
    if (unit === 0x20 || unit === 0x09) return i;
  }
  const cut = from + MAX_CHUNK;
  return isHighSurrogate(text.charCodeAt(cut - 1)) ? cut + 1 : cut;
}

export class TextModel {
  readonly text: string;
  readonly offsets: OffsetIndex;
  readonly blocks: readonly TextBlock[];
  /** Block starts for binary search, in both units. */
  readonly #starts16: Float64Array;
  readonly #starts: Float64Array;

  constructor(text: string) {
    this.text = text;
    this.offsets = new OffsetIndex(text);
    const blocks: TextBlock[] = [];
    // The same characters as isLineTerminator: keep the two in step.
    const lineBreak = /\r\n|\n|\r|\u2028|\u2029/g;
    let lineStart = 0;
    const pushLine = (end16: number, next16: number) => {
      let from = lineStart;
      do {
        const to = chunkEnd(text, from, end16);
        const last = to === end16;
        blocks.push({
          index: blocks.length,
          text: text.slice(from, to),
          start16: from,
          end16: to,
          next16: last ? next16 : to,
          start: 0,
          end: 0,
          next: 0,
        });
        from = to;
      } while (from < end16);
    };
    for (let match = lineBreak.exec(text); match; match = lineBreak.exec(text)) {
      pushLine(match.index, match.index + match[0].length);
      lineStart = match.index + match[0].length;
    }
    pushLine(text.length, text.length);
    for (const block of blocks) {
      block.start = this.offsets.toCodePoint(block.start16);
      block.end = this.offsets.toCodePoint(block.end16);
      block.next = this.offsets.toCodePoint(block.next16);
    }
    this.blocks = blocks;
    this.#starts16 = Float64Array.from(blocks, (block) => block.start16);
    this.#starts = Float64Array.from(blocks, (block) => block.start);
  }

  get length(): number {
    return this.offsets.length;
  }

  /** The block holding code point `cp` (the last block starting at or before it). */
  blockAt(cp: number): number {
    return lastAtOrBefore(this.#starts, cp);
  }

  blockAt16(utf16: number): number {
    return lastAtOrBefore(this.#starts16, utf16);
  }

  /** Code points -> UTF-16, outward-safe. */
  toUtf16(cp: number): number {
    return this.offsets.toUtf16(Math.max(0, Math.min(cp, this.offsets.length)));
  }

  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

function lastAtOrBefore(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}
