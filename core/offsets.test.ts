import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, OffsetIndex, sliceCodePoints, utf8ByteLength } from './offsets';

/** Reference conversion by walking the string, to check the indexed one against. */
function naiveToUtf16(text: string, codePoint: number): number {
  return [...text].slice(0, codePoint).join('').length;
}

const cases: Array<[name: string, text: string, start: number, end: number, covered: string]> = [
  ['emoji before the span', 'Hi 👋 CSTO met', 5, 9, 'CSTO'],
  ['ZWJ family sequence counts each code point', 'a👨‍👩‍👧b', 1, 6, '👨‍👩‍👧'],
  ['CRLF is two characters', 'one\r\ntwo\r\nthree', 5, 8, 'two'],
  ['combining marks are their own code points', 'Cafe\u0301 menu', 0, 5, 'Cafe\u0301'],
  ['Cyrillic is one unit per letter', 'ОДКБ провела заседание', 5, 12, 'провела'],
  ['Arabic with diacritics', 'مَنظمة معاهدة الأمن', 7, 13, 'معاهدة'],
  ['flag emoji (regional indicators)', '🇰🇬 Bishkek', 3, 10, 'Bishkek'],
];

describe('OffsetIndex', () => {
  for (const [name, text, start, end, covered] of cases) {
    it(name, () => {
      const index = new OffsetIndex(text);
      expect(index.length).toBe([...text].length);
      expect(text.slice(index.toUtf16(start), index.toUtf16(end))).toBe(covered);
      expect(index.toCodePoint(index.toUtf16(start))).toBe(start);
      expect(index.toCodePoint(index.toUtf16(end))).toBe(end);
      expect(sliceCodePoints(text, start, end)).toBe(covered);
    });
  }

  it('rounds an offset inside a surrogate pair down or up to the character edge', () => {
    const text = 'x😀y';
    const index = new OffsetIndex(text);
    expect(index.toCodePoint(2, 'down')).toBe(1);
    expect(index.toCodePoint(2, 'up')).toBe(2);
    expect(index.toCodePoint(3)).toBe(2);
  });

  it('refuses offsets outside the text', () => {
    const index = new OffsetIndex('abc');
    expect(() => index.toUtf16(4)).toThrow(RangeError);
    expect(() => index.toUtf16(-1)).toThrow(RangeError);
    expect(() => index.toCodePoint(4)).toThrow(RangeError);
    expect(() => index.toUtf16(1.5)).toThrow(RangeError);
  });

  it('treats a lone surrogate as one character, like the database does', () => {
    const text = 'a\ud800b';
    expect(new OffsetIndex(text).length).toBe(3);
    expect(codePointLength(text)).toBe(3);
  });

  it('agrees with a naive walk for any text and offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.nat(), (text, seed) => {
        const index = new OffsetIndex(text);
        const length = [...text].length;
        expect(index.length).toBe(length);
        expect(codePointLength(text)).toBe(length);
        const cp = seed % (length + 1);
        const u16 = index.toUtf16(cp);
        expect(u16).toBe(naiveToUtf16(text, cp));
        expect(index.toCodePoint(u16)).toBe(cp);
      }),
      { numRuns: 500 },
    );
  });

  it('counts UTF-8 bytes', () => {
    expect(utf8ByteLength('aé€😀')).toBe(1 + 2 + 3 + 4);
  });
});
