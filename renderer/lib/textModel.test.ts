import { describe, expect, it } from 'vitest';
import { MAX_CHUNK, TextModel } from './textModel';

/** `count` words of five letters and a space: no word is cut when the line is. */
function words(count: number): string {
  return Array.from({ length: count }, (_, i) => `w${String(i % 10_000).padStart(4, '0')} `).join('');
}

describe('TextModel blocks', () => {
  it('keeps a whole article written as one line in one block: no line break the text does not have', () => {
    const line = words(1_400); // 8,400 characters
    const model = new TextModel(`Title\n${line}\nEnd`);
    expect(model.blocks.map((block) => block.text)).toEqual(['Title', line, 'End']);
  });

  it('cuts a longer line after a space, into blocks that hold the line exactly', () => {
    const line = words(10_000); // 60,000 characters
    const model = new TextModel(line);
    expect(model.blocks.length).toBe(4);
    expect(model.blocks.map((block) => block.text).join('')).toBe(line);
    for (const block of model.blocks) expect(block.text.length).toBeLessThanOrEqual(MAX_CHUNK);
    for (const block of model.blocks.slice(0, -1)) {
      expect(block.text.endsWith(' ')).toBe(true);
      // A cut block runs on into the next one: nothing between them.
      expect(block.next16).toBe(block.end16);
    }
  });

  it('cuts a line with no space at the limit, never inside a surrogate pair, with code point offsets to match', () => {
    const line = `${'x'.repeat(MAX_CHUNK - 1)}😀${'y'.repeat(10)}`;
    const model = new TextModel(line);
    const [first, second] = model.blocks;
    expect(first!.text).toBe(`${'x'.repeat(MAX_CHUNK - 1)}😀`);
    expect(second!.text).toBe('y'.repeat(10));
    expect(second!.start16).toBe(MAX_CHUNK + 1);
    expect(second!.start).toBe(MAX_CHUNK);
  });
});
