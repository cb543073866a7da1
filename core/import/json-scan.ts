/**
 * Linear, non-recursive scans over raw JSON text. JSON.parse copes with deep nesting, but
 * whatever later walks or serializes the value (metadata goes to SQLite as JSON) may not,
 * and JSON.parse turns ids beyond 2^53 into rounded numbers; these scans catch both.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** True when brackets nest deeper than `limit` anywhere outside strings. */
export function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return false;
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The number literal exactly as written for `key` in the top-level object of `text`
 * (`{"id": 12345678901234567890}` -> "12345678901234567890"), or null. The key is compared
 * as written, so a key spelled with escapes (`"\u0069d"`) is not found.
 */
export function findTopLevelNumberLiteral(text: string, key: string): string | null {
  let depth = 0;
  let expectKey = false;
  let keyMatched = false;
  let valueWanted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) j += 2;
        else if (d === QUOTE) break;
        else j++;
      }
      if (depth === 1 && expectKey) {
        keyMatched = text.slice(i + 1, j) === key;
        expectKey = false;
      } else if (depth === 1) valueWanted = false;
      i = j;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth === 1) expectKey = c === OPEN_OBJECT;
      else if (depth === 2) valueWanted = false;
      continue;
    }
    if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      continue;
    }
    if (depth !== 1) continue;
    if (c === 0x2c) {
      expectKey = true;
      keyMatched = false;
      valueWanted = false;
    } else if (c === 0x3a) valueWanted = keyMatched;
    else if (valueWanted && (c === 0x2d || (c >= 0x30 && c <= 0x39))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      return m ? m[0] : null;
    } else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) valueWanted = false;
  }
  return null;
}
