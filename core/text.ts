/**
 * Small text helpers shared by every layer: a cache of Intl.Segmenter instances, shortening
 * text for messages and labels without cutting a character in half, and counted nouns.
 */

const segmenters = new Map<string, Intl.Segmenter>();

/** One segmenter per locale and granularity: constructing one loads ICU data each time. */
export function segmenter(locale: string, granularity: 'grapheme' | 'word' | 'sentence'): Intl.Segmenter {
  const key = `${locale}\u0000${granularity}`;
  let found = segmenters.get(key);
  if (!found) {
    found = new Intl.Segmenter(locale, { granularity });
    segmenters.set(key, found);
  }
  return found;
}

/** Text for one line of a message, a list row or a label: whitespace runs (line breaks too) as one space, trimmed, and shortened. */
export function oneLine(text: string, max: number): string {
  return shorten(text.replace(/\s+/g, ' ').trim(), max);
}

/**
 * `text` itself when it has at most `max` UTF-16 units; else its start, cut at a grapheme cluster
 * boundary, and "…", `max` units at most in all. Cutting at a unit count alone leaves half an emoji
 * (a lone surrogate, shown as "�" and invalid as UTF-8 in the project file), an emoji without its
 * skin tone, half a flag or a ZWJ family with members missing.
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - 1);
  // Only the start is segmented: the segmenter is slow on long strings, and whether a cluster
  // boundary falls at `room` depends only on what comes before it and the whole character at `room`.
  const head = text.slice(0, room + 2);
  const cut = room === 0 ? 0 : (segmenter('und', 'grapheme').segment(head).containing(room)?.index ?? room);
  return `${text.slice(0, cut)}…`;
}

/** A count and its noun for messages: "1 span", "2,000 spans", "3 matches" (with `nouns` given). */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? noun : nouns}`;
}
