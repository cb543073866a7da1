import { describe, expect, it } from 'vitest';
import { coveredText, spanStretches } from './model';

describe('coveredText', () => {
  it('shows a continuous span as its text', () => {
    expect(coveredText({ start: 5, text: 'is\nan', fragments: null })).toBe('is\nan');
  });

  it('leaves out the gaps of a discontinuous span (brat T2 Token 5 7;9 10 over "This is\\nan other")', () => {
    expect(coveredText({ start: 5, text: 'is\nan', fragments: [[5, 7], [9, 10]] })).toBe('is … n');
  });

  it('slices fragments by code points, after emoji', () => {
    // The span starts at 10 and its text begins with an emoji: fragment offsets are code points, not UTF-16 units.
    const text = '😀ab 👩‍👩‍👧 cd';
    const points = [...text];
    const start = 10;
    const cd = points.indexOf('c');
    expect(coveredText({ start, text, fragments: [[10, 12], [start + cd, start + cd + 2]] })).toBe('😀a … cd');
  });
});

describe('spanStretches', () => {
  it('is the fragments of a discontinuous span, else the span itself', () => {
    expect(spanStretches({ start: 5, end: 10, fragments: [[5, 7], [9, 10]] })).toEqual([[5, 7], [9, 10]]);
    expect(spanStretches({ start: 5, end: 10, fragments: null })).toEqual([[5, 10]]);
  });
});
