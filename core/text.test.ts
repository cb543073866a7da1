import { describe, expect, it } from 'vitest';
import { oneLine, shorten } from './text';

/** A lone surrogate: half of a character beyond U+FFFF. */
function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe('shorten', () => {
  it('keeps text that fits as it is, and cuts longer text to the limit with an ellipsis', () => {
    expect(shorten('short', 10)).toBe('short');
    expect(shorten('0123456789', 10)).toBe('0123456789');
    expect(shorten('0123456789A', 10)).toBe('012345678…');
  });

  it('never keeps half of an emoji at the cut', () => {
    // The emoji's high surrogate is the last unit that would fit.
    const text = `${'a'.repeat(8)}😀 and more`;
    const cut = shorten(text, 10);
    expect(hasLoneSurrogate(cut)).toBe(false);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
    // With room for the whole emoji, it stays.
    expect(shorten(text, 11)).toBe(`${'a'.repeat(8)}😀…`);
  });

  it('keeps an emoji with its skin tone, a flag and a ZWJ family whole or leaves them out', () => {
    const thumbs = '👍🏽'; // 4 units
    const flag = '🇺🇦'; // two regional indicators, 4 units
    const family = '👩‍👩‍👧'; // three emoji joined by ZWJ, 8 units
    for (const emoji of [thumbs, flag, family]) {
      const text = `abc ${emoji} tail`;
      for (let max = 5; max <= 4 + emoji.length + 1; max++) {
        const cut = shorten(text, max);
        expect(cut.length, `${emoji} at ${max}`).toBeLessThanOrEqual(max);
        expect(hasLoneSurrogate(cut), `${emoji} at ${max}`).toBe(false);
        const kept = cut.slice(0, -1);
        // Either everything before the emoji, or the emoji whole.
        expect(['abc ', `abc ${emoji}`], `${emoji} at ${max}`).toContain(kept);
      }
    }
  });

  it('cuts between two flags, never inside one', () => {
    const text = '🇺🇦🇰🇬🇫🇮';
    expect(shorten(text, 7)).toBe('🇺🇦…');
    expect(shorten(text, 9)).toBe('🇺🇦🇰🇬…');
  });

  it('keeps a letter with its combining marks together', () => {
    const text = 'Cafe\u0301\u0323 crème';
    expect(shorten(text, 5)).toBe('Caf…');
    expect(shorten(text, 6)).toBe('Caf…');
    expect(shorten(text, 7)).toBe('Cafe\u0301\u0323…');
  });

  it('looks only at the start of a long text', () => {
    const text = `${'word '.repeat(200_000)}👍`;
    expect(shorten(text, 12)).toBe('word word w…');
  });
});

describe('oneLine', () => {
  it('puts line breaks and whitespace runs on one line, trimmed, then shortens whole characters', () => {
    expect(oneLine('  Collective\r\nSecurity \t Treaty  ', 60)).toBe('Collective Security Treaty');
    expect(oneLine('is\nan 👍🏽 example', 11)).toBe('is an 👍🏽…');
    expect(oneLine('is\nan 👍🏽 example', 8)).toBe('is an …');
  });
});
