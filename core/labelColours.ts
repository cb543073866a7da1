/**
 * Colours for labels an import creates. The renderer draws a span with its label's colour as a
 * 2px underline on the page and as a 16–34% tint behind the text (renderer/styles.css), so each
 * colour here keeps 3:1 contrast with white (the underline shows) and the text keeps 7:1 on the
 * selected tint (it stays readable); core/labelColours.test.ts checks both. None is grey: grey is
 * what a span with an unknown label is drawn in.
 *
 * Twelve hues at one lightness and six darker ones between them, chosen in OKLCH so that steps
 * look even; a new label takes the main colour farthest from every colour the project already
 * uses, and a dark one when the main ones are taken.
 */
const MAIN_COLOURS = ['#c74b47', '#b75f0b', '#99740e', '#798205', '#299236', '#158e77', '#158a95', '#0e84b7', '#4b74d8', '#8362cd', '#a853ad', '#bf4a7f'] as const;
/** Darker ones between the main hues: taken once the main ones are. */
const DARK_COLOURS = ['#8b320b', '#3d5e06', '#035f5c', '#2e4d99', '#643b8b', '#862c56'] as const;
export const NEW_LABEL_COLOURS: readonly string[] = [...MAIN_COLOURS, ...DARK_COLOURS];

/** The grey the renderer draws a span in when its label is unknown (SpanMark, SpanList). */
export const UNKNOWN_LABEL_COLOUR = '#8a8f98';

/**
 * Closer than this (OKLab distance) two label colours are hard to tell apart as a thin underline:
 * the default Agency blue #2f6fdf and the palette's #4b74d8 are 0.032 apart.
 */
export const SAME_COLOUR_DISTANCE = 0.04;

type Oklab = readonly [number, number, number];

function linear(channel: number): number {
  return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
}

function rgbOf(hex: string): [number, number, number] | null {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return null;
  return [parseInt(match[1]!, 16) / 255, parseInt(match[2]!, 16) / 255, parseInt(match[3]!, 16) / 255];
}

/** Björn Ottosson's OKLab, where distance follows how different two colours look. */
export function oklab(hex: string): Oklab | null {
  const rgb = rgbOf(hex);
  if (!rgb) return null;
  const [r, g, b] = rgb.map(linear) as [number, number, number];
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s, 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s, 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s];
}

export function colourDistance(a: Oklab, b: Oklab): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** WCAG relative luminance, for the contrast checks in the test. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = (rgbOf(hex) ?? [0, 0, 0]).map(linear) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The label whose colour looks the same as `colour` as an underline (closer than
 * SAME_COLOUR_DISTANCE), the closest when several do; null when none does. The Labels dialog warns
 * with it but still lets the analyst keep the colour.
 */
export function labelWithSimilarColour<T extends { color: string }>(colour: string, labels: readonly T[]): T | null {
  const here = oklab(colour);
  if (!here) return null;
  let closest: { label: T; distance: number } | null = null;
  for (const label of labels) {
    const other = oklab(label.color);
    if (!other) continue;
    const distance = colourDistance(here, other);
    if (distance < SAME_COLOUR_DISTANCE && (!closest || distance < closest.distance)) closest = { label, distance };
  }
  return closest?.label ?? null;
}

/**
 * The colour for a new label, given the colours of the project's labels: a palette colour that no
 * label has (nor one too close to it) while there is one, a main one before a dark one, and the
 * one farthest from all of them; once every palette colour is taken, the one taken least often. Deterministic: the same labels
 * give the same colour.
 */
export function pickLabelColour(usedColours: readonly string[]): string {
  const used = [...usedColours, UNKNOWN_LABEL_COLOUR].map(oklab).filter((colour): colour is Oklab => colour !== null);
  let best: { colour: string; taken: number; dark: boolean; nearest: number } | null = null;
  for (const [index, colour] of NEW_LABEL_COLOURS.entries()) {
    const dark = index >= MAIN_COLOURS.length;
    const here = oklab(colour)!;
    let taken = 0;
    let nearest = Infinity;
    for (const other of used) {
      const distance = colourDistance(here, other);
      if (distance < SAME_COLOUR_DISTANCE) taken++;
      nearest = Math.min(nearest, distance);
    }
    const better = !best || taken < best.taken || (taken === best.taken && (dark !== best.dark ? !dark : nearest > best.nearest));
    if (better) best = { colour, taken, dark, nearest };
  }
  return best!.colour;
}
