/** The longest title made from an article's text, in characters (code points), ellipsis included. */
export const TEXT_TITLE_LIMIT = 120;

/**
 * A title for a document that came without one: its first non-empty line, trimmed, cut to
 * TEXT_TITLE_LIMIT characters. The cut counts code points: a cut in UTF-16 units could split an
 * emoji and store half of it, which is not UTF-8. Empty when the text has no visible line.
 */
export function titleFromText(text: string): string {
  const line = text.split(/\r\n|\r|\n/).find((l) => l.trim().length > 0)?.trim() ?? '';
  const chars = Array.from(line);
  return chars.length > TEXT_TITLE_LIMIT ? `${chars.slice(0, TEXT_TITLE_LIMIT - 1).join('')}…` : line;
}
