/**
 * DOM selection -> document offsets. Only the block holding a boundary is
 * walked (Range.toString over that block), never the whole article.
 * Offsets are computed in UTF-16, snapped, and converted to code points once,
 * at the end, rounding outward if a boundary falls inside a surrogate pair.
 */
import { isLineTerminator, type TextModel } from './textModel';

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
  // Outside any block: article padding, or beyond the article (a drag that overshot the pane).
  const drawn = article.querySelectorAll(BLOCK_SELECTOR);
  if (drawn.length === 0) return null;
  const point = document.createRange();
  point.setStart(node, offset);
  for (let i = 0; i < drawn.length; i++) {
    const candidate = drawn[i]!;
    if (point.comparePoint(candidate, 0) < 0) continue;
    // Between two drawn blocks: the start of the next one. Before all of them: where the visible text
    // starts, never a block drawn above the viewport that the analyst never saw.
    return i > 0 ? (model.blocks[blockIndexOf(candidate)]?.start16 ?? null) : visibleEdge(model, article, drawn, 'top');
  }
  return visibleEdge(model, article, drawn, 'bottom');
}

/** The pane the article scrolls in; its box is what the analyst sees. */
function viewportOf(article: HTMLElement): DOMRect | null {
  return article.parentElement?.getBoundingClientRect() ?? null;
}

/**
 * The first character whose line shows in the pane ('top'), or the end of the last such character
 * ('bottom'), as a UTF-16 document offset. Only drawn blocks are looked at, and inside a block that
 * straddles the edge a binary search over its characters' boxes finds the line.
 */
function visibleEdge(model: TextModel, article: HTMLElement, drawn: NodeListOf<Element>, edge: 'top' | 'bottom'): number | null {
  const first = model.blocks[blockIndexOf(drawn[0]!)];
  const last = model.blocks[blockIndexOf(drawn[drawn.length - 1]!)];
  if (!first || !last) return null;
  const view = viewportOf(article);
  if (!view) return edge === 'top' ? first.start16 : last.end16;
  if (edge === 'top') {
    for (const element of drawn) {
      const block = model.blocks[blockIndexOf(element)];
      if (!block) continue;
      const box = element.getBoundingClientRect();
      if (box.bottom <= view.top) continue;
      if (box.top >= view.top) return block.start16;
      // The first character whose line's middle is inside the pane.
      const at = firstOffset(element, block.text.length, (middle) => middle >= view.top);
      return block.start16 + wholeCharacter(block.text, at);
    }
    return last.end16;
  }
  for (let i = drawn.length - 1; i >= 0; i--) {
    const element = drawn[i]!;
    const block = model.blocks[blockIndexOf(element)];
    if (!block) continue;
    const box = element.getBoundingClientRect();
    if (box.top >= view.bottom) continue;
    if (box.bottom <= view.bottom) return block.end16;
    // Up to the first character whose line's middle is below the pane.
    const at = firstOffset(element, block.text.length, (middle) => middle > view.bottom);
    return block.start16 + wholeCharacter(block.text, at);
  }
  return first.start16;
}

/** `at`, or just past the surrogate pair it would cut: an edge never falls inside a character. */
function wholeCharacter(text: string, at: number): number {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff ? at + 1 : at;
}

/**
 * The smallest block-local UTF-16 offset whose character's vertical middle satisfies `past`
 * (monotonic down the block), or `length` if none does.
 */
function firstOffset(element: Element, length: number, past: (middle: number) => boolean): number {
  const nodes: Text[] = [];
  const starts: number[] = [];
  let seen = 0;
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    nodes.push(node);
    starts.push(seen);
    seen += node.data.length;
  }
  const range = document.createRange();
  const middleOf = (at: number): number => {
    let index = nodes.length - 1;
    while (index > 0 && starts[index]! > at) index--;
    const node = nodes[index]!;
    const local = at - starts[index]!;
    range.setStart(node, local);
    range.setEnd(node, Math.min(node.data.length, local + 1));
    const box = range.getBoundingClientRect();
    return box.top + box.height / 2;
  };
  let lo = 0;
  let hi = Math.min(length, seen);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(middleOf(mid))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The current selection as a UTF-16 range in the document, or null if it is empty or outside the article.
 * An end outside the article (a drag that overshot the pane) counts as the edge of the visible text.
 */
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
 * whitespace trimmed. Without `words`, line breaks at either end are still trimmed
 * (spaces and tabs are kept: they show): a triple-click, or a drag from past a line's
 * end, reaches into a terminator that no highlight can show. Returns code points, or
 * null if nothing is left.
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
  } else {
    while (start < end && isLineTerminator(text.charCodeAt(start))) start++;
    while (end > start && isLineTerminator(text.charCodeAt(end - 1))) end--;
    if (end <= start) return null;
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
