/** Shared by the tests in this folder. */

import type { ParsedRecord, RecordParser } from './types';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Feeds `text` to `parser` cut at the given positions. */
export function feed(parser: RecordParser, text: string, cuts: number[] = []): ParsedRecord[] {
  const out: ParsedRecord[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...parser.push(text.slice(from, cut)));
    from = cut;
  }
  out.push(...parser.push(text.slice(from)));
  out.push(...parser.end());
  return out;
}

export function articles(records: ParsedRecord[]) {
  return records.flatMap((r) => (r.ok ? [r.article] : []));
}

export function problems(records: ParsedRecord[]) {
  return records.flatMap((r) => (r.ok ? [] : [r]));
}
