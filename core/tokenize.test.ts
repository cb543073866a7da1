import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupSentences, sentenceStarts, tokenize } from './tokenize';

describe('tokenize', () => {
  it('keeps emoji, ZWJ sequences and combining marks whole, in code points and UTF-16', () => {
    const tokens = tokenize('Hi 😀 👩‍👩‍👧 e\u0301t\u00e9\r\nBerlin!');
    expect(tokens.map((t) => t.text)).toEqual(['Hi', '😀', '👩‍👩‍👧', 'e\u0301t\u00e9', 'Berlin', '!']);
    expect(tokens[1]).toEqual({ start: 3, end: 4, start16: 3, end16: 5, text: '😀' });
    // The family is 5 code points (3 emoji + 2 ZWJ) and 8 UTF-16 units.
    expect(tokens[4]).toMatchObject({ start: 17, end: 23, start16: 21, end16: 27 });
  });

  it('never puts whitespace in a token, even a combining mark after a space', () => {
    expect(tokenize('a \u0301b').map((t) => t.text)).toEqual(['a', '\u0301', 'b']);
  });

  it('splits at requested breaks', () => {
    expect(tokenize('Berliner 😀x', { breaks: [6, 10] }).map((t) => t.text)).toEqual(['Berlin', 'er', '😀', 'x']);
  });

  it('finds sentences and never splits inside a kept range', () => {
    const text = 'One. Two.\nThree';
    expect(sentenceStarts(text)).toEqual([0, 5, 10]);
    const tokens = tokenize(text);
    expect(groupSentences(text, tokens).map((s) => s.map((t) => t.text).join(' '))).toEqual(['One .', 'Two .', 'Three']);
    expect(groupSentences(text, tokens, [{ start: 0, end: 8 }]).map((s) => s.length)).toEqual([4, 1]);
  });

  it('tokens are in order, non-empty, whitespace-free and match their offsets', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.array(fc.nat(60)), (text, breaks) => {
        const cps = [...text];
        let last = 0;
        for (const t of tokenize(text, { breaks })) {
          expect(t.start).toBeGreaterThanOrEqual(last);
          expect(t.end).toBeGreaterThan(t.start);
          expect(/\s/u.test(t.text)).toBe(false);
          expect(cps.slice(t.start, t.end).join('')).toBe(t.text);
          expect(text.slice(t.start16, t.end16)).toBe(t.text);
          last = t.end;
        }
      }),
    );
  });

  it('segments long texts in pieces exactly as the whole string', () => {
    const whole = (text: string) => {
      const out: string[] = [];
      for (const seg of new Intl.Segmenter('und', { granularity: 'word' }).segment(text)) for (const m of seg.segment.matchAll(/\S+/gu)) out.push(m[0]);
      return out;
    };
    const word = fc.constantFrom('a', 'Wort', "don't", '3.14', '😀', '👩‍👩‍👧', '🇩🇪🇫🇷', 'e\u0301', ' \u0301', '\u200d', 'Привет', 'مرحبا', '中文', ',', '.', '  ', '\t', '\r\n', '\r', '\n');
    fc.assert(
      fc.property(fc.array(word, { minLength: 200, maxLength: 600 }), fc.constantFrom(' ', ''), (parts, glue) => {
        const text = parts.join(glue);
        expect(tokenize(text).map((t) => t.text)).toEqual(whole(text));
      }),
      { numRuns: 40 },
    );
  });
});

