/**
 * Heights of the article's blocks for virtual scrolling: estimated from text
 * length until a block is drawn, then measured. Prefix sums turn a scroll
 * position into a block index by binary search.
 */
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
