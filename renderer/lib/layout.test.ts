import { describe, expect, it } from 'vitest';
import { BlockLayout } from './layout';

/** Ten blocks of 10, 20, …, 100 characters at 10 characters a line, 10 px a line: heights 10…100 px. */
function layoutOfTen(): BlockLayout {
  const layout = new BlockLayout();
  layout.reset(
    Array.from({ length: 10 }, (_, i) => (i + 1) * 10),
    10,
    10,
  );
  return layout;
}

/** The height the DOM gets from a plan: paddings, gaps and the drawn blocks themselves. */
function drawnHeight(layout: BlockLayout, plan: ReturnType<BlockLayout['plan']>): number {
  const blocks = plan.indices.reduce((sum, index) => sum + layout.heightOf(index), 0);
  const gaps = plan.gaps.reduce((sum, gap) => sum + gap, 0);
  return plan.padTop + blocks + gaps + plan.padBottom;
}

describe('BlockLayout.plan', () => {
  it('draws the range alone, as one run between two paddings, when no extra block is asked for', () => {
    const layout = layoutOfTen();
    const plan = layout.plan(3, 5);
    expect(plan.indices).toEqual([3, 4, 5]);
    expect(plan.gaps).toEqual([0, 0, 0]);
    expect(plan.padTop).toBe(10 + 20 + 30);
    expect(plan.padBottom).toBe(70 + 80 + 90 + 100);
    expect(drawnHeight(layout, plan)).toBe(layout.total);
  });

  it('keeps a block above the range drawn, with the blocks between it and the range as a gap', () => {
    const layout = layoutOfTen();
    const plan = layout.plan(6, 7, [1]);
    expect(plan.indices).toEqual([1, 6, 7]);
    expect(plan.gaps).toEqual([0, 30 + 40 + 50 + 60, 0]);
    expect(plan.padTop).toBe(10);
    expect(plan.padBottom).toBe(90 + 100);
    expect(drawnHeight(layout, plan)).toBe(layout.total);
  });

  it('keeps blocks on both sides of the range drawn', () => {
    const layout = layoutOfTen();
    const plan = layout.plan(4, 5, [8, 0]);
    expect(plan.indices).toEqual([0, 4, 5, 8]);
    expect(plan.gaps).toEqual([0, 20 + 30 + 40, 0, 70 + 80]);
    expect(plan.padTop).toBe(0);
    expect(plan.padBottom).toBe(100);
    expect(drawnHeight(layout, plan)).toBe(layout.total);
  });

  it('ignores extra blocks already in the range, repeated or out of bounds', () => {
    const layout = layoutOfTen();
    expect(layout.plan(2, 4, [3, 3, -1, 10, Number.NaN])).toEqual(layout.plan(2, 4));
    const plan = layout.plan(2, 4, [9, 9]);
    expect(plan.indices).toEqual([2, 3, 4, 9]);
    expect(drawnHeight(layout, plan)).toBe(layout.total);
  });

  it('draws nothing for an empty range, the padding standing for everything', () => {
    const empty = new BlockLayout();
    expect(empty.plan(0, -1)).toEqual({ indices: [], gaps: [], padTop: 0, padBottom: 0 });
    const layout = layoutOfTen();
    const plan = layout.plan(0, -1);
    expect(plan.indices).toEqual([]);
    expect(plan.padTop + plan.padBottom).toBe(layout.total);
  });

  it('adds up to the whole height for any range and extra blocks, after measured heights changed', () => {
    const layout = layoutOfTen();
    layout.measure([[2, 37.5], [7, 12]], 0);
    for (let first = 0; first < 10; first++) {
      for (let last = first; last < 10; last++) {
        for (const extra of [[], [0], [9], [0, 9], [first, last], [(first + 5) % 10]]) {
          const plan = layout.plan(first, last, extra);
          expect(plan.indices).toEqual([...plan.indices].sort((a, b) => a - b));
          expect(drawnHeight(layout, plan)).toBeCloseTo(layout.total, 6);
        }
      }
    }
  });
});
