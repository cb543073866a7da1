import { describe, expect, it } from 'vitest';
import { snapRange } from './selection';
import { TextModel } from './textModel';

const CRLF = 'First line of the report.\r\nSecond line names NATO.\r\nThird line.\r\n';

/** The text snapRange keeps of text[from16, to16), or null. */
function kept(text: string, from16: number, to16: number, words: boolean): string | null {
  const model = new TextModel(text);
  const range = snapRange(model, from16, to16, words, 'en');
  return range && model.slice(range.start, range.end);
}

describe('snapRange with Snap to words off', () => {
  it('leaves out the line break a triple-click takes with a line', () => {
    const from = CRLF.indexOf('Second');
    const to = CRLF.indexOf('Third'); // a triple-click ends at the start of the next line
    expect(kept(CRLF, from, to, false)).toBe('Second line names NATO.');
  });

  it('leaves out the line break a drag started past a line’s end takes first', () => {
    const from = CRLF.indexOf('\r\n'); // the end of the first line
    expect(kept(CRLF, from, CRLF.indexOf('Second') + 3, false)).toBe('Sec');
  });

  it('keeps a line break inside the selection, between two lines it labels', () => {
    const from = CRLF.indexOf('report.');
    expect(kept(CRLF, from, CRLF.indexOf('Second') + 6, false)).toBe('report.\r\nSecond');
  });

  it('labels nothing when only line breaks are selected', () => {
    const from = CRLF.indexOf('\r\n');
    expect(kept(CRLF, from, from + 2, false)).toBeNull();
    expect(kept('a\n\n\nb', 1, 4, false)).toBeNull();
  });

  it('trims every line break the article ends a line at: LF, lone CR, U+2028, U+2029', () => {
    for (const lineBreak of ['\n', '\r', '\u2028', '\u2029', '\r\n\r\n']) {
      const text = `one${lineBreak}two${lineBreak}`;
      expect(kept(text, 0, text.length, false), JSON.stringify(lineBreak)).toBe(`one${lineBreak}two`);
      expect(kept(text, 3, text.length - lineBreak.length, false), JSON.stringify(lineBreak)).toBe('two');
    }
  });

  it('keeps spaces and tabs at the ends: they show', () => {
    const text = 'one\n \ttwo \t\nthree';
    expect(kept(text, 3, 11, false)).toBe(' \ttwo \t');
  });

  it('still takes whole words with snapping on, and trims the line breaks with the spaces', () => {
    const from = CRLF.indexOf('\r\n');
    expect(kept(CRLF, from, CRLF.indexOf('Second') + 3, true)).toBe('Second');
  });
});
