// One pattern and one wording for the article import (article.ts) and every annotation format
// (formats/shared.ts), so a file carrying a broken text is refused in the same words whatever its format.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first unpaired UTF-16 surrogate in `value`: its position in code points (the unit of every
 * offset Spanbench reports; an emoji before it counts once) and the code unit as four hex digits;
 * null when well-formed. JSON escapes such as "\ud800" produce these; SQLite would store them as
 * bytes that are not UTF-8, so the stored text, its length and every span offset would no longer agree.
 */
export function findUnpairedSurrogate(value: string): { at: number; hex: string } | null {
  const match = UNPAIRED_SURROGATE.exec(value);
  if (!match) return null;
  // Everything before the first unpaired surrogate is well-formed, so its code points are whole.
  let at = 0;
  for (const _ of value.slice(0, match.index)) at++;
  return { at, hex: match[0].charCodeAt(0).toString(16).padStart(4, '0') };
}

/**
 * The reason to refuse `value` when it holds an unpaired surrogate, naming `field`
 * (already quoted or described by the caller); null when the value is well-formed.
 */
export function unpairedSurrogateReason(field: string, value: string, withPosition = false): string | null {
  const found = findUnpairedSurrogate(value);
  if (found === null) return null;
  const where = withPosition ? ` at character ${found.at}` : '';
  return `${field} contains an unpaired surrogate (\\u${found.hex})${where}: that is half a character, not text`;
}
