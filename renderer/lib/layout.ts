/**
 * Heights of the article's blocks for virtual scrolling: estimated from text
 * length until a block is drawn, then measured. Prefix sums turn a scroll
 * position into a block index by binary search.
 */
export interface DrawPlan {
  /** Block indices to draw, ascending. */
  indices: number[];
  /** Per drawn block: pixels of undrawn blocks between it and the drawn block before it (0 if adjacent). */
  gaps: number[];
  padTop: number;
  padBottom: number;
}

export class BlockLayout {
  #heights = new Float64Array(0);
  #measured = new Uint8Array(0);
  #prefix = new Float64Array(1);
  #charsPerLine = 80;
  #lineHeight = 30;

  get count(): number {
    return this.#heights.length;
  }

  get total(): number {
    return this.#prefix[this.#heights.length] ?? 0;
  }

  /** New document, or new width: every height goes back to an estimate. */
  reset(lengths: ArrayLike<number>, charsPerLine: number, lineHeight: number): void {
    this.#charsPerLine = Math.max(10, charsPerLine);
    this.#lineHeight = Math.max(8, lineHeight);
    const n = lengths.length;
    this.#heights = new Float64Array(n);
    this.#measured = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.#heights[i] = this.#estimate(lengths[i]!);
    this.#rebuild();
  }

  #estimate(length: number): number {
    return Math.max(1, Math.ceil(length / this.#charsPerLine)) * this.#lineHeight;
  }

  /** Records measured heights; returns how much the blocks before `anchor` grew (to keep the view still). */
  measure(entries: Iterable<[number, number]>, anchor: number): { changed: boolean; shiftAbove: number } {
    let changed = false;
    let shiftAbove = 0;
    for (const [index, height] of entries) {
      if (index < 0 || index >= this.#heights.length) continue;
      this.#measured[index] = 1;
      const old = this.#heights[index]!;
      if (Math.abs(old - height) < 0.5) continue;
      this.#heights[index] = height;
      changed = true;
      if (index < anchor) shiftAbove += height - old;
    }
    if (changed) this.#rebuild();
    return { changed, shiftAbove };
  }

  offsetOf(index: number): number {
    return this.#prefix[Math.max(0, Math.min(index, this.#heights.length))] ?? 0;
  }

  heightOf(index: number): number {
    return this.#heights[index] ?? 0;
  }

  /**
   * What to draw: the blocks `first`..`last` (around the viewport) and the `extra` blocks wherever
   * they are (those holding the selection's ends), in order. Each drawn block comes with the height
   * of the undrawn blocks between it and the drawn block before it; the paddings stand in for the
   * blocks before the first drawn one and after the last.
   */
  plan(first: number, last: number, extra: readonly number[] = []): DrawPlan {
    const n = this.#heights.length;
    const indices: number[] = [];
    for (let index = Math.max(0, first); index <= Math.min(last, n - 1); index++) indices.push(index);
    const outside = extra.filter((index) => Number.isInteger(index) && index >= 0 && index < n && (index < first || index > last));
    const drawn = outside.length === 0 ? indices : [...new Set([...indices, ...outside])].sort((a, b) => a - b);
    if (drawn.length === 0) return { indices: drawn, gaps: [], padTop: this.offsetOf(first), padBottom: Math.max(0, this.total - this.offsetOf(last + 1)) };
    const gaps = drawn.map((index, i) => {
      const previous = i > 0 ? drawn[i - 1]! : index - 1;
      return index > previous + 1 ? this.offsetOf(index) - this.offsetOf(previous + 1) : 0;
    });
    return {
      indices: drawn,
      gaps,
      padTop: this.offsetOf(drawn[0]!),
      padBottom: Math.max(0, this.total - this.offsetOf(drawn[drawn.length - 1]! + 1)),
    };
  }

  /** The block covering pixel `y` (clamped). */
  indexAt(y: number): number {
    const n = this.#heights.length;
    if (n === 0) return 0;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#prefix[mid + 1]! <= y) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, n - 1);
  }

  #rebuild(): void {
    const n = this.#heights.length;
    const prefix = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + this.#heights[i]!;
    this.#prefix = prefix;
  }
}
