/**
 * Word tokens and sentences for the token-based formats (CoNLL, Prodigy, WebAnno TSV).
 *
 * Tokens come from Unicode word segmentation (UAX #29 via Intl.Segmenter), so an emoji
 * ZWJ sequence or a letter with combining marks is one token. Whitespace is never part
 * of a token: the segmenter glues a combining mark to a preceding space (WB4), and a
 * token holding a space or line break could not be written on one CoNLL line.
 */
import { segmenter } from './text';

export interface Token {
  /** Code point offsets, half-open. */
  start: number;
  end: number;
  /** UTF-16 offsets of the same token. */
  start16: number;
  end16: number;
  text: string;
}

export interface TokenizeOptions {
  /** BCP 47 locale for the segmenter; word rules barely differ by locale, so 'und' is fine. */
  locale?: string;
  /**
   * Code point offsets where a token must end and the next begin, e.g. span edges,
   * so that every span covers whole tokens. Need not be sorted.
   */
  breaks?: Iterable<number>;
}

/**
 * Cuts text into pieces that segment exactly as the whole would, so each
 * Intl.Segmenter call sees a short string: V8's segment iterator slows down
 * super-linearly on long strings (12 s for 70 KB measured on Node 20). Cuts go after
 * a line break (UAX #29 WB3a/SB4 always break there) or, in a long line, before a
 * space that follows a non-space (no word rule joins those; WB4 only glues marks
 * after the space). A long run with no such place stays whole.
 */
function* pieces(text: string, max = 256): Generator<[offset16: number, piece: string]> {
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      yield [start, text.slice(start, i + 1)];
      start = i + 1;
    } else if (c === 0x20 && i - start >= max && !/\s/.test(text[i - 1]!)) {
      yield [start, text.slice(start, i)];
      start = i;
    }
  }
  if (start < text.length) yield [start, text.slice(start)];
}

function isHighSurrogateAt(text: string, i: number): boolean {
  const unit = text.charCodeAt(i);
  if (unit < 0xd800 || unit > 0xdbff || i + 1 >= text.length) return false;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff;
}

/** Counts code points in text[from16, to16), for walking a string left to right. */
function codePointsBetween(text: string, from16: number, to16: number): number {
  let count = 0;
  for (let i = from16; i < to16; i++) {
    if (isHighSurrogateAt(text, i)) i++;
    count++;
  }
  return count;
}

/** Splits `text` into word and punctuation tokens, in order. */
export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const breaks = options.breaks ? [...new Set(options.breaks)].sort((a, b) => a - b) : [];
  let nextBreak = 0;
  const tokens: Token[] = [];
  let cp = 0;
  let at16 = 0;
  const nonSpace = /\S+/gu;
  const words = segmenter(options.locale ?? 'und', 'word');
  for (const [offset16, piece] of pieces(text)) for (const seg of words.segment(piece)) {
    nonSpace.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = nonSpace.exec(seg.segment)) !== null) {
      const start16 = offset16 + seg.index + match.index;
      const end16 = start16 + match[0].length;
      cp += codePointsBetween(text, at16, start16);
      const startCp = cp;
      const endCp = startCp + codePointsBetween(text, start16, end16);
      at16 = end16;
      cp = endCp;
      while (nextBreak < breaks.length && breaks[nextBreak]! <= startCp) nextBreak++;
      let pieceStart = startCp;
      let pieceStart16 = start16;
      while (nextBreak < breaks.length && breaks[nextBreak]! < endCp) {
        const cut = breaks[nextBreak]!;
        const cut16 = pieceStart16 + utf16Width(text, pieceStart16, cut - pieceStart);
        tokens.push({ start: pieceStart, end: cut, start16: pieceStart16, end16: cut16, text: text.slice(pieceStart16, cut16) });
        pieceStart = cut;
        pieceStart16 = cut16;
        nextBreak++;
      }
      tokens.push({ start: pieceStart, end: endCp, start16: pieceStart16, end16, text: text.slice(pieceStart16, end16) });
    }
  }
  return tokens;
}

/** UTF-16 length of `count` code points starting at from16. */
function utf16Width(text: string, from16: number, count: number): number {
  let i = from16;
  for (let n = 0; n < count && i < text.length; n++) i += isHighSurrogateAt(text, i) ? 2 : 1;
  return i - from16;
}

/**
 * Code point offsets where sentences start (always including 0 for non-empty text).
 * Line breaks end sentences too (UAX #29 SB4).
 */
export function sentenceStarts(text: string, locale = 'und'): number[] {
  const starts: number[] = [];
  let cp = 0;
  let at16 = 0;
  // Cutting a long line before a space may add a sentence break there; harmless, since
  // sentences only group tokens and spans are kept together by groupSentences.
  const sentences = segmenter(locale, 'sentence');
  for (const [offset16, piece] of pieces(text, 2048)) for (const seg of sentences.segment(piece)) {
    const index16 = offset16 + seg.index;
    cp += codePointsBetween(text, at16, index16);
    at16 = index16;
    starts.push(cp);
  }
  return starts;
}

/**
 * Groups tokens into sentences. A sentence boundary that falls strictly inside one of
 * `keepTogether` (code point ranges, e.g. spans) is ignored, so no span crosses sentences.
 */
export function groupSentences(
  text: string,
  tokens: readonly Token[],
  keepTogether: ReadonlyArray<{ start: number; end: number }> = [],
  locale = 'und',
): Token[][] {
  const starts = sentenceStarts(text, locale);
  // A sweep over spans sorted by start: a boundary is inside a span when some span that
  // starts before it ends after it.
  const ranges = [...keepTogether].sort((a, b) => a.start - b.start);
  const usable: number[] = [];
  let r = 0;
  let maxEnd = -1;
  for (const b of starts) {
    while (r < ranges.length && ranges[r]!.start < b) {
      maxEnd = Math.max(maxEnd, ranges[r]!.end);
      r++;
    }
    if (!(maxEnd > b)) usable.push(b);
  }
  const sentences: Token[][] = [];
  let current: Token[] = [];
  let nextStart = 1;
  for (const token of tokens) {
    let crossed = false;
    while (nextStart < usable.length && usable[nextStart]! <= token.start) {
      nextStart++;
      crossed = true;
    }
    if (crossed && current.length > 0) {
      sentences.push(current);
      current = [];
    }
    current.push(token);
  }
  if (current.length > 0) sentences.push(current);
  return sentences;
}
