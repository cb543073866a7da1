import { describe, expect, it } from 'vitest';
import { linkTargetToPick, spanToSelect } from './spanPick';

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

describe('linkTargetToPick', () => {
  it('picks the innermost span under the click, whatever Tab selected meanwhile', () => {
    // The selection is not an argument: a candidate reached with Tab and then clicked is the target itself.
    expect(linkTargetToPick([5, 4, 1], { fromId: 9, toId: null })).toBe(5);
  });

  it('passes over the span the link starts from', () => {
    expect(linkTargetToPick([5, 4, 1], { fromId: 5, toId: null })).toBe(4);
    expect(linkTargetToPick([5, 4, 1], { fromId: 4, toId: null })).toBe(5);
  });

  it('moves out from the target already chosen, then back in, never to the start', () => {
    expect(linkTargetToPick([5, 4, 1], { fromId: 9, toId: 5 })).toBe(4);
    expect(linkTargetToPick([5, 4, 1], { fromId: 4, toId: 5 })).toBe(1);
    expect(linkTargetToPick([5, 4, 1], { fromId: 4, toId: 1 })).toBe(5);
    // A target elsewhere in the text: the click starts from the innermost span again.
    expect(linkTargetToPick([5, 4, 1], { fromId: 9, toId: 7 })).toBe(5);
  });

  it('answers the start when it is all the click hit, and null for no span', () => {
    expect(linkTargetToPick([5], { fromId: 5, toId: null })).toBe(5);
    expect(linkTargetToPick([], { fromId: 5, toId: 3 })).toBeNull();
  });
});
