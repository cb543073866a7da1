/**
 * DOM selection -> document offsets. Only the block holding a boundary is
 * walked (Range.toString over that block), never the whole article.
 * Offsets are computed in UTF-16, snapped, and converted to code points once,
 * at the end, rounding outward if a boundary falls inside a surrogate pair.
 */
import type { TextModel } from './textModel';

export interface CodePointRange {
  start: number;
  end: number;
}

const BLOCK_SELECTOR = '[data-block]';

function blockIndexOf(element: Element): number {
  return Number((element as HTMLElement).dataset['block']);
}

/** A DOM boundary point -> UTF-16 offset in the document, or null if it is not in the article. */
function pointToUtf16(model: TextModel, article: HTMLElement, node: Node, offset: number): number | null {
  const element = node instanceof Element ? node : node.parentElement;
  const blockElement = element?.closest(BLOCK_SELECTOR);
  if (blockElement && article.contains(blockElement)) {
    const block = model.blocks[blockIndexOf(blockElement)];
    if (!block) return null;
    const range = document.createRange();
    range.setStart(blockElement, 0);
    range.setEnd(node, offset);
    return block.start16 + Math.min(range.toString().length, block.text.length);
  }
  // Outside any block (article padding, or beyond the article): clamp to the nearest drawn block.
  const drawn = article.querySelectorAll(BLOCK_SELECTOR);
  if (drawn.length === 0) return null;
  const point = document.createRange();
  point.setStart(node, offset);
  for (const candidate of drawn) {
    if (point.comparePoint(candidate, 0) >= 0) return model.blocks[blockIndexOf(candidate)]?.start16 ?? null;
  }
  const last = model.blocks[blockIndexOf(drawn[drawn.length - 1]!)];
  return last ? last.end16 : null;
}

/** The current selection as a UTF-16 range in the document, or null if it is empty or outside the article. */
export function selectionToUtf16(model: TextModel, article: HTMLElement, selection: Selection | null): [number, number] | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!range.intersectsNode(article)) return null;
  const start = pointToUtf16(model, article, range.startContainer, range.startOffset);
  const end = pointToUtf16(model, article, range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) return null;
  return [start, end];
}

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(granularity: 'word' | 'grapheme', locale: string | undefined): Intl.Segmenter {
  const key = `${granularity}:${locale ?? ''}`;
  let found = segmenters.get(key);
  if (!found) {
    found = new Intl.Segmenter(locale, { granularity });
    segmenters.set(key, found);
  }
  return found;
}

/**
 * The segment around a boundary, within its block. `side` 'start' looks at the
 * character after the boundary, 'end' at the one before it.
 */
function segmentAround(model: TextModel, at16: number, side: 'start' | 'end', granularity: 'word' | 'grapheme', locale: string | undefined) {
  const probe = side === 'start' ? at16 : at16 - 1;
  if (probe < 0 || probe >= model.text.length) return null;
  const block = model.blocks[model.blockAt16(probe)];
  if (!block || probe >= block.end16) return null; // a line terminator: never inside a word
  const local = probe - block.start16;
  const found = segmenter(granularity, locale).segment(block.text).containing(local);
  if (!found) return null;
  return { from: block.start16 + found.index, to: block.start16 + found.index + found.segment.length, wordLike: found.isWordLike ?? true };
}

function isSpace(unit: number): boolean {
  return unit === 0x20 || unit === 0x09 || unit === 0x0a || unit === 0x0d || unit === 0xa0 || unit === 0x2028 || unit === 0x2029 || (unit >= 0x2000 && unit <= 0x200b) || unit === 0x3000 || unit === 0x202f;
}

/**
 * Widens a UTF-16 range outward: always to whole grapheme clusters (never half an
 * emoji or ZWJ sequence), and with `words` to whole words, with surrounding
 * whitespace trimmed. Returns code points, or null if nothing is left.
 */
export function snapRange(model: TextModel, start16: number, end16: number, words: boolean, locale?: string): CodePointRange | null {
  let start = start16;
  let end = end16;
  const text = model.text;
  if (words) {
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (end <= start) return null;
    const first = segmentAround(model, start, 'start', 'word', locale);
    if (first && first.wordLike && first.from < start) start = first.from;
    const last = segmentAround(model, end, 'end', 'word', locale);
    if (last && last.wordLike && last.to > end) end = last.to;
  }
  const firstCluster = segmentAround(model, start, 'start', 'grapheme', locale);
  if (firstCluster && firstCluster.from < start) start = firstCluster.from;
  const lastCluster = segmentAround(model, end, 'end', 'grapheme', locale);
  if (lastCluster && lastCluster.to > end) end = lastCluster.to;
  const startCp = model.offsets.toCodePoint(start, 'down');
  const endCp = model.offsets.toCodePoint(end, 'up');
  return endCp > startCp ? { start: startCp, end: endCp } : null;
}

/** A document UTF-16 offset -> a DOM point inside the drawn block, or null if that block is not drawn. */
export function utf16ToDomPoint(model: TextModel, article: HTMLElement, at16: number): { node: Node; offset: number } | null {
  const block = model.blocks[model.blockAt16(at16)];
  if (!block) return null;
  const element = article.querySelector(`[data-block="${block.index}"]`);
  if (!element) return null;
  let remaining = Math.min(at16, block.end16) - block.start16;
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let last: Text | null = null;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (remaining <= node.data.length) return { node, offset: remaining };
    remaining -= node.data.length;
    last = node;
  }
  return last ? { node: last, offset: last.data.length } : { node: element, offset: 0 };
}

/** Shows `range` (code points) as the DOM selection, so the analyst sees what a hotkey will label. */
export function showSelection(model: TextModel, article: HTMLElement, range: CodePointRange): boolean {
  const start = utf16ToDomPoint(model, article, model.toUtf16(range.start));
  const end = utf16ToDomPoint(model, article, model.toUtf16(range.end));
  const selection = window.getSelection();
  if (!start || !end || !selection) return false;
  selection.setBaseAndExtent(start.node, start.offset, end.node, end.offset);
  return true;
}
