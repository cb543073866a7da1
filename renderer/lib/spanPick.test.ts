import { describe, expect, it } from 'vitest';
import { spanToSelect } from './spanPick';

describe('spanToSelect', () => {
  it('selects the innermost span under a click when none of them is selected', () => {
    expect(spanToSelect([5, 4, 1], null)).toBe(5);
    expect(spanToSelect([5, 4, 1], 9)).toBe(5);
  });

  it('moves out to the span around the selected one on each click, then back in', () => {
    expect(spanToSelect([5, 4, 1], 5)).toBe(4);
    expect(spanToSelect([5, 4, 1], 4)).toBe(1);
    expect(spanToSelect([5, 4, 1], 1)).toBe(5);
  });

  it('keeps a lone span selected, and a click on no span selects none', () => {
    expect(spanToSelect([7], 7)).toBe(7);
    expect(spanToSelect([], 7)).toBeNull();
  });
});
