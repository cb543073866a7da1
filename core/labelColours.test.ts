import { describe, expect, it } from 'vitest';
import { DEFAULT_LABELS } from '../services/defaults';
import { colourDistance, labelWithSimilarColour, NEW_LABEL_COLOURS, oklab, pickLabelColour, relativeLuminance, SAME_COLOUR_DISTANCE, UNKNOWN_LABEL_COLOUR } from './labelColours';

function contrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** A colour laid over white at `share` (what `color-mix(in srgb, colour share%, transparent)` shows on the page). */
function tintOnWhite(hex: string, share: number): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => c * share + (1 - share));
  const hexOf = '#' + channels.map((c) => Math.round(c * 255).toString(16).padStart(2, '0')).join('');
  return relativeLuminance(hexOf);
}

const INK = '#1d2330'; // --ink in renderer/styles.css
const defaults = DEFAULT_LABELS.map((label) => label.color);

describe('colours for labels an import creates', () => {
  it('are legible as the renderer draws them: the underline on white, the text on the selected tint', () => {
    for (const colour of NEW_LABEL_COLOURS) {
      expect(contrast(relativeLuminance(colour), 1), colour).toBeGreaterThanOrEqual(3);
      expect(contrast(relativeLuminance(INK), tintOnWhite(colour, 0.34)), colour).toBeGreaterThanOrEqual(7);
    }
  });

  it('are well apart from each other, from the default labels and from the unknown-label grey', () => {
    const palette = NEW_LABEL_COLOURS.map((colour) => oklab(colour)!);
    for (const [i, a] of palette.entries()) {
      for (const b of palette.slice(i + 1)) expect(colourDistance(a, b)).toBeGreaterThanOrEqual(SAME_COLOUR_DISTANCE);
      // Grey has no chroma: every palette colour has plenty (OKLab a, b).
      expect(Math.hypot(a[1], a[2]), NEW_LABEL_COLOURS[i]).toBeGreaterThan(0.07);
    }
    expect(Math.min(...palette.map((colour) => colourDistance(colour, oklab(UNKNOWN_LABEL_COLOUR)!)))).toBeGreaterThan(0.1);
  });

  it('give each new label a colour no label has while the palette lasts, then the least used', () => {
    const used = [...defaults];
    // All but #4b74d8, which is the default Agency blue's near twin and so counts as taken.
    for (let n = 0; n < NEW_LABEL_COLOURS.length - 1; n++) {
      const colour = pickLabelColour(used);
      expect(used).not.toContain(colour);
      // Nothing near a colour in use either (the default blue has a close palette cousin).
      for (const other of used) expect(colourDistance(oklab(colour)!, oklab(other)!), `${colour} vs ${other}`).toBeGreaterThanOrEqual(SAME_COLOUR_DISTANCE);
      used.push(colour);
    }
    expect(pickLabelColour(used)).toBe('#4b74d8');
    // Each pick is the colour farthest from those in use: the first two are far apart.
    const first = pickLabelColour(defaults);
    const second = pickLabelColour([...defaults, first]);
    expect(colourDistance(oklab(first)!, oklab(second)!)).toBeGreaterThan(0.15);
    // Past the palette, colours repeat evenly rather than piling onto one.
    const full = [...defaults, ...NEW_LABEL_COLOURS];
    const again = pickLabelColour(full);
    expect(pickLabelColour([...full, again])).not.toBe(again);
  });

  it('skip a colour a label already has, whoever chose it', () => {
    const first = pickLabelColour(defaults);
    expect(pickLabelColour([...defaults, first])).not.toBe(first);
    expect(pickLabelColour([...defaults, first.toUpperCase()])).not.toBe(first);
  });
});

describe("a colour close to another label's", () => {
  const labels = [
    { name: 'Agency', color: '#2f6fdf' },
    { name: 'Decision', color: '#d9822b' },
  ];

  it('names the label whose colour looks the same, the closest of several', () => {
    // #4b74d8 is 0.032 from Agency's blue: the example SAME_COLOUR_DISTANCE is set by.
    expect(labelWithSimilarColour('#4b74d8', labels)?.name).toBe('Agency');
    expect(labelWithSimilarColour('#2F6FDF', labels)?.name).toBe('Agency');
    expect(labelWithSimilarColour('#2f6fe0', [{ name: 'Near', color: '#3070e0' }, { name: 'Same', color: '#2f6fe0' }])?.name).toBe('Same');
  });

  it('names none when every colour is far enough, or the colour is not #rrggbb', () => {
    expect(labelWithSimilarColour('#299236', labels)).toBeNull();
    expect(labelWithSimilarColour('blue', labels)).toBeNull();
    expect(labelWithSimilarColour('#2f6fdf', [])).toBeNull();
  });
});
