/**
 * Spans indexed by the blocks they touch, so drawing a block looks at its own
 * spans only. Changing one span replaces the lists of the blocks it touches and
 * nothing else: unchanged blocks keep the same array, so their drawing is reused.
 * A discontinuous span is listed only in the blocks its fragments touch, not those
 * wholly inside a gap between them.
 */
import type { Span } from '../../contract/api';
import { spanStretches } from '../../core/model';
import type { TextModel } from './textModel';

const EMPTY: readonly Span[] = Object.freeze([]);

/** Document order: start ascending, longer first (outer before inner), then id. */
export function compareSpans(a: Span, b: Span): number {
  return a.start - b.start || b.end - a.end || a.id - b.id;
}

/** Index of the first element not ordered before `span` (binary search). */
export function insertionPoint(sorted: readonly Span[], span: Span): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareSpans(sorted[mid]!, span) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SpanIndex {
  readonly #model: TextModel;
  readonly #byBlock: Array<readonly Span[]>;

  constructor(model: TextModel, sortedSpans: readonly Span[]) {
    this.#model = model;
    const lists: Span[][] = [];
    for (const span of sortedSpans) {
      for (const i of this.#blocksOf(span)) (lists[i] ??= []).push(span);
    }
    this.#byBlock = Array.from({ length: model.blocks.length }, (_, i) => lists[i] ?? EMPTY);
  }

  forBlock(index: number): readonly Span[] {
    return this.#byBlock[index] ?? EMPTY;
  }

  add(span: Span): void {
    for (const i of this.#blocksOf(span)) {
      const list = this.#byBlock[i]!;
      const at = insertionPoint(list, span);
      this.#byBlock[i] = [...list.slice(0, at), span, ...list.slice(at)];
    }
  }

  remove(span: Span): void {
    for (const i of this.#blocksOf(span)) {
      const list = this.#byBlock[i]!;
      const next = list.filter((other) => other.id !== span.id);
      this.#byBlock[i] = next.length > 0 ? next : EMPTY;
    }
  }

  /** The blocks the span touches, ascending, each once. */
  #blocksOf(span: Span): number[] {
    const blocks: number[] = [];
    for (const [start, end] of spanStretches(span)) {
      const first = Math.max(this.#model.blockAt(start), (blocks.at(-1) ?? -1) + 1);
      const last = this.#model.blockAt(Math.max(start, end - 1));
      for (let i = first; i <= last; i++) blocks.push(i);
    }
    return blocks;
  }
}
